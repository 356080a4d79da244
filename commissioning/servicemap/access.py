"""Who may do what with a service map: the roles a user holds on it, for the one rule
in ``accounts.permissions``; every view asks ``map_for``.

The rule, in words: a map belongs to an organisation. Its members (admins and
ordinary members) see it, contribute to it (add, edit and remove services and "no
service" marks), and invite partners into it. A partner invited into one map (an
organisation member sends an invitation to their address; they accept it signed in
with that address) becomes a CONTRIBUTOR of that map: they see and change that map
and nothing else of the organisation (not its other maps, assessments, cases or
organisation page). Deleting the whole map is for an organisation admin or the member
who started it. Everyone else, including people invited into one of the
organisation's assessments, gets 404. Roles are worked out on every request, so a
contributor who is removed loses access at once.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from commissioning.accounts.access import membership_for, organisation_roles, require
from commissioning.accounts.models import Membership, User
from commissioning.accounts.permissions import Action, Role, Work, allowed
from commissioning.servicemap.models import MapContributor, ServiceMap


@dataclass(frozen=True)
class Abilities:
    """What one person may do with one map (for templates: show only what works)."""

    view: bool
    edit: bool
    invite: bool
    delete: bool

    @classmethod
    def of(cls, roles: frozenset[Role]) -> "Abilities":
        actions = allowed(Work.SERVICE_MAP, roles)
        return cls(
            view=Action.VIEW in actions,
            edit=Action.EDIT in actions,
            invite=Action.INVITE in actions,
            delete=Action.DELETE in actions,
        )


def roles_on(user: User | AnonymousUser, service_map: ServiceMap) -> frozenset[Role]:
    """Every role ``user`` holds on ``service_map`` (empty for outsiders)."""
    roles = organisation_roles(user, service_map.organisation_id, service_map.created_by_id)
    if user.is_authenticated and (
        MapContributor.objects.filter(service_map=service_map, user=user).exists()
    ):
        roles |= {Role.CONTRIBUTOR}
    return roles


def map_for(
    user: User | AnonymousUser, pk: object, action: Action = Action.VIEW
) -> tuple[ServiceMap, Abilities]:
    """The map and what ``user`` may do with it, if they may take ``action`` on it:
    404 for someone with no role on it, 403 (saying who can) otherwise."""
    try:
        service_map = ServiceMap.objects.select_related("organisation").get(pk=pk)
    except (ServiceMap.DoesNotExist, ValueError, TypeError):
        raise Http404("No such page.") from None
    roles = roles_on(user, service_map)
    require(Work.SERVICE_MAP, action, roles)
    return service_map, Abilities.of(roles)


def organisation_for_new_map(user: User | AnonymousUser, organisation_id: object) -> Membership:
    """Any member may start a map for their organisation; others get 404."""
    return membership_for(user, organisation_id)
