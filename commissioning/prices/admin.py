"""Curating the deflator series: browse versions and their indices, and upload a new
version (checked whole, applied in one transaction or not at all).

Versions are read-only and cannot be deleted: a case's uprating may rest on any of
them. Uploading needs the "Can add deflator series" permission.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from commissioning.core.request_checks import accepts_files
from commissioning.prices import services
from commissioning.prices.forms import UploadForm
from commissioning.prices.models import DeflatorSeries, DeflatorYear

UPLOAD_PERMISSION = "prices.add_deflatorseries"
COPIED_FIELDS = ("title", "release", "source", "licence", "notes")


class DeflatorYearInline(admin.TabularInline):
    model = DeflatorYear
    fields = ("financial_year", "index", "forecast", "row")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DeflatorSeries)
class DeflatorSeriesAdmin(admin.ModelAdmin):
    change_list_template = "prices/admin/series_change_list.html"
    list_display = ("title", "version", "is_current", "origin", "row_count", "created_at")
    list_filter = ("is_current", "origin")
    readonly_fields = (
        "version",
        "title",
        "release",
        "source",
        "licence",
        "notes",
        "is_current",
        "origin",
        "file_name",
        "checksum",
        "row_count",
        "uploaded_by",
        "created_at",
    )
    inlines = [DeflatorYearInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new versions come through "Upload a new version"

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="prices_deflatorseries_upload",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {"can_upload": request.user.has_perm(UPLOAD_PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra)

    @accepts_files
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
                    series = services.series_upload(
                        text=text,
                        file_name=name,
                        user=request.user,
                        **{field: data[field] for field in COPIED_FIELDS},
                    )
                except services.SeriesRejected as rejected:
                    problems = rejected.problems
                else:
                    self.message_user(
                        request,
                        f"{series} is now current ({series.row_count} years). Earlier "
                        "versions are kept unchanged.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:prices_deflatorseries_changelist")
        else:
            current = DeflatorSeries.objects.filter(is_current=True).first()
            initial = {f: getattr(current, f) for f in COPIED_FIELDS} if current else {}
            form = UploadForm(initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload a new version of the deflator series",
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "prices/admin/upload.html", context)
