"""The activity log: who created, changed, submitted, shared or deleted an
organisation's assessments and cases, for the organisation's admins.

People are kept as foreign keys only, never copied as text: when someone deletes their
account the key becomes null and the log says "a former member" (the right to erasure,
UK GDPR Article 17; ``docs/OPERATIONS.md``). Events are written by
``commissioning.datasafety.audit.record`` from the service layer, never from views,
signals or ``save()``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

FORMER_MEMBER = "a former member"


class AuditEvent(models.Model):
    class ObjectType(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        CASE = "case", "Value-for-money case"
        SERVICE_MAP = "service_map", "Service map"

    class Verb(models.TextChoices):
        # The labels complete the sentence "<who> <label> <object>".
        CREATED = "created", "created"
        CHANGED = "changed", "changed"
        ANSWERED = "answered", "changed answers in"
        SUBMITTED = "submitted", "submitted"
        REOPENED = "reopened", "reopened as an editable copy"
        INVITED = "invited", "invited someone to take part in"
        INVITATION_WITHDRAWN = "invitation_withdrawn", "withdrew an invitation to"
        JOINED = "joined", "accepted an invitation to take part in"
        PARTICIPANT_REMOVED = "participant_removed", "removed someone from"
        CONSENSUS_RECORDED = "consensus_recorded", "recorded an agreed rating in"
        PLAN_ADOPTED = "plan_adopted", "added a knowledge-base action to the plan of"
        PLAN_ADDED = "plan_added", "added their own action to the plan of"
        PLAN_CHANGED = "plan_changed", "changed an action in the plan of"
        PLAN_REMOVED = "plan_removed", "removed an action from the plan of"
        RENAMED = "renamed", "renamed"
        RESTORED = "restored", "restored an earlier version of"
        DUPLICATED = "duplicated", "made a copy of"
        DELETED = "deleted", "deleted"
        COMMENTED = "commented", "commented on"
        COMMENT_RESOLVED = "comment_resolved", "resolved a comment on"
        SIGNOFF_REQUESTED = "signoff_requested", "asked for sign-off of"
        REVIEW_RECORDED = "review_recorded", "recorded a sign-off review of"
        DECISION_RECORDED = "decision_recorded", "recorded the sign-off decision on"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # The person an event is about, when it is not the actor (a participant removed).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=32, choices=Verb.choices)
    object_type = models.CharField(max_length=16, choices=ObjectType.choices)
    # Text, so an event outlives its object and fits both UUID and integer keys.
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-at"], name="audit_org_at"),
            models.Index(fields=["organisation", "object_type", "-at"], name="audit_org_type_at"),
            models.Index(
                fields=["object_type", "object_id", "actor", "verb"], name="audit_throttle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_verb_display()} {self.object_label}"

    @property
    def actor_name(self) -> str:
        if self.actor is None:
            return FORMER_MEMBER
        return self.actor.name or self.actor.email

    def detail_items(self) -> list[tuple[str, str]]:
        """The details as (label, value) pairs for display; internal keys are left out."""
        return [
            (DETAIL_LABELS[key], "" if value is None else str(value))
            for key, value in self.details.items()
            if key in DETAIL_LABELS
        ]

    @property
    def subject_name(self) -> str | None:
        """Who the event is about, for verbs that are about someone."""
        if self.verb not in SUBJECT_VERBS:
            return None
        if self.subject is None:
            return FORMER_MEMBER
        return self.subject.name or self.subject.email


SUBJECT_VERBS = {AuditEvent.Verb.PARTICIPANT_REMOVED}
DETAIL_LABELS = {
    "email": "Email address",
    "role": "Role",
    "question": "Question",
    "rating": "Rating",
    "action": "Action",
    "status": "Status",
    "version": "Version",
    "comment": "Comment",
    "title": "Title",
}
