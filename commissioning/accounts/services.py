"""Writes for accounts and organisations. Each rule that can refuse an action raises
``AccountRuleError`` with a message written for the person who asked."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts import invitations, verification
from commissioning.accounts.models import Invitation, Membership, Organisation, User
from commissioning.lib.emails import send_templated_email

INVITATION_SALT = "commissioning.accounts.invitation"

LAST_ADMIN_REMOVE = "You cannot remove the last admin of {org}. Make another member an admin first."
LAST_ADMIN_DEMOTE = "{org} needs at least one admin. Make another member an admin first."
LAST_ADMIN_LEAVE = (
    "You are the only admin of {org}, which has other members. "
    "Make another member an admin before you leave."
)
LAST_ADMIN_DELETE = (
    "You are the only admin of {orgs}, which has other members. "
    "Make another member an admin before you delete your account."
)
ALREADY_MEMBER = "{email} is already a member of {org}."
INVITE_PENDING = "{email} already has an invitation to {org} waiting. Revoke it to send a new one."
INVITE_BAD = "This invitation link is not valid. Check you copied the whole link from the email."
INVITE_EXPIRED = "This invitation has expired. Ask an admin of the organisation to send a new one."
INVITE_USED = "This invitation has already been used."
INVITE_REVOKED = (
    "This invitation was withdrawn. Ask an admin of the organisation to send a new one."
)


class AccountRuleError(Exception):
    """An action the rules refuse; the message is shown to the user."""


def signup_request(*, name: str, email: str, password: str) -> None:
    """Sign-up, answered the same way whatever exists (accounts/verification.py): a new
    address gets an unconfirmed account and a confirmation link; an unconfirmed one is
    taken over by this sign-up (new name and password, a new link); a confirmed one
    gets an email saying it already has an account. Nothing here tells the person
    signing up which happened."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is not None and user.email_verified_at is not None:
            transaction.on_commit(lambda: _send_already_registered(user))
            return
        if user is None:
            user = User.objects.create_user(email=email, password=password, name=name)
        else:
            user.name = name
            user.set_password(password)  # also ends the earlier claimant's sessions
            user.save(update_fields=["name", "password"])
        transaction.on_commit(lambda: confirmation_send(user=user))


def confirmation_send(*, user: User) -> None:
    """Email the confirmation link to an unconfirmed account (nothing if confirmed)."""
    if user.email_verified_at is not None:
        return
    uid, token = verification.link_parts(user)
    link = settings.SITE_URL + reverse("accounts:confirm_email", args=[uid, token])
    send_templated_email(
        "emails/confirm_email",
        to=[user.email],
        context={"user": user, "link": link, "days": verification.days()},
    )


def _send_already_registered(user: User) -> None:
    send_templated_email(
        "emails/already_registered",
        to=[user.email],
        context={
            "user": user,
            "login": settings.SITE_URL + reverse("accounts:login"),
            "reset": settings.SITE_URL + reverse("accounts:password_reset"),
        },
    )


def email_confirm(*, user: User) -> None:
    """Mark the account's address confirmed (the link was followed)."""
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])


def organisation_create(*, creator: User, name: str, kind: str, area_name: str) -> Organisation:
    """Create an organisation with ``creator`` as its first admin."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, kind=kind, area_name=area_name)
        Membership.objects.create(
            user=creator, organisation=organisation, role=Membership.Role.ADMIN
        )
    return organisation


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT)


def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User
) -> Invitation:
    """Record an invitation and email its link. Refuses existing members and
    duplicate pending invitations."""
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise AccountRuleError(ALREADY_MEMBER.format(email=email, org=organisation))
    pending = organisation.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    )
    if pending.exists():
        raise AccountRuleError(INVITE_PENDING.format(email=email, org=organisation))
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=invited_by
    )
    link = settings.SITE_URL + reverse(
        "accounts:invitation_accept", args=[invitation_token(invitation)]
    )
    transaction.on_commit(
        lambda: send_templated_email(
            "emails/invitation",
            to=[email],
            context={
                "invitation": invitation,
                "link": link,
                "inviter": invited_by,
                "days": settings.INVITATION_MAX_AGE_DAYS,
            },
        )
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """Return the pending invitation a token names, or raise ``AccountRuleError``
    saying why it cannot be used."""
    max_age = settings.INVITATION_MAX_AGE_DAYS * 24 * 60 * 60
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise AccountRuleError(INVITE_EXPIRED) from None
    except signing.BadSignature:
        raise AccountRuleError(INVITE_BAD) from None
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=payload.get("invitation"))
        .first()
    )
    if invitation is None:
        raise AccountRuleError(INVITE_BAD)
    if invitation.accepted_at is not None:
        raise AccountRuleError(INVITE_USED)
    if invitation.revoked_at is not None:
        raise AccountRuleError(INVITE_REVOKED)
    return invitation


def invitation_accept(*, token: str, user: User) -> Membership:
    """Join the invited organisation. The signed-in user's email must match the
    invitation's; the invitation then cannot be used again."""
    with transaction.atomic():
        invitation = invitation_from_token(token)
        # Lock the row so two tabs accepting at once make one membership.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise AccountRuleError(INVITE_USED)
        try:
            invitations.require_addressed_to(invitation.email, user.email)
        except invitations.InvitationError as error:
            raise AccountRuleError(str(error)) from None
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation_id=invitation.organisation_id,
            defaults={"role": invitation.role},
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def _admin_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Membership.Role.ADMIN).count()


def membership_remove(*, membership: Membership) -> None:
    """Remove a member (by an admin). The last admin cannot be removed."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        if membership.is_admin and _admin_count(organisation) <= 1:
            raise AccountRuleError(LAST_ADMIN_REMOVE.format(org=organisation))
        membership.delete()


def membership_set_role(*, membership: Membership, role: str) -> None:
    """Make a member an admin or an admin a member; an organisation keeps one admin."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        if (
            membership.is_admin
            and role != Membership.Role.ADMIN
            and _admin_count(organisation) <= 1
        ):
            raise AccountRuleError(LAST_ADMIN_DEMOTE.format(org=organisation))
        membership.role = role
        membership.save(update_fields=["role"])


def membership_leave(*, membership: Membership) -> None:
    """A member leaves. The only admin of an organisation with other members must
    hand over first, so no organisation is left without an admin."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        others = organisation.memberships.exclude(pk=membership.pk).exists()
        if membership.is_admin and others and _admin_count(organisation) <= 1:
            raise AccountRuleError(LAST_ADMIN_LEAVE.format(org=organisation))
        membership.delete()


def orphaned_admin_organisations(user: User) -> list[Organisation]:
    """Organisations that would be left with members but no admin if ``user`` left."""
    blocking = []
    for membership in user.memberships.filter(role=Membership.Role.ADMIN).select_related(
        "organisation"
    ):
        organisation = membership.organisation
        has_others = organisation.memberships.exclude(user=user).exists()
        if has_others and _admin_count(organisation) <= 1:
            blocking.append(organisation)
    return blocking


def user_delete(*, user: User) -> None:
    """Delete the account and the personal data it holds (name, email, password,
    memberships, pending invitations to that address). Work the user did for an
    organisation stays with the organisation: its foreign keys to the user are
    ``SET_NULL`` and are shown as "a former member"."""
    blocking = orphaned_admin_organisations(user)
    if blocking:
        raise AccountRuleError(
            LAST_ADMIN_DELETE.format(orgs=", ".join(org.name for org in blocking))
        )
    with transaction.atomic():
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
        user.delete()
