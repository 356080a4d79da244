"""Who may do what with an assessment: the roles a user holds on it, for the one rule
in ``accounts.permissions``.

Members of the owning organisation hold MEMBER (and ADMIN, and STARTER for the one who
started it); people invited into this assessment hold FACILITATOR or RATER on it and
nothing on any other assessment, including copies made by reopening it (a copy
belongs to the organisation; invited people are invited again if needed). Everyone
else holds nothing and gets 404. Roles are worked out on every request, so removing a
participant takes effect at once (``assessment_for`` keeps the roles it worked out on
the row it returns, so the same view asks once).
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from commissioning.accounts.access import organisation_roles, require
from commissioning.accounts.models import User
from commissioning.accounts.permissions import Action, Role, Work, allowed
from commissioning.assessment.models import Assessment, Participant

INVITED = {Participant.Role.FACILITATOR: Role.FACILITATOR, Participant.Role.RATER: Role.RATER}


def roles_on(user: User | AnonymousUser, assessment: Assessment) -> frozenset[Role]:
    """Every role ``user`` holds on ``assessment`` (empty for outsiders)."""
    roles = organisation_roles(user, assessment.organisation_id, assessment.created_by_id)
    if not user.is_authenticated:
        return roles
    invited = (
        Participant.objects.filter(assessment=assessment, user=user)
        .values_list("role", flat=True)
        .first()
    )
    return roles | {INVITED[invited]} if invited in INVITED else roles


def assessment_for(
    user: User | AnonymousUser, pk: UUID | str, action: Action = Action.VIEW
) -> Assessment:
    """The assessment if ``user`` may take ``action`` on it: 404 for someone with no
    role on it, 403 (saying who can) for someone who may see it but not do that."""
    try:
        assessment = Assessment.objects.select_related("organisation", "instrument").get(pk=pk)
    except (Assessment.DoesNotExist, ValueError):
        raise Http404("No such page.") from None
    roles = roles_on(user, assessment)
    require(Work.ASSESSMENT, action, roles)
    # Kept on this request's copy of the row, for ``actions_on`` in the same view.
    assessment.checked_roles = (user.pk, roles)  # type: ignore[attr-defined]
    return assessment


def actions_on(user: User | AnonymousUser, assessment: Assessment) -> frozenset[Action]:
    """What ``user`` may do with ``assessment`` (templates show only those buttons):
    the roles ``assessment_for`` just worked out for the same user, else worked out
    now."""
    checked = getattr(assessment, "checked_roles", None)
    if checked is not None and checked[0] == user.pk and user.is_authenticated:
        return allowed(Work.ASSESSMENT, checked[1])
    return allowed(Work.ASSESSMENT, roles_on(user, assessment))


def is_facilitator(user: User | AnonymousUser, assessment: Assessment) -> bool:
    return Action.RECORD_CONSENSUS in actions_on(user, assessment)


def may_delete(user: User | AnonymousUser, assessment: Assessment) -> bool:
    return Action.DELETE in actions_on(user, assessment)
