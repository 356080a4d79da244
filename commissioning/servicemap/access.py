"""Who may see and change a service map: the one place every view asks.

The rule: a map belongs to an organisation. Its members (admins and ordinary members)
see it and contribute to it: adding, editing and removing services and "no service"
marks. Deleting the whole map is for an organisation admin or the member who started
it. Everyone else, including people invited into one of the organisation's
self-assessments as partners, gets 404. A partner who should contribute joins the
organisation (an admin invites them from the organisation's page), or a member
records what they report, with them as the source.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.access import membership_for
from commissioning.accounts.models import Membership, User
from commissioning.servicemap.models import ServiceMap

NOT_DELETER = (
    "Only the person who started this service map or an admin of the organisation that "
    "owns it can delete it."
)


@dataclass(frozen=True)
class Abilities:
    """What one person may do with one map."""

    view: bool
    edit: bool
    delete: bool


NOTHING = Abilities(view=False, edit=False, delete=False)


def abilities(role: str | None, *, started_it: bool) -> Abilities:
    """The rule above as a pure function: ``role`` is the person's membership role in
    the owning organisation (None for non-members); ``started_it`` whether they
    created the map."""
    if role is None:
        return NOTHING
    admin = role == Membership.Role.ADMIN
    return Abilities(view=True, edit=True, delete=admin or started_it)


def map_for(user: User | AnonymousUser, pk: object) -> tuple[ServiceMap, Abilities]:
    """The map and what ``user`` may do with it; 404 unless they may see it."""
    try:
        service_map = ServiceMap.objects.select_related("organisation").get(pk=pk)
    except (ServiceMap.DoesNotExist, ValueError, TypeError):
        raise Http404("No such page.") from None
    if not user.is_authenticated:
        raise Http404("No such page.")
    role = (
        Membership.objects.filter(user=user, organisation_id=service_map.organisation_id)
        .values_list("role", flat=True)
        .first()
    )
    can = abilities(role, started_it=service_map.created_by_id == user.pk)
    if not can.view:
        raise Http404("No such page.")
    return service_map, can


def require_delete(can: Abilities) -> None:
    if not can.delete:
        raise PermissionDenied(NOT_DELETER)


def organisation_for_new_map(user: User | AnonymousUser, organisation_id: object) -> Membership:
    """Any member may start a map for their organisation; others get 404."""
    return membership_for(user, organisation_id)
