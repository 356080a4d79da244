"""Who may do what to a case: the roles a person holds on it (``case_roles``), asked
of the one written rule (``accounts.permissions``, Work.CASE).

Roles are worked out afresh on every request, so someone removed from the case, or
who leaves the partner organisation they were invited for, loses access at once."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.models import Membership, User
from commissioning.accounts.permissions import Action, Role, Work, holders, may
from commissioning.cases.models import Case, CaseCollaborator, SignoffRequest, SignoffReview

SHARE_ROLES = {"reviewer": Role.REVIEWER, "co_editor": Role.CO_EDITOR}
NOT_DELETER = (
    "Only the person who started this case or an admin of the organisation that owns it "
    "can delete it."
)


def case_roles(user: User | AnonymousUser, case: Case) -> frozenset[Role]:
    """Every role ``user`` holds on ``case`` (empty for an outsider)."""
    if not user.is_authenticated:
        return frozenset()
    roles: set[Role] = set()
    membership = (
        Membership.objects.filter(user=user, organisation_id=case.organisation_id)
        .values_list("role", flat=True)
        .first()
    )
    if membership is not None:
        roles.add(Role.MEMBER)
        if membership == Membership.Role.ADMIN:
            roles.add(Role.ADMIN)
        if case.created_by_id == user.pk:
            roles.add(Role.STARTER)
    share = CaseCollaborator.objects.filter(case=case, user=user).first()
    if share is not None and (
        share.organisation_id is None
        or Membership.objects.filter(user=user, organisation_id=share.organisation_id).exists()
    ):
        roles.add(SHARE_ROLES[share.role])
    if not roles:
        return frozenset()  # named on a sign-off but no longer able to see the case
    open_request = SignoffRequest.objects.filter(
        case=case, status=SignoffRequest.Status.OPEN
    ).first()
    if open_request is not None:
        if open_request.approver_id == user.pk:
            roles.add(Role.APPROVER)
        if SignoffReview.objects.filter(request=open_request, reviewer=user).exists():
            roles.add(Role.SIGNOFF_REVIEWER)
    return frozenset(roles)


def refusal(action: Action) -> str:
    """The message for someone who can see the case but may not take ``action``."""
    if action == Action.DELETE:
        return NOT_DELETER
    who = sorted(role.value for role in holders(Work.CASE, action))
    return f"You cannot {action.value} on this case. Only these can: {', '.join(who)}."


def require(user: User | AnonymousUser, case: Case, action: Action) -> frozenset[Role]:
    """The user's roles on ``case``; 404 if they hold none, 403 if none allows
    ``action``."""
    roles = case_roles(user, case)
    if not roles:
        raise Http404("No such page.")
    if not may(Work.CASE, action, roles):
        raise PermissionDenied(refusal(action))
    return roles


def may_delete(user: User, case: Case) -> bool:
    return may(Work.CASE, Action.DELETE, case_roles(user, case))


def require_may_delete(user: User, case: Case) -> None:
    if not may_delete(user, case):
        raise PermissionDenied(NOT_DELETER)
