"""Recording the activity log. Services call ``record`` after a change, inside their
transaction, so an action that fails leaves no event:

    audit.record(actor=user, verb=audit.SUBMITTED, target=assessment)

``target`` is the assessment, case or service map the event is about (any model with an
``organisation`` is accepted if it is listed in ``OBJECT_TYPES``); its organisation,
id and current title are copied into the event, so the event outlives it.
"""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.db.models.signals import pre_delete
from django.utils import timezone

from commissioning.datasafety.models import FORMER_MEMBER, AuditEvent

Verb = AuditEvent.Verb
CREATED = Verb.CREATED
CHANGED = Verb.CHANGED
ANSWERED = Verb.ANSWERED
SUBMITTED = Verb.SUBMITTED
REOPENED = Verb.REOPENED
INVITED = Verb.INVITED
INVITATION_WITHDRAWN = Verb.INVITATION_WITHDRAWN
JOINED = Verb.JOINED
PARTICIPANT_REMOVED = Verb.PARTICIPANT_REMOVED
CONSENSUS_RECORDED = Verb.CONSENSUS_RECORDED
PLAN_ADOPTED = Verb.PLAN_ADOPTED
PLAN_ADDED = Verb.PLAN_ADDED
PLAN_CHANGED = Verb.PLAN_CHANGED
PLAN_REMOVED = Verb.PLAN_REMOVED
RENAMED = Verb.RENAMED
RESTORED = Verb.RESTORED
DUPLICATED = Verb.DUPLICATED
DELETED = Verb.DELETED
COMMENTED = Verb.COMMENTED
COMMENT_RESOLVED = Verb.COMMENT_RESOLVED
SIGNOFF_REQUESTED = Verb.SIGNOFF_REQUESTED
REVIEW_RECORDED = Verb.REVIEW_RECORDED
DECISION_RECORDED = Verb.DECISION_RECORDED

# Frequent saves are logged at most once per person per object in this window, so the
# log says "changed answers" once per sitting rather than once per question.
ONCE_AN_HOUR = timedelta(hours=1)

# model label -> the object type events about it are filed under.
OBJECT_TYPES = {
    "assessment.assessment": AuditEvent.ObjectType.ASSESSMENT,
    "cases.case": AuditEvent.ObjectType.CASE,
    "servicemap.servicemap": AuditEvent.ObjectType.SERVICE_MAP,
}

__all__ = ["FORMER_MEMBER", "ONCE_AN_HOUR", "record"]


def record(
    *,
    actor: Any,
    verb: str,
    target: Model,
    details: Mapping[str, Any] | None = None,
    subject: Any = None,
    once_per: timedelta | None = None,
) -> AuditEvent | None:
    """Log that ``actor`` did ``verb`` to ``target``. ``details`` are short facts shown
    with the event (JSON-serialisable); ``subject`` is the person the event is about
    when that is not the actor. With ``once_per``, nothing is logged if the same actor
    already has the same event on the same object within that time (returns None)."""
    object_type = OBJECT_TYPES.get(target._meta.label_lower)
    if object_type is None:
        raise ValueError(f"The activity log does not know {target._meta.label}.")
    if actor is not None and not actor.is_authenticated:
        actor = None
    now = timezone.now()
    if once_per is not None and (
        AuditEvent.objects.filter(
            object_type=object_type,
            object_id=str(target.pk),
            actor=actor,
            verb=verb,
            at__gte=now - once_per,
        ).exists()
    ):
        return None
    return AuditEvent.objects.create(
        organisation_id=target.organisation_id,
        actor=actor,
        subject=subject,
        verb=verb,
        object_type=object_type,
        object_id=str(target.pk),
        object_label=str(target)[:200],
        at=now,
        details=dict(details or {}),
    )


# --- Erasure ---------------------------------------------------------------------------
# Events keep people as foreign keys (SET_NULL on deletion). The one place an address
# is kept as text is an invitation's, which the inviter typed; it is removed when the
# account with that address is deleted, however the account is deleted (the account
# page or the admin), hence a signal rather than a call in ``user_delete``.


def forget_email(email: str) -> int:
    """Remove ``email`` from every event's details. Returns how many events changed."""
    changed = 0
    for event in AuditEvent.objects.filter(details__email__iexact=email):
        event.details = {**event.details, "email": FORMER_MEMBER}
        event.save(update_fields=["details"])
        changed += 1
    return changed


def _forget_deleted_user(sender: type, instance: Any, **kwargs: Any) -> None:
    if instance.email:
        forget_email(instance.email)


def connect_erasure() -> None:
    pre_delete.connect(
        _forget_deleted_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit-erasure"
    )
