"""Curation rules shared by every curated model's admin.

- Draft -> in review -> published: curators (change permission) edit drafts and items
  in review and can send them for review; only publishers (``publish_<model>``) publish,
  unpublish, edit published items and revert them.
- Optimistic concurrency: the form carries the version it was opened at; if someone
  else saved in between, the save is refused with a clear message and nothing of
  theirs is lost.
- Every save is a revision (django-reversion) with who and when.
"""

import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version

from commissioning.knowledge import diffing
from commissioning.knowledge.models import Curated, Status
from commissioning.knowledge.models.content import REVIEW_INTERVAL_DAYS

CONFLICT = (
    "Someone else saved this item after you opened it, so your changes have not been "
    "saved. Their version is kept. Copy anything you need from this page, then open the "
    "item again to see their changes and reapply yours."
)
NOT_PUBLISHER = "Only an evidence publisher can publish this item."


def can_publish(request: HttpRequest, model: type[Curated]) -> bool:
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


class VersionedForm(forms.ModelForm):
    """Carries the version the editor opened, and refuses a save if it is stale."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by the admin on a revert page: the item's version before the old revision
    # was loaded into the (rolled-back or about-to-be-saved) transaction.
    live_version: int | None = None

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.live_version is not None and not self.is_bound:
            self.fields["seen_version"].initial = self.live_version
        elif self.instance.pk and not self.is_bound:
            # The database's version, not the instance's: on a revert page the
            # instance holds old values but the editor is editing the current item.
            current = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.fields["seen_version"].initial = current

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk and self.live_version is not None:
            if cleaned.get("seen_version") != self.live_version:
                raise forms.ValidationError(CONFLICT, code="conflict")
        elif self.instance.pk:
            # Lock the row for the rest of the admin's transaction so two saves
            # arriving together cannot both pass this check.
            current = (
                type(self.instance)
                .objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and cleaned.get("seen_version") != current:
                raise forms.ValidationError(CONFLICT, code="conflict")
        return cleaned


def _linked(version: Version, obj: Curated) -> set[str]:
    """The other rows saved in the same revision (mappings, actions, effects), as text."""
    return {
        f"{other.content_type.name}: {other.object_repr}"
        for other in version.revision.version_set.select_related("content_type")
        if not (
            other.content_type.model_class() is type(obj) and str(other.object_id) == str(obj.pk)
        )
    }


class ParameterForm(VersionedForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("mark") == "U" and cleaned.get("status") == Status.PUBLISHED:
            self.add_error(
                "status",
                "An unverified (U) value cannot be published. Check it against its source first.",
            )
        low, high, value = cleaned.get("low"), cleaned.get("high"), cleaned.get("value")
        if value is not None and low is not None and low > value:
            self.add_error("low", "The low value must not be above the value.")
        if value is not None and high is not None and high < value:
            self.add_error("high", "The high value must not be below the value.")
        return cleaned


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("due", "Review due"), ("ok", "Reviewed in the last year")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        cutoff = timezone.localdate() - datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
        due = Q(last_reviewed__isnull=True) | Q(last_reviewed__lte=cutoff)
        if self.value() == "due":
            return queryset.filter(due)
        if self.value() == "ok":
            return queryset.exclude(due)
        return queryset


class CuratedAdmin(VersionAdmin):
    """Base admin for Factor, Source, Programme and Parameter."""

    form = VersionedForm
    object_history_template = "admin/knowledge/object_history.html"
    history_latest_first = True
    actions = ["submit_for_review", "publish", "return_to_draft", "mark_reviewed"]
    readonly_fields = ("published_at", "updated_at", "history_link")
    workflow_fields = ("status", "reviewer", "last_reviewed", "seen_version")

    @admin.display(description="review due", boolean=True)
    def review_due_flag(self, obj: Curated) -> bool:
        return obj.is_review_due

    @admin.display(description="history")
    def history_link(self, obj: Curated) -> str:
        if not obj.pk:
            return "-"
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        return format_html('<a href="{}">Revisions, differences and revert</a>', url)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name=f"{opts.app_label}_{opts.model_name}_changes",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        opts = self.model._meta
        for action in (
            response.context_data.get("action_list", [])
            if hasattr(response, "context_data")
            else []
        ):
            version_id = action["url"].rstrip("/").rsplit("/", 1)[-1]
            action["changes_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changes", args=[object_id, version_id]
            )
        return response

    def changes_view(self, request: HttpRequest, object_id: str, version_id: int) -> HttpResponse:
        """What changed in one revision compared with the revision before it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        versions = list(Version.objects.get_for_object(obj).select_related("revision__user"))
        index = next((i for i, v in enumerate(versions) if v.pk == version_id), None)
        if index is None:
            raise Http404("No such revision.")
        version = versions[index]
        previous = versions[index + 1] if index + 1 < len(versions) else None
        labels = {
            f.attname: str(f.verbose_name).capitalize()
            for f in self.model._meta.concrete_fields
            if f.name not in {"id", "version", "created_at", "updated_at"}
        } | {f.name: str(f.verbose_name).capitalize() for f in self.model._meta.many_to_many}
        changes = removed = added = []
        if previous is not None:
            changes = diffing.field_changes(previous.field_dict, version.field_dict, labels)
            removed, added = diffing.set_changes(_linked(previous, obj), _linked(version, obj))
        opts = self.model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"What changed: {obj}",
            "opts": opts,
            "object": obj,
            "version": version,
            "previous": previous,
            "changes": changes,
            "removed": removed,
            "added": added,
            "changelist_url": reverse(f"{prefix}_changelist"),
            "change_url": reverse(f"{prefix}_change", args=[obj.pk]),
            "history_url": reverse(f"{prefix}_history", args=[obj.pk]),
        }
        return TemplateResponse(request, "admin/knowledge/changes.html", context)

    def revision_view(
        self, request: HttpRequest, object_id: str, version_id: int, extra_context=None
    ):
        """Revert page: remember the live version before the old revision is loaded
        (the old revision does not carry it), locking the row until the end."""
        with transaction.atomic():
            request.kb_live_version = (
                self.model.objects.select_for_update()
                .filter(pk=unquote(object_id))
                .values_list("version", flat=True)
                .first()
            )
            return super().revision_view(request, object_id, version_id, extra_context)

    def get_form(self, request: HttpRequest, obj: Curated | None = None, **kwargs: object):
        form = super().get_form(request, obj, **kwargs)
        form.live_version = getattr(request, "kb_live_version", None)
        if "status" in form.base_fields and not can_publish(request, self.model):
            form.base_fields["status"].choices = [
                (value, label) for value, label in Status.choices if value != Status.PUBLISHED
            ]
            form.base_fields[
                "status"
            ].help_text = "Send the item for review when it is ready; a publisher publishes it."
        return form

    def has_change_permission(self, request: HttpRequest, obj: Curated | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is not None and obj.status == Status.PUBLISHED:
            return can_publish(request, self.model)
        return True

    def has_delete_permission(self, request: HttpRequest, obj: Curated | None = None) -> bool:
        if (
            obj is not None
            and obj.status == Status.PUBLISHED
            and not can_publish(request, self.model)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: Curated, form: forms.ModelForm, change: bool
    ) -> None:
        if obj.status == Status.PUBLISHED and not can_publish(request, self.model):
            # The form's choices already prevent this; refuse tampered posts too.
            raise PermissionDenied(NOT_PUBLISHER)
        if obj.status == Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        if change:
            obj.version = (form.cleaned_data.get("seen_version") or obj.version) + 1
        super().save_model(request, obj, form, change)

    # --- bulk workflow actions --------------------------------------------------

    def _move(self, request: HttpRequest, queryset: QuerySet, status: str, verb: str) -> None:
        moved = 0
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(f"Bulk action: {verb}")
            for obj in queryset.select_for_update():
                if obj.status == status:
                    continue
                obj.status = status
                if status == Status.PUBLISHED and obj.published_at is None:
                    obj.published_at = timezone.now()
                obj.version += 1
                obj.save()
                moved += 1
        self.message_user(request, f"{moved} item(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Send selected items for review", permissions=["change"])
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet) -> None:
        drafts = queryset.filter(status=Status.DRAFT)
        self._move(request, drafts, Status.REVIEW, "sent for review")

    @admin.action(description="Publish selected items", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, Status.PUBLISHED, "published")

    @admin.action(description="Return selected items to draft (unpublish)", permissions=["publish"])
    def return_to_draft(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, Status.DRAFT, "returned to draft")

    @admin.action(description="Mark selected items as reviewed today by me", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet) -> None:
        editable = (
            queryset
            if can_publish(request, self.model)
            else queryset.exclude(status=Status.PUBLISHED)
        )
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Marked as reviewed")
            count = 0
            for obj in editable.select_for_update():
                obj.reviewer = request.user
                obj.last_reviewed = timezone.localdate()
                obj.version += 1
                obj.save()
                count += 1
        self.message_user(request, f"{count} item(s) marked as reviewed.", messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request, self.model)
