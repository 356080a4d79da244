"""Invitation links, the same for every kind of shared work.

An invitation is a row (who is invited, to what, in which role, when) and a link
carrying a signed token that names the row. The link is:

- **signed**: a token that was altered or cut short is refused (``BAD``);
- **expiring**: a token older than ``INVITATION_MAX_AGE_DAYS`` is refused (``EXPIRED``);
- **single-use**: once accepted, the row is marked used and the link works for nobody
  else (``USED``); withdrawing deletes the row (``GONE``);
- **addressed**: only someone signed in with the invited address may accept it
  (``WRONG_EMAIL``), and only once they have confirmed that address
  (``verification.NOT_VERIFIED``).

Each app keeps its own invitation model and its own acceptance (what joining means
there); the token and the wording of every refusal live here, so an invitation to an
assessment, a case or a service map fails in the same words.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

BAD = "This invitation link is not valid. Check you copied the whole link from the email."
EXPIRED = "This invitation has expired. Ask the person who invited you to send a new one."
USED = "This invitation has already been used."
GONE = (
    "This invitation was withdrawn, or the {work} it was for no longer exists. "
    "Ask the person who invited you to send a new one."
)
WRONG_EMAIL = (
    "This invitation was sent to {email}, but you are signed in as {current}. "
    "Sign out and sign in (or create an account) with the invited address."
)


class InvitationError(Exception):
    """An invitation link that cannot be used; the message says why, for the person
    who followed it."""


def max_age() -> timedelta:
    return timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


def expires_at(created_at: datetime) -> datetime:
    return created_at + max_age()


def token_for(*, salt: str, key: str, pk: int) -> str:
    """The signed token naming invitation row ``pk``. ``salt`` keeps one kind of
    invitation's tokens from being read as another's; ``key`` names the row."""
    return signing.dumps({key: pk}, salt=salt)


def pk_from_token(token: str, *, salt: str, key: str) -> int:
    """The invitation row a token names, or ``InvitationError`` (expired or bad)."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age().total_seconds())
    except signing.SignatureExpired:
        raise InvitationError(EXPIRED) from None
    except signing.BadSignature:
        raise InvitationError(BAD) from None
    pk = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise InvitationError(BAD)
    return pk


def same_address(invited: str, signed_in: str) -> bool:
    """Whether two email addresses are the same for an invitation: trimmed and
    case-folded."""
    return invited.strip().casefold() == signed_in.strip().casefold()


def require_addressed_to(invited: str, signed_in: str) -> None:
    """Refuse (``WRONG_EMAIL``) unless the signed-in address is the invited one, and
    (``verification.NOT_VERIFIED``) unless its owner has confirmed it: an invitation is
    for whoever receives mail at the address, not whoever typed it at sign-up."""
    from commissioning.accounts.verification import NOT_VERIFIED, address_is_verified

    if not same_address(invited, signed_in):
        raise InvitationError(WRONG_EMAIL.format(email=invited, current=signed_in))
    if not address_is_verified(signed_in):
        raise InvitationError(NOT_VERIFIED)


def claim(
    invitations: QuerySet[Any], pk: int, *, email: str, already: Callable[[Any], Any], gone: str
) -> tuple[Any, Any]:
    """Lock invitation row ``pk`` for the person signed in as ``email`` (inside the
    caller's transaction, so two tabs or a double click accept once). Returns the row
    and, when this person accepted it before, what they joined then (``already``), so a
    second click is not an error; None otherwise. Refuses (``InvitationError``): a row
    that is gone (``gone``), a row someone else used, a row addressed to someone else
    or to an unconfirmed address."""
    invitation = invitations.select_for_update(of=("self",)).filter(pk=pk).first()
    if invitation is None:
        raise InvitationError(gone)
    if invitation.accepted_at is not None:
        joined = already(invitation)
        if joined is not None and same_address(invitation.email, email):
            return invitation, joined
        raise InvitationError(USED)
    require_addressed_to(invitation.email, email)
    return invitation, None


def mark_used(invitation: Any) -> None:
    """Mark an invitation row claimed above as used: its link works for nobody else."""
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])


def withdraw(invitation: Any, *, user: Any, target: Any) -> None:
    """Withdraw an invitation not yet accepted (its row goes, so its link stops working)
    and record it against the shared work it was for. An invitation already accepted
    is left alone."""
    from commissioning.datasafety import audit

    with transaction.atomic():
        deleted, _ = (
            type(invitation).objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()
        )
        if deleted:
            audit.record(
                actor=user,
                verb=audit.INVITATION_WITHDRAWN,
                target=target,
                details={"email": invitation.email},
            )
