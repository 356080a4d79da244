"""Writes for an assessment's action plan: adopt a knowledge-base action, add the
organisation's own, change and remove items.

Plans stay editable after the assessment is submitted: the answers are the locked
record of where the system stood, and the plan is where people track what they do
about it. An action can be adopted once per plan (``adopt_an_action_once``).
"""

import datetime

from django.db import IntegrityError, transaction

from commissioning.accounts.models import User
from commissioning.assessment.models import Assessment, PlanItem
from commissioning.datasafety import audit
from commissioning.knowledge.models import Action, Factor, Status

ALREADY_ADOPTED = (
    "This action is already in your plan. Change it there instead of adopting it again."
)
NOT_PUBLISHED = "That action is no longer in the knowledge base."


class PlanRuleError(Exception):
    """A plan change the rules refuse; the message is shown to the user."""


def plan_adopt(*, assessment: Assessment, action: Action, user: User | None = None) -> PlanItem:
    """Add a published knowledge-base action to the plan, with its factor, title and
    description; refused if the plan already has it."""
    if action.factor.status != Status.PUBLISHED:
        raise PlanRuleError(NOT_PUBLISHED)
    if PlanItem.objects.filter(assessment=assessment, action=action).exists():
        raise PlanRuleError(ALREADY_ADOPTED)
    try:
        with transaction.atomic():
            item = PlanItem.objects.create(
                assessment=assessment,
                action=action,
                factor=action.factor,
                title=action.title[:200],
                description=action.description[:4000],
            )
            audit.record(
                actor=user,
                verb=audit.PLAN_ADOPTED,
                target=assessment,
                details={"action": item.title},
            )
            return item
    except IntegrityError:
        # Adopted by a colleague (or a double click) between the check and the insert.
        raise PlanRuleError(ALREADY_ADOPTED) from None


def plan_item_add(
    *,
    assessment: Assessment,
    title: str,
    description: str = "",
    owner: str = "",
    due_date: datetime.date | None = None,
    status: str = PlanItem.Status.PLANNED,
    factor: Factor | None = None,
    user: User | None = None,
) -> PlanItem:
    """Add the organisation's own action (one not from the knowledge base)."""
    with transaction.atomic():
        item = PlanItem.objects.create(
            assessment=assessment,
            title=title,
            description=description,
            owner=owner,
            due_date=due_date,
            status=status,
            factor=factor,
        )
        audit.record(
            actor=user, verb=audit.PLAN_ADDED, target=assessment, details={"action": title}
        )
    return item


def plan_item_update(
    *,
    item: PlanItem,
    owner: str,
    due_date: datetime.date | None,
    status: str,
    title: str | None = None,
    description: str | None = None,
    user: User | None = None,
) -> PlanItem:
    """Change who owns an item, when it is due and how far it has got. The title
    and details change only for the organisation's own actions: an adopted action
    keeps the knowledge base's wording."""
    item.owner = owner
    item.due_date = due_date
    item.status = status
    fields = ["owner", "due_date", "status", "updated_at"]
    if item.action_id is None:
        if title is not None:
            item.title = title
            fields.append("title")
        if description is not None:
            item.description = description
            fields.append("description")
    with transaction.atomic():
        item.save(update_fields=fields)
        details = {"action": item.title, "status": item.get_status_display()}
        audit.record(actor=user, verb=audit.PLAN_CHANGED, target=item.assessment, details=details)
    return item


def plan_item_remove(*, item: PlanItem, user: User | None = None) -> None:
    with transaction.atomic():
        audit.record(
            actor=user,
            verb=audit.PLAN_REMOVED,
            target=item.assessment,
            details={"action": item.title},
        )
        item.delete()
