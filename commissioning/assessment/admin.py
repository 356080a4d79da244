"""Questionnaire versions in the admin. A published (or retired) version is read-only:
to change it, make a new draft version, edit that, then publish it. Assessments keep
the version they were started on."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from commissioning.assessment import services
from commissioning.assessment.models import Instrument, Question, Section
from commissioning.core.admin_inlines import LabelledTabularInline
from commissioning.core.forms import SAFE_JSON_OVERRIDES


def _editable(obj) -> bool:
    instrument = getattr(obj, "instrument", None) or getattr(
        getattr(obj, "section", None), "instrument", None
    )
    if isinstance(obj, Instrument):
        instrument = obj
    return instrument is None or not instrument.is_locked


class SectionInline(LabelledTabularInline):
    formfield_overrides = SAFE_JSON_OVERRIDES
    model = Section
    extra = 0
    fields = ("order", "code", "title")
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    formfield_overrides = SAFE_JSON_OVERRIDES
    list_display = ("title", "code", "version", "status", "published_at", "question_count")
    list_filter = ("status", "code")
    readonly_fields = ("status", "published_at", "created_at")
    inlines = [SectionInline]
    actions = ["new_version", "publish"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(questions=Count("sections__questions"))

    @admin.display(description="questions", ordering="questions")
    def question_count(self, obj: Instrument) -> int:
        return obj.questions

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not obj.is_locked and super().has_delete_permission(request, obj)

    @admin.action(description="Make an editable new version of the selected questionnaire")
    def new_version(self, request: HttpRequest, queryset) -> None:
        for instrument in queryset:
            copy = services.instrument_new_version(instrument=instrument)
            self.message_user(
                request, f"Draft version {copy.version} of {copy.title} created.", messages.SUCCESS
            )

    @admin.action(description="Publish the selected draft versions", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset) -> None:
        with transaction.atomic():
            count = queryset.filter(status=Instrument.Status.DRAFT).update(
                status=Instrument.Status.PUBLISHED, published_at=timezone.now()
            )
        self.message_user(
            request,
            f"{count} version(s) published. New assessments start on the newest published version.",
            messages.SUCCESS,
        )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("assessment.publish_instrument")


class QuestionInline(admin.StackedInline):
    formfield_overrides = SAFE_JSON_OVERRIDES
    model = Question
    extra = 0
    fields = ("order", "code", "statement", "help_text", "weight", "levels", "factors")

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    formfield_overrides = SAFE_JSON_OVERRIDES
    list_display = ("title", "code", "instrument", "order")
    list_filter = ("instrument",)
    inlines = [QuestionInline]

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)
