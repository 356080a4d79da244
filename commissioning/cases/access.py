"""Who may do what with a case: the roles a user holds on it, for the one rule in
``accounts.permissions``. Every case view finds its case with ``case_for``, naming
the action it takes; others get 404 (no role) or 403 (saying who can).

Roles are worked out afresh on every request, so someone removed from the case, or
who leaves the partner organisation they were invited for, loses access at once."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from commissioning.accounts.access import organisation_roles, require
from commissioning.accounts.models import Membership, User
from commissioning.accounts.permissions import Action, Role, Work, allowed
from commissioning.cases.models import Case, CaseCollaborator, SignoffRequest, SignoffReview

SHARE_ROLES = {"reviewer": Role.REVIEWER, "co_editor": Role.CO_EDITOR}


def case_roles(user: User | AnonymousUser, case: Case) -> frozenset[Role]:
    """Every role ``user`` holds on ``case`` (empty for an outsider): from membership
    of the owning organisation (ADMIN, MEMBER, STARTER); from an invitation
    (REVIEWER, CO_EDITOR), while the person is still a member of the partner
    organisation they accepted for; and from the open sign-off request (APPROVER,
    SIGNOFF_REVIEWER), only for someone who can see the case at all."""
    roles = set(organisation_roles(user, case.organisation_id, case.created_by_id))
    if not user.is_authenticated:
        return frozenset()
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


def case_for(user: User | AnonymousUser, pk: object, action: Action = Action.VIEW) -> Case:
    """The case if ``user`` may take ``action`` on it; 404 or 403 otherwise."""
    try:
        case = Case.objects.select_related("organisation", "updated_by").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such page.") from None
    require(Work.CASE, action, case_roles(user, case))
    return case


def case_actions(user: User | AnonymousUser, case: Case) -> frozenset[Action]:
    """What ``user`` may do with ``case`` (templates show only those buttons)."""
    return allowed(Work.CASE, case_roles(user, case))


def may_delete(user: User | AnonymousUser, case: Case) -> bool:
    return Action.DELETE in case_actions(user, case)
