"""Admin inline helpers shared by the apps."""

from django.contrib import admin


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry their column name as an accessible name
    (the column header is not a <label>, so screen readers and axe-core would find
    unnamed selects)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", str(db_field.verbose_name).capitalize())
        return field
