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

from commissioning.areas import services
from commissioning.areas.forms import UploadForm
from commissioning.areas.models import Area, Dataset

UPLOAD_PERMISSION = "areas.add_dataset"
COPIED_FIELDS = ("title", "period", "source", "licence", "notes")


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    change_list_template = "areas/admin/dataset_change_list.html"
    list_display = ("title", "kind", "version", "is_current", "origin", "row_count", "created_at")
    list_filter = ("kind", "is_current", "origin")
    search_fields = ("title", "source", "notes")
    readonly_fields = (
        "kind",
        "version",
        "title",
        "period",
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

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(UPLOAD_PERMISSION):
            raise PermissionDenied
        problems = []
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                name, text = form.cleaned_data["file"]
                data = form.cleaned_data
                try:
                    dataset = services.dataset_upload(
                        kind=data["kind"],
                        text=text,
                        file_name=name,
                        user=request.user,
                        lookup=data["lookup"],
                        new_boundaries=data["new_boundaries"],
                        **{name: data[name] for name in COPIED_FIELDS},
                    )
                except services.DatasetRejected as rejected:
                    problems = rejected.problems
                else:
                    self.message_user(
                        request,
                        f"{dataset} is now current ({dataset.row_count} rows). Earlier "
                        "versions are kept unchanged.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:areas_dataset_changelist")
        else:
            kind = request.GET.get("kind", "")
            current = Dataset.objects.filter(kind=kind, is_current=True).first()
            initial: dict[str, object] = {"kind": kind}
            if current is not None:
                initial |= {name: getattr(current, name) for name in COPIED_FIELDS}
                initial["lookup"] = current.lookup_id
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


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "single_tier", "region", "current")
    list_filter = ("level", "single_tier", "current", "region")
    search_fields = ("name", "code")
    readonly_fields = ("code", "name", "level", "single_tier", "current", "successor")
    fields = ("code", "name", "level", "single_tier", "current", "successor", "region")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # areas come from the datasets

    def has_delete_permission(self, request: HttpRequest, obj: Area | None = None) -> bool:
        return False
