"""Who may see and change an assessment.

Members of the owning organisation, and people invited into the assessment as
participants, may see it and rate it. Everyone else gets 404. Facilitating (recording
agreed ratings) is for organisation admins and participants invited as facilitators.
Deleting is for organisation admins and the member who started the assessment.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.access import is_admin_or_starter
from commissioning.accounts.models import Membership, User
from commissioning.assessment.models import Assessment, Participant

NOT_FACILITATOR = "Only a facilitator of this assessment can record agreed ratings."
NOT_ORGANISATION_ADMIN = "Only an admin of the organisation that owns this assessment can do that."
NOT_DELETER = (
    "Only the person who started this assessment or an admin of the organisation that "
    "owns it can delete it."
)


def assessment_for(user: User, pk: UUID | str) -> Assessment:
    """The assessment if ``user`` may see it, else 404."""
    try:
        return (
            Assessment.objects.for_user(user)
            .select_related("organisation", "instrument")
            .get(pk=pk)
        )
    except (Assessment.DoesNotExist, ValueError):
        raise Http404("No such page.") from None


def is_organisation_admin(user: User, assessment: Assessment) -> bool:
    return Membership.objects.filter(
        user=user, organisation_id=assessment.organisation_id, role=Membership.Role.ADMIN
    ).exists()


def is_facilitator(user: User, assessment: Assessment) -> bool:
    return (
        is_organisation_admin(user, assessment)
        or Participant.objects.filter(
            assessment=assessment, user=user, role=Participant.Role.FACILITATOR
        ).exists()
    )


def require_facilitator(user: User, assessment: Assessment) -> None:
    if not is_facilitator(user, assessment):
        raise PermissionDenied(NOT_FACILITATOR)


def require_organisation_admin(user: User, assessment: Assessment) -> None:
    if not is_organisation_admin(user, assessment):
        raise PermissionDenied(NOT_ORGANISATION_ADMIN)


def may_delete(user: User, assessment: Assessment) -> bool:
    """Organisation admins, and the member who started it (never a partner)."""
    return is_admin_or_starter(user, assessment.organisation_id, assessment.created_by_id)


def require_may_delete(user: User, assessment: Assessment) -> None:
    if not may_delete(user, assessment):
        raise PermissionDenied(NOT_DELETER)
