"""Bulk import and export in the admin.

An import is validated whole (``bundle.validate_bundle`` plus the workflow rule that
only publishers may import published items or overwrite published ones); a bad file
is rejected with row numbers and reasons and nothing is applied, a good file is
applied in one transaction as one revision.
"""

import json

import reversion
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from commissioning.core.request_checks import accepts_files
from commissioning.knowledge import csvformat, services
from commissioning.knowledge.admin.workflow import can_publish
from commissioning.knowledge.bundle import Problem
from commissioning.knowledge.bundle_export import bundle_export
from commissioning.knowledge.models import Factor, Parameter, Programme, Source, Status
from commissioning.lib.http import attachment
from commissioning.lib.safe_json import UnsafeInput, load_json, text_problem

SECTIONS = {Factor: "factors", Source: "sources", Programme: "programmes", Parameter: "parameters"}
MODELS = {section: model for model, section in SECTIONS.items()}
KEY_FIELDS = {"factors": "slug", "programmes": "slug", "sources": "key", "parameters": "key"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        help_text="A JSON file in the exchange format (any sections) or a CSV file of this "
        "section, as produced by Export. UTF-8, at most 5 MB.",
        error_messages={"required": "Choose a file to import"},
    )

    def clean_file(self) -> tuple[str, str]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be UTF-8 text (JSON or CSV)") from None
        if problem := text_problem(text):
            raise forms.ValidationError(f"The file {problem}")
        return upload.name, text


def parse_upload(name: str, text: str, section: str) -> tuple[dict, list[Problem]]:
    """Read an uploaded file into a bundle; JSON by content, otherwise CSV."""
    if name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            data = load_json(text)
        except UnsafeInput as unsafe:
            return {}, [Problem("file", 0, "", "(file)", unsafe.message)]
        if isinstance(data, list):
            data = {section: data}
        return data, []
    items, problems = csvformat.read_csv(section, text)
    return {section: items}, problems


def publishing_problems(request: HttpRequest, bundle: dict) -> list[Problem]:
    """Items this user may not import: published ones, or ones that would overwrite a
    published item, unless the user is a publisher of that kind of item."""
    problems = []
    for section, model in MODELS.items():
        items = bundle.get(section)
        if not isinstance(items, list) or can_publish(request, model):
            continue
        key_field = KEY_FIELDS[section]
        keys = [i.get(key_field) for i in items if isinstance(i, dict)]
        published = set(
            model.objects.filter(**{f"{key_field}__in": keys}, status=Status.PUBLISHED).values_list(
                key_field, flat=True
            )
        )
        for row, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                continue
            key = item.get(key_field) or ""
            if (item.get("status") or Status.PUBLISHED) == Status.PUBLISHED:
                problems.append(
                    Problem(
                        section,
                        row,
                        key,
                        "status",
                        "only a publisher can import published items; use draft or review",
                    )
                )
            elif key in published:
                problems.append(
                    Problem(
                        section,
                        row,
                        key,
                        key_field,
                        "would change a published item, which only a publisher can do",
                    )
                )
    return problems


class TransferMixin:
    change_list_template = "admin/knowledge/transfer_change_list.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{name}_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name=f"{name}_export"),
            *super().get_urls(),
        ]

    @accepts_files
    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        section = SECTIONS[self.model]
        form = ImportForm(*([request.POST, request.FILES] if request.method == "POST" else []))
        problems: list[Problem] = []
        if request.method == "POST" and form.is_valid():
            name, text = form.cleaned_data["file"]
            bundle, problems = parse_upload(name, text, section)
            if not problems:
                problems = publishing_problems(request, bundle)
            if not problems:
                try:
                    with reversion.create_revision():
                        reversion.set_user(request.user)
                        reversion.set_comment(f"Imported from {name}")
                        summary = services.bundle_apply(bundle, overwrite=True)
                except services.BundleRejected as rejected:
                    problems = rejected.problems
                else:
                    self.message_user(request, f"Import applied: {summary}.", messages.SUCCESS)
                    opts = self.model._meta
                    return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
            "section": section,
            "columns": csvformat.COLUMNS[section],
        }
        return TemplateResponse(request, "admin/knowledge/import.html", context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        section = SECTIONS[self.model]
        items = bundle_export()[section]
        stamp = timezone.localdate().isoformat()
        if request.GET.get("format") == "csv":
            return attachment(
                csvformat.write_csv(section, items),
                "text/csv; charset=utf-8",
                f"{section}-{stamp}.csv",
            )
        return attachment(
            json.dumps({section: items}, indent=2, ensure_ascii=False),
            "application/json; charset=utf-8",
            f"{section}-{stamp}.json",
        )
