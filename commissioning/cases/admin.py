"""Cases in the admin, read-only: they belong to organisations and change only through
the builders (which validate every save and write a version)."""

from django.contrib import admin
from django.http import HttpRequest

from commissioning.cases.models import Case, CaseDocument, CaseVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "kind", "version", "updated_at")
    list_filter = ("kind",)
    search_fields = ("title", "organisation__name")
    list_select_related = ("organisation",)


@admin.register(CaseVersion)
class CaseVersionAdmin(ReadOnlyAdmin):
    list_display = ("case", "number", "created_by", "created_at", "comment")
    search_fields = ("case__title",)
    list_select_related = ("case", "created_by")


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin):
    list_display = ("case", "version", "kind", "created_at")
    list_filter = ("kind",)
    exclude = ("content",)
