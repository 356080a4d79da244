"""The reference frameworks in the admin: loaded from data, read-only for curators."""

from django.contrib import admin

from commissioning.knowledge.models import (
    BctGroup,
    BctTechnique,
    CombComponent,
    CombFunctionLink,
    CombSubcomponent,
    FunctionPolicyLink,
    InterventionFunction,
    MatrixNote,
    Perspective,
    PolicyCategory,
    TdfDomain,
)


class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    search_fields = ("code", "name", "description")


admin.site.register(CombComponent, ReferenceAdmin)


@admin.register(CombSubcomponent)
class CombSubcomponentAdmin(ReferenceAdmin):
    list_display = ("code", "name", "component")


@admin.register(TdfDomain)
class TdfDomainAdmin(ReferenceAdmin):
    pass


admin.site.register(InterventionFunction, ReferenceAdmin)
admin.site.register(PolicyCategory, ReferenceAdmin)


@admin.register(CombFunctionLink)
class CombFunctionLinkAdmin(admin.ModelAdmin):
    list_display = ("subcomponent", "function", "added_in_2014")
    list_filter = ("subcomponent", "added_in_2014")


@admin.register(FunctionPolicyLink)
class FunctionPolicyLinkAdmin(admin.ModelAdmin):
    list_display = ("function", "policy", "verified")
    list_filter = ("function", "verified")


admin.site.register(BctGroup)


@admin.register(BctTechnique)
class BctTechniqueAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "group")
    list_filter = ("group",)
    search_fields = ("code", "label")


@admin.register(Perspective)
class PerspectiveAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")


@admin.register(MatrixNote)
class MatrixNoteAdmin(admin.ModelAdmin):
    list_display = ("key", "to_be_verified", "source_key")
