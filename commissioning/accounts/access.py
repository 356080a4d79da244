"""Authorisation helpers: work belongs to an organisation, and who may do what with
a piece of shared work (an assessment, a case, a service map) is the table in
``permissions``. Someone with no role on the work gets 404, so not even its
existence leaks; someone who may see it but not take an action gets 403 saying who
can.

Each app has one function that works out the roles a user holds on one piece of its
work (``assessment.access.roles_on``, ``cases.access.case_roles``,
``servicemap.access.roles_on``); every view passes those roles to ``require`` here.
Roles are worked out on every request, so removing someone takes effect at once.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from commissioning.accounts.models import Membership, Organisation, User
from commissioning.accounts.permissions import Action, Role, Work, may, refusal

NOT_AN_ADMIN = "Only an admin of this organisation can do that."


def member_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations ``user`` belongs to (none for anonymous users)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def scope_to_member[M: Model](
    queryset: QuerySet[M], user: User | AnonymousUser, *, via: str
) -> QuerySet[M]:
    """Narrow ``queryset`` to rows whose organisation (reached by the lookup path
    ``via``, e.g. ``"organisation"`` or ``"assessment__organisation"``) has ``user``
    as a member."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{f"{via}__memberships__user": user}).distinct()


def get_for_member[M: Model](
    queryset: QuerySet[M], user: User | AnonymousUser, *, via: str, **lookup: object
) -> M:
    """Return the one row matching ``lookup`` that ``user`` may see, else raise 404."""
    try:
        return scope_to_member(queryset, user, via=via).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such page.") from None


def membership_for(user: User | AnonymousUser, organisation_id: object) -> Membership:
    """The user's membership of the organisation, or 404 if they are not a member."""
    if not user.is_authenticated:
        raise Http404("No such page.")
    try:
        return Membership.objects.select_related("organisation").get(
            user=user, organisation_id=organisation_id
        )
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such page.") from None


def admin_membership_for(user: User | AnonymousUser, organisation_id: object) -> Membership:
    """As ``membership_for``, and the member must be an admin (403 otherwise: a
    member already knows the organisation exists)."""
    membership = membership_for(user, organisation_id)
    if not membership.is_admin:
        raise PermissionDenied(NOT_AN_ADMIN)
    return membership


def is_admin_or_starter(
    user: User | AnonymousUser, organisation_id: object, started_by_id: object
) -> bool:
    """Whether ``user`` is an admin of the organisation, or the member who started
    the piece of work (while still a member): who may delete an assessment or a case."""
    if not user.is_authenticated:
        return False
    role = (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )
    return role == Membership.Role.ADMIN or (role is not None and started_by_id == user.pk)


def organisation_roles(
    user: User | AnonymousUser, organisation_id: object, started_by_id: object
) -> frozenset[Role]:
    """The roles membership of the owning organisation gives ``user`` on one piece
    of its work: ADMIN and MEMBER for an admin, MEMBER for a member, and STARTER with
    them for the member who started it. Nothing for anyone else."""
    if not user.is_authenticated:
        return frozenset()
    role = (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )
    if role is None:
        return frozenset()
    roles = {Role.MEMBER}
    if role == Membership.Role.ADMIN:
        roles.add(Role.ADMIN)
    if started_by_id is not None and started_by_id == user.pk:
        roles.add(Role.STARTER)
    return frozenset(roles)


def require(work: Work, action: Action, roles: frozenset[Role]) -> None:
    """Let the request go on only if ``roles`` may take ``action`` on ``work``:
    404 for someone with no role at all, 403 (saying who can) for the rest."""
    if not roles:
        raise Http404("No such page.")
    if not may(work, action, roles):
        raise PermissionDenied(refusal(work, action))
