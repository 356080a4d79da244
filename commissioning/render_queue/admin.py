from django.contrib import admin

from commissioning.render_queue.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    """Read-only: for seeing what the workers are doing. Documents are made and
    recovered by the app (a deleted row's file is removed by file_cleanup)."""

    list_display = ["title", "kind", "organisation", "status", "attempts", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "owner_id"]
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
