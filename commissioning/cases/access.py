"""Who may do what to a case beyond seeing and editing it (which every member of the
owning organisation may: ``selectors.case_for``). Deleting is for organisation admins
and the member who started the case."""

from django.core.exceptions import PermissionDenied

from commissioning.accounts.access import is_admin_or_starter
from commissioning.accounts.models import User
from commissioning.cases.models import Case

NOT_DELETER = (
    "Only the person who started this case or an admin of the organisation that owns it "
    "can delete it."
)


def may_delete(user: User, case: Case) -> bool:
    return is_admin_or_starter(user, case.organisation_id, case.created_by_id)


def require_may_delete(user: User, case: Case) -> None:
    if not may_delete(user, case):
        raise PermissionDenied(NOT_DELETER)
