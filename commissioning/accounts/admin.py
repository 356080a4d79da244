from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from commissioning.accounts.models import Invitation, Membership, Organisation, User
from commissioning.core.admin_inlines import LabelledTabularInline


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("name",)}),
        (
            "Permissions",
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": (
                    "Evidence curators and publishers need 'staff status' and the matching group."
                ),
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )


class MembershipInline(LabelledTabularInline):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "area_name", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "area_name")
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "role", "created_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("email", "organisation__name")
    readonly_fields = ("created_at", "accepted_at")
