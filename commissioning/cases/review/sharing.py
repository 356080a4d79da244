"""Sharing a case with named people: invitations (signed, expiring, single-use links
from ``accounts.invitations``), accepting one, withdrawing one and removing someone.

Writes take keyword-only arguments and run in one transaction each; a refused action
raises ``ShareRefused`` with a message for the person who asked. Emails go once the
transaction commits."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts import invitations
from commissioning.accounts.models import Membership, Organisation, User
from commissioning.cases.models import Case, CaseCollaborator, CaseInvitation
from commissioning.cases.review.models import ShareRole
from commissioning.datasafety import audit
from commissioning.lib.emails import send_templated_email

INVITATION_SALT = "commissioning.cases.case-invitation"
INVITATION_KEY = "case_invitation"

ALREADY_SHARED = "{email} already has access to this case."
ALREADY_MEMBER = "{email} is a member of {org}, which owns this case, so they can already see it."
INVITE_PENDING = (
    "{email} already has an invitation to this case waiting. "
    "Withdraw it if you want to send a new one."
)
INVITE_SENT = "An invitation has been sent to {email}."
INVITE_GONE = invitations.GONE.format(work="case")
INVITE_ACCEPTED = "You can now see {title}."
INVITE_ALREADY_ACCEPTED = "You already have access to {title}."
INVITE_WITHDRAWN = "The invitation to {email} has been withdrawn. Its link no longer works."
ORGANISATION_CHOICE = "Select the organisation you are reviewing this case for"
REMOVED = "{name} no longer has access to this case."


class ShareRefused(Exception):
    """A sharing action that cannot be done; the message says why."""


def invitation_token(invitation: CaseInvitation) -> str:
    return invitations.token_for(salt=INVITATION_SALT, key=INVITATION_KEY, pk=invitation.pk)


def invitation_link(invitation: CaseInvitation) -> str:
    return settings.SITE_URL + reverse(
        "cases:invitation_accept", args=[invitation_token(invitation)]
    )


def case_invite(*, case: Case, email: str, role: str, invited_by: User) -> CaseInvitation:
    """Invite ``email`` into ``case`` as a reviewer or co-editor and email the link once
    the transaction commits. Refuses members of the owning organisation, people it is
    already shared with and addresses with an invitation waiting."""
    email = email.strip().lower()
    if role not in ShareRole.values:
        raise ShareRefused("Select whether they will review the case or edit it with you")
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("organisation")
        case = locked.get(pk=case.pk)
        if case.collaborators.filter(user__email__iexact=email).exists():
            raise ShareRefused(ALREADY_SHARED.format(email=email))
        if Membership.objects.filter(
            organisation_id=case.organisation_id, user__email__iexact=email
        ).exists():
            raise ShareRefused(ALREADY_MEMBER.format(email=email, org=case.organisation))
        waiting = case.invitations.filter(
            accepted_at__isnull=True, created_at__gt=timezone.now() - invitations.max_age()
        )
        if waiting.filter(email__iexact=email).exists():
            raise ShareRefused(INVITE_PENDING.format(email=email))
        invitation = CaseInvitation.objects.create(
            case=case, email=email, role=role, invited_by=invited_by
        )
        audit.record(
            actor=invited_by,
            verb=audit.INVITED,
            target=case,
            details={"email": email, "role": role},
        )
        context = {
            "invitation": invitation,
            "case": case,
            "organisation": case.organisation,
            "inviter": invited_by,
            "link": invitation_link(invitation),
            "days": settings.INVITATION_MAX_AGE_DAYS,
        }
        transaction.on_commit(
            lambda: send_templated_email("emails/case_invitation", to=[email], context=context)
        )
    return invitation


def invitation_from_token(
    token: str, *, user: User | AnonymousUser | None = None
) -> CaseInvitation:
    """The invitation a token names, or ``ShareRefused`` in the shared wording. An
    accepted invitation is returned only to the person who accepted it while they
    still have the share (a second click is not an error)."""
    try:
        pk = invitations.pk_from_token(token, salt=INVITATION_SALT, key=INVITATION_KEY)
    except invitations.InvitationError as error:
        raise ShareRefused(str(error)) from None
    invitation = (
        CaseInvitation.objects.select_related("case__organisation", "invited_by")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise ShareRefused(INVITE_GONE)
    if invitation.accepted_at is not None and not _accepted_by(invitation, user):
        raise ShareRefused(invitations.USED)
    return invitation


def _accepted_by(invitation: CaseInvitation, user: User | AnonymousUser | None) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and invitations.same_address(invitation.email, user.email)
        and CaseCollaborator.objects.filter(case_id=invitation.case_id, user=user).exists()
    )


def organisation_choices(user: User) -> list[Organisation]:
    """The organisations someone may accept an invitation on behalf of: their own."""
    return list(Organisation.objects.filter(memberships__user=user).order_by("name"))


def invitation_accept(
    *, token: str, user: User, organisation: Organisation | None = None
) -> tuple[CaseCollaborator, bool]:
    """Join the invited case; returns the share and whether this call made it. The
    signed-in address must be the invited one. ``organisation`` is the partner
    organisation they act for (one of their own; required when they have several, and
    their only one when they have one): leaving it ends their access."""
    with transaction.atomic():
        found = invitation_from_token(token, user=user)
        try:
            invitation, existing = invitations.claim(
                CaseInvitation.objects.select_related("case"),
                found.pk,
                email=user.email,
                already=lambda row: CaseCollaborator.objects.filter(
                    case_id=row.case_id, user=user
                ).first(),
                gone=INVITE_GONE,
            )
        except invitations.InvitationError as error:
            raise ShareRefused(str(error)) from None
        if existing is not None:
            return existing, False
        own = organisation_choices(user)
        if organisation is None and len(own) == 1:
            organisation = own[0]
        if own and (organisation is None or organisation.pk not in {o.pk for o in own}):
            raise ShareRefused(ORGANISATION_CHOICE)
        share, created = CaseCollaborator.objects.get_or_create(
            case_id=invitation.case_id,
            user=user,
            defaults={"role": invitation.role, "organisation": organisation},
        )
        invitations.mark_used(invitation)
        if created:
            audit.record(actor=user, verb=audit.JOINED, target=invitation.case)
    return share, created


def invitation_withdraw(*, invitation: CaseInvitation, user: User) -> None:
    """Withdraw an invitation not yet accepted: its link stops working."""
    invitations.withdraw(invitation, user=user, target=invitation.case)


def collaborator_remove(*, share: CaseCollaborator, removed_by: User) -> None:
    """End someone's access to the case at once (their comments and any review they
    recorded stay in the case's record)."""
    with transaction.atomic():
        CaseCollaborator.objects.filter(pk=share.pk).delete()
        audit.record(
            actor=removed_by, verb=audit.PARTICIPANT_REMOVED, target=share.case, subject=share.user
        )


@dataclass(frozen=True)
class Waiting:
    invitation: CaseInvitation
    expires_at: datetime
    expired: bool


def invitations_waiting(case: Case) -> list[Waiting]:
    now = timezone.now()
    rows = []
    for invitation in case.invitations.filter(accepted_at__isnull=True).select_related(
        "invited_by"
    ):
        expires = invitations.expires_at(invitation.created_at)
        rows.append(Waiting(invitation, expires, expires <= now))
    return rows


def organisation_of(user: User, case: Case) -> str:
    """The organisation someone acts for on ``case``: the owning organisation for its
    members, else the partner organisation they accepted for, else "Not stated"."""
    if Membership.objects.filter(user=user, organisation_id=case.organisation_id).exists():
        return case.organisation.name
    share = (
        CaseCollaborator.objects.filter(case=case, user=user).select_related("organisation").first()
    )
    if share is not None and share.organisation is not None:
        return share.organisation.name
    return "Not stated"
