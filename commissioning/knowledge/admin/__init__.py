"""The curation admin: curators edit drafts, publishers publish; every item has a
revision history with differences and revert, and bulk import/export.

Relations use Django's plain select widgets rather than the select2 autocomplete,
whose search box has no label (an axe-core violation); the lists are short."""

from django import forms
from django.contrib import admin
from reversion.admin import VersionAdmin

from commissioning.core.admin_inlines import LabelledTabularInline
from commissioning.knowledge.admin import frameworks  # noqa: F401  (registers them)
from commissioning.knowledge.admin.transfer import TransferMixin
from commissioning.knowledge.admin.workflow import CuratedAdmin, ParameterForm, ReviewDueFilter
from commissioning.knowledge.models import (
    Action,
    ActionResource,
    Factor,
    FactorBct,
    FactorComb,
    FactorFunction,
    FactorPolicy,
    FactorTdf,
    Parameter,
    Programme,
    ProgrammeEffect,
    Source,
    Theme,
)


class ParentPermissionInline:
    """Inlines are as editable as the item they belong to."""

    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._parent_admin().has_change_permission(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and not self._parent_admin().has_change_permission(request, obj):
            return False
        return super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self._parent_admin().has_change_permission(request, obj):
            return False
        return super().has_delete_permission(request, obj)


class MappingInline(ParentPermissionInline, LabelledTabularInline):
    extra = 0
    fields = ("target", "basis")


class CombInline(MappingInline):
    model = FactorComb
    verbose_name_plural = "COM-B sub-components"


class TdfInline(MappingInline):
    model = FactorTdf
    verbose_name_plural = "Theoretical Domains Framework domains"


class FunctionInline(MappingInline):
    model = FactorFunction
    verbose_name_plural = "Intervention functions"


class PolicyInline(MappingInline):
    model = FactorPolicy
    verbose_name_plural = "Policy categories"


class BctInline(MappingInline):
    model = FactorBct
    verbose_name_plural = "Behaviour change techniques"


class ActionInline(ParentPermissionInline, admin.StackedInline):
    model = Action
    extra = 0
    fields = ("title", "description", "function", "sources", "order")
    show_change_link = True


@admin.register(Factor)
class FactorAdmin(TransferMixin, CuratedAdmin):
    list_display = ("title", "kind", "level", "theme", "status", "review_due_flag", "updated_at")
    list_filter = ("status", "kind", "level", "theme", ReviewDueFilter)
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Four options: checkboxes are clearer (and more accessible) than the
        # two-box JavaScript selector.
        if db_field.name == "perspectives":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    list_select_related = ("theme",)
    inlines = [CombInline, TdfInline, FunctionInline, PolicyInline, BctInline, ActionInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "level", "theme", "perspectives")}),
        ("Content", {"fields": ("summary", "body", "sources", "related")}),
        (
            "Workflow",
            {
                "fields": CuratedAdmin.workflow_fields + CuratedAdmin.readonly_fields,
                "description": "Mappings below say whether they come from a source or were "
                "proposed by the editors; the public page shows which.",
            },
        ),
    )


class ResourceInline(ParentPermissionInline, LabelledTabularInline):
    model = ActionResource
    extra = 0


@admin.register(Action)
class ActionAdmin(VersionAdmin):
    list_display = ("title", "factor", "function")
    list_filter = ("function", "factor__status")
    search_fields = ("title", "description", "factor__title")
    inlines = [ResourceInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self.admin_site._registry[Factor].has_change_permission(
            request, obj.factor
        ):
            return False
        return super().has_change_permission(request, obj)


@admin.register(Source)
class SourceAdmin(TransferMixin, CuratedAdmin):
    list_display = ("short_citation", "title", "kind", "grade", "status", "review_due_flag")
    list_filter = ("status", "kind", "grade", ReviewDueFilter)
    search_fields = ("key", "authors", "title", "container", "doi")
    fieldsets = (
        (None, {"fields": ("key", "authors", "year", "title", "container")}),
        (
            "Details",
            {"fields": ("volume", "issue", "pages", "doi", "url", "kind", "grade", "notes")},
        ),
        ("Workflow", {"fields": CuratedAdmin.workflow_fields + CuratedAdmin.readonly_fields}),
    )


class EffectInline(ParentPermissionInline, LabelledTabularInline):
    model = ProgrammeEffect
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(TransferMixin, CuratedAdmin):
    list_display = ("name", "rating", "status", "review_due_flag")
    list_filter = ("status", ReviewDueFilter)
    search_fields = ("name", "summary", "description")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [EffectInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "summary", "description", "age_range", "delivery")}),
        ("Evidence", {"fields": ("evidence_summary", "rating", "rating_scheme", "sources")}),
        ("Workflow", {"fields": CuratedAdmin.workflow_fields + CuratedAdmin.readonly_fields}),
    )


@admin.register(Parameter)
class ParameterAdmin(TransferMixin, CuratedAdmin):
    form = ParameterForm
    list_display = ("name", "value", "unit", "price_year", "mark", "status", "review_due_flag")
    list_filter = ("status", "category", "mark", ReviewDueFilter)
    search_fields = ("key", "name", "notes")
    list_select_related = ("source",)
    fieldsets = (
        (None, {"fields": ("key", "name", "category")}),
        ("Value", {"fields": ("value", "unit", "price_year", "low", "high")}),
        ("Provenance", {"fields": ("source", "mark", "notes")}),
        ("Workflow", {"fields": CuratedAdmin.workflow_fields + CuratedAdmin.readonly_fields}),
    )


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
