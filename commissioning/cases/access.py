"""Who may do what with a case: the roles a user holds on it, for the one rule in
``accounts.permissions``. Every case view finds its case with ``case_for``, naming
the action it takes; others get 404 (no role) or 403 (saying who can)."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest

from commissioning.accounts.access import organisation_roles, require
from commissioning.accounts.models import User
from commissioning.accounts.permissions import Action, Role, Work, allowed
from commissioning.cases.models import Case


def case_roles(user: User | AnonymousUser, case: Case) -> frozenset[Role]:
    """Every role ``user`` holds on ``case``: from membership of the owning
    organisation (ADMIN, MEMBER, STARTER)."""
    return organisation_roles(user, case.organisation_id, case.created_by_id)


def case_for(user: User | AnonymousUser, pk: object, action: Action = Action.VIEW) -> Case:
    """The case if ``user`` may take ``action`` on it; 404 or 403 otherwise."""
    try:
        case = Case.objects.select_related("organisation", "updated_by").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such page.") from None
    require(Work.CASE, action, case_roles(user, case))
    return case


def editing(request: HttpRequest) -> Action:
    """For pages that show a form: seeing it needs VIEW, sending it needs EDIT."""
    return Action.EDIT if request.method == "POST" else Action.VIEW


def case_actions(user: User | AnonymousUser, case: Case) -> frozenset[Action]:
    """What ``user`` may do with ``case`` (templates show only those buttons)."""
    return allowed(Work.CASE, case_roles(user, case))


def may_delete(user: User | AnonymousUser, case: Case) -> bool:
    return Action.DELETE in case_actions(user, case)
