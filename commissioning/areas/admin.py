"""Curating the area datasets: browse versions, set regions, and upload a new version
of a dataset (checked whole, applied in one transaction or not at all).

Versions are read-only and cannot be deleted: a business case may cite any of them.
Uploading needs the "Can add dataset" permission.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from commissioning.areas import diffs, services
from commissioning.areas.forms import UploadForm
from commissioning.areas.models import Area, AreaChange, Configuration, Dataset
from commissioning.core.request_checks import accepts_files

UPLOAD_PERMISSION = "areas.add_dataset"
COPIED_FIELDS = ("title", "period", "period_short", "source", "licence", "notes")
KEPT_FIELDS = (*COPIED_FIELDS, "kind", "new_boundaries", "derived")
PENDING = "areas_pending_lookup"  # session key: a checked lookup awaiting "Apply"
LOOKUP_KINDS = (Dataset.Kind.LOOKUP_LAD_ICB, Dataset.Kind.LOOKUP_UTLA_ICB)


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    change_list_template = "areas/admin/dataset_change_list.html"
    list_display = (
        "title",
        "kind",
        "version",
        "is_current",
        "configuration",
        "derived",
        "origin",
        "row_count",
        "created_at",
    )
    list_filter = ("kind", "is_current", "origin", "configuration", "derived")
    search_fields = ("title", "source", "notes")
    readonly_fields = (
        "kind",
        "version",
        "title",
        "period",
        "period_short",
        "period_end",
        "configuration",
        "derived",
        "source",
        "licence",
        "notes",
        "is_current",
        "origin",
        "file_name",
        "checksum",
        "lookup",
        "row_count",
        "uploaded_by",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new versions come through "Upload a new version"

    def has_delete_permission(self, request: HttpRequest, obj: Dataset | None = None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="areas_dataset_upload",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {"can_upload": request.user.has_perm(UPLOAD_PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra)

    @accepts_files
    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a new version. A lookup is checked, then shown as a diff against the
        current version; it is applied only when the curator presses "Apply"."""
        if not request.user.has_perm(UPLOAD_PERMISSION):
            raise PermissionDenied
        if request.method == "POST" and "apply" in request.POST:
            return self._apply_pending(request)
        problems = []
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                name, text = form.cleaned_data["file"]
                data = form.cleaned_data
                try:
                    if data["kind"] in LOOKUP_KINDS:
                        return self._review(request, data, name, text)
                    dataset = services.dataset_upload(
                        kind=data["kind"],
                        text=text,
                        file_name=name,
                        user=request.user,
                        lookup=data["lookup"],
                        new_boundaries=data["new_boundaries"],
                        configuration=data["configuration"],
                        period_end=data["period_end"],
                        derived=data["derived"],
                        **{name: data[name] for name in COPIED_FIELDS},
                    )
                except services.DatasetRejected as rejected:
                    problems = rejected.problems
                else:
                    return self._done(request, dataset)
        else:
            kind = request.GET.get("kind", "")
            current = Dataset.objects.filter(kind=kind, is_current=True).first()
            initial: dict[str, object] = {"kind": kind}
            if current is not None:
                initial |= {name: getattr(current, name) for name in COPIED_FIELDS}
                initial["lookup"] = current.lookup_id
                initial["configuration"] = current.configuration_id
            form = UploadForm(initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload a new version of a dataset",
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
            "kinds": Dataset.Kind.choices,
        }
        return TemplateResponse(request, "areas/admin/upload.html", context)

    def _done(self, request: HttpRequest, dataset: Dataset) -> HttpResponse:
        self.message_user(
            request,
            f"{dataset} is now current ({dataset.row_count} rows). Earlier versions are kept "
            "unchanged.",
            messages.SUCCESS,
        )
        return redirect("admin:areas_dataset_changelist")

    def _review(self, request: HttpRequest, data: dict, name: str, text: str) -> HttpResponse:
        checked = services.dataset_check(
            kind=data["kind"], text=text, new_boundaries=data["new_boundaries"]
        )
        current = Dataset.objects.filter(kind=data["kind"], is_current=True).first()
        before = list(current.lookup_rows.all()) if current is not None else []
        diff = diffs.diff_lookups(before, checked.lookup)
        token = services.sha256(text)
        request.session[PENDING] = {
            "token": token,
            "text": text,
            "file_name": name,
            "configuration": data["configuration"].pk,
            **{field: data[field] for field in KEPT_FIELDS},
        }
        context = {
            **self.admin_site.each_context(request),
            "title": "Check what the new lookup changes",
            "opts": self.model._meta,
            "diff": diff,
            "current": current,
            "configuration": data["configuration"],
            "file_name": name,
            "token": token,
        }
        return TemplateResponse(request, "areas/admin/review.html", context)

    def _apply_pending(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(PENDING)
        if not pending or pending.get("token") != request.POST.get("apply"):
            self.message_user(
                request,
                "Nothing was applied: the checked file is no longer waiting (it was applied "
                "or replaced, or your session ended). Upload it again.",
                messages.ERROR,
            )
            return redirect("admin:areas_dataset_upload")
        del request.session[PENDING]
        configuration = Configuration.objects.filter(pk=pending["configuration"]).first()
        try:
            dataset = services.dataset_upload(
                text=pending["text"],
                file_name=pending["file_name"],
                user=request.user,
                configuration=configuration,
                **{field: pending[field] for field in KEPT_FIELDS},
            )
        except (services.DatasetRejected, ValueError):
            self.message_user(
                request,
                "Nothing was applied: the data changed since the file was checked. Upload "
                "it again to see the problems.",
                messages.ERROR,
            )
            return redirect("admin:areas_dataset_upload")
        return self._done(request, dataset)


@admin.register(Configuration)
class ConfigurationAdmin(admin.ModelAdmin):
    """ICB maps. Curators add a new one (for example ICBs of April 2027) before uploading
    its lookup; a map in use by a lookup cannot be deleted."""

    list_display = ("name", "key", "effective_from")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AreaChange)
class AreaChangeAdmin(admin.ModelAdmin):
    list_display = ("former", "successor", "effective_on", "share")
    readonly_fields = ("former", "successor", "effective_on", "share", "basis")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "single_tier", "region", "current")
    list_filter = ("level", "single_tier", "current", "region")
    search_fields = ("name", "code")
    readonly_fields = (
        "code",
        "name",
        "level",
        "single_tier",
        "current",
        "configuration",
        "ceased_on",
        "successor",
    )
    fields = (*readonly_fields, "region")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # areas come from the datasets

    def has_delete_permission(self, request: HttpRequest, obj: Area | None = None) -> bool:
        return False
