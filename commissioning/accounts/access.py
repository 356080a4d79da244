"""The one authorisation rule: work belongs to an organisation, and only its members
see or change it. Everyone else gets 404, so not even an object's existence leaks.

Every view that touches an organisation's data goes through these helpers.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from commissioning.accounts.models import Membership, Organisation, User

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
