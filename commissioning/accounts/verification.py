"""Confirming that an account's owner receives mail at its address.

Sign-up makes an account whose address is not yet confirmed and emails a link to it.
Until the link is followed the account sees nothing addressed to that email: no
invitations listed, none accepted (organisation, assessment or any other kind, through
``invitations.require_addressed_to``), no organisation joined. Anyone may sign up with
any address, so an unconfirmed account proves nothing: signing up again with the same
address (the real owner, say) takes it over with the new name and password, which also
ends the first person's sessions and voids their link (the token below depends on the
password hash).

The link is ``/accounts/confirm/<uid>/<token>/``: Django's signed, expiring
(``PASSWORD_RESET_TIMEOUT``) token generator, with the confirmation time in its hash so
each link works once.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from commissioning.accounts.models import User

NOT_VERIFIED = (
    "Confirm your email address first: open the link in the email we sent you when you "
    "created your account. You can ask for a new link on your account page."
)


class EmailNotVerified(Exception):
    """The account's address is not confirmed; the message says what to do."""


class _ConfirmationTokens(PasswordResetTokenGenerator):
    key_salt = "commissioning.accounts.verification"

    def _make_hash_value(self, user: User, timestamp: int) -> str:  # type: ignore[override]
        confirmed = "" if user.email_verified_at is None else user.email_verified_at.isoformat()
        return f"{user.pk}{user.password}{user.email}{confirmed}{timestamp}"


tokens = _ConfirmationTokens()


def is_verified(user: object) -> bool:
    """Whether ``user`` is signed in with a confirmed address."""
    return bool(getattr(user, "is_authenticated", False) and user.email_verified_at)


def require_verified(user: object) -> None:
    """Refuse (``EmailNotVerified``) unless the user's address is confirmed. The one
    check every invitation, membership and "addressed to you" page uses."""
    if not is_verified(user):
        raise EmailNotVerified(NOT_VERIFIED)


def address_is_verified(email: str) -> bool:
    """Whether the account with this address (any case) has confirmed it."""
    return User.objects.filter(
        email__iexact=email.strip(), email_verified_at__isnull=False
    ).exists()


def days() -> int:
    """How many days a link works (at least one)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def link_parts(user: User) -> tuple[str, str]:
    """(uid, token) for the confirmation link."""
    return urlsafe_base64_encode(force_bytes(user.pk)), tokens.make_token(user)


def user_for_link(uid: str, token: str) -> User | None:
    """The unconfirmed account a link is for, or None (bad, expired or used)."""
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, email_verified_at__isnull=True).first()
    if user is None or not tokens.check_token(user, token):
        return None
    return user
