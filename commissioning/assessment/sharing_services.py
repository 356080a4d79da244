"""Sharing an assessment: inviting people (including partners from other
organisations) to take part, removing them, and the people page's reads. The ratings
the group agrees are in ``consensus_services.py``.

Writes take keyword-only arguments and run in one transaction each. A rule that
refuses an action raises ``AssessmentRuleError`` (from ``services``) with a message
written for the person who asked. The reads at the end build the rows the people page
shows, each in a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts import invitations
from commissioning.accounts.models import Membership, User
from commissioning.assessment import selectors
from commissioning.assessment.models import (
    Answer,
    Assessment,
    Participant,
    ParticipantInvitation,
)
from commissioning.assessment.services import AssessmentRuleError
from commissioning.datasafety import audit
from commissioning.lib.emails import send_templated_email

INVITATION_SALT = "commissioning.assessment.participant-invitation"
INVITATION_KEY = "participant_invitation"

# --- Messages ------------------------------------------------------------------------

ALREADY_PARTICIPANT = "{email} is already taking part in this assessment."
ALREADY_MEMBER = (
    "{email} is a member of {org}, which owns this assessment, so they can already rate it."
)
INVITE_PENDING = (
    "{email} already has an invitation to this assessment waiting. "
    "Withdraw it if you want to send a new one."
)
INVITE_SENT = "An invitation has been sent to {email}."
INVITE_BAD = invitations.BAD
INVITE_EXPIRED = invitations.EXPIRED
INVITE_USED = invitations.USED
INVITE_GONE = invitations.GONE.format(work="assessment")
INVITE_WRONG_EMAIL = invitations.WRONG_EMAIL
INVITE_ACCEPTED = "You are now taking part in {title}."
INVITE_ALREADY_ACCEPTED = "You are already taking part in {title}."
INVITE_WITHDRAWN = "The invitation to {email} has been withdrawn. Its link no longer works."
PARTICIPANT_REMOVED = (
    "{name} is no longer taking part in this assessment. The answers they gave stay in it."
)
REMOVE_SELF = "You cannot remove yourself. Ask another facilitator or an admin of {org} to do it."


# --- Invitations ---------------------------------------------------------------------


def invitation_expires_at(invitation: ParticipantInvitation) -> datetime:
    return invitations.expires_at(invitation.created_at)


def invitation_token(invitation: ParticipantInvitation) -> str:
    return invitations.token_for(salt=INVITATION_SALT, key=INVITATION_KEY, pk=invitation.pk)


def _pending_invitations(assessment: Assessment) -> QuerySet[ParticipantInvitation]:
    """Invitations not yet accepted whose link has not expired."""
    return assessment.invitations.filter(
        accepted_at__isnull=True, created_at__gt=timezone.now() - invitations.max_age()
    )


def participant_invite(
    *, assessment: Assessment, email: str, role: str, invited_by: User
) -> ParticipantInvitation:
    """Record an invitation to take part in ``assessment`` and email its link once the
    transaction commits. Anyone can be invited, whatever their organisation; refuses
    members of the owning organisation (they can already rate), people already
    taking part and addresses with an invitation still waiting."""
    email = email.strip().lower()
    with transaction.atomic():
        # One invitation at a time per assessment, so two facilitators inviting the
        # same address at once make one invitation, not two.
        locked = Assessment.objects.select_for_update(of=("self",)).select_related("organisation")
        assessment = locked.get(pk=assessment.pk)
        if assessment.participants.filter(user__email__iexact=email).exists():
            raise AssessmentRuleError(ALREADY_PARTICIPANT.format(email=email))
        if Membership.objects.filter(
            organisation_id=assessment.organisation_id, user__email__iexact=email
        ).exists():
            raise AssessmentRuleError(
                ALREADY_MEMBER.format(email=email, org=assessment.organisation)
            )
        if _pending_invitations(assessment).filter(email__iexact=email).exists():
            raise AssessmentRuleError(INVITE_PENDING.format(email=email))
        invitation = ParticipantInvitation.objects.create(
            assessment=assessment, email=email, role=role, invited_by=invited_by
        )
        audit.record(
            actor=invited_by,
            verb=audit.INVITED,
            target=assessment,
            details={"email": email, "role": role},
        )
        link = settings.SITE_URL + reverse(
            "assessment:invitation_accept", args=[invitation_token(invitation)]
        )
        context = {
            "invitation": invitation,
            "assessment": assessment,
            "organisation": assessment.organisation,
            "inviter": invited_by,
            "link": link,
            "days": settings.INVITATION_MAX_AGE_DAYS,
        }
        transaction.on_commit(
            lambda: send_templated_email(
                "emails/assessment_invitation", to=[email], context=context
            )
        )
    return invitation


def invitation_from_token(
    token: str, *, user: User | AnonymousUser | None = None
) -> ParticipantInvitation:
    """The invitation a token names, or ``AssessmentRuleError`` saying why it cannot
    be used. An invitation already accepted is returned only to the person who
    accepted it while they still take part (so a second click is not an error);
    everyone else is told it has been used."""
    try:
        pk = invitations.pk_from_token(token, salt=INVITATION_SALT, key=INVITATION_KEY)
    except invitations.InvitationError as error:
        raise AssessmentRuleError(str(error)) from None
    invitation = (
        ParticipantInvitation.objects.select_related("assessment__organisation", "invited_by")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        # Withdrawing deletes the row (the model has no "withdrawn" mark).
        raise AssessmentRuleError(INVITE_GONE)
    if invitation.accepted_at is not None and not _accepted_by(invitation, user):
        raise AssessmentRuleError(INVITE_USED)
    return invitation


def _accepted_by(invitation: ParticipantInvitation, user: User | AnonymousUser | None) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and invitations.same_address(invitation.email, user.email)
        and Participant.objects.filter(assessment_id=invitation.assessment_id, user=user).exists()
    )


def invitation_accept(*, token: str, user: User) -> tuple[Participant, bool]:
    """Take part in the invited assessment; returns the participant and whether this
    call created it. The signed-in address must be the invited one. Accepting twice
    (two tabs, a double click) makes one participant: the invitation row is locked
    while it is checked and marked used."""
    with transaction.atomic():
        found = invitation_from_token(token, user=user)
        try:
            invitation, existing = invitations.claim(
                ParticipantInvitation.objects.select_related("assessment"),
                found.pk,
                email=user.email,
                already=lambda row: Participant.objects.filter(
                    assessment_id=row.assessment_id, user=user
                ).first(),
                gone=INVITE_GONE,
            )
        except invitations.InvitationError as error:
            raise AssessmentRuleError(str(error)) from None
        if existing is not None:
            return existing, False
        participant, created = Participant.objects.get_or_create(
            assessment_id=invitation.assessment_id, user=user, defaults={"role": invitation.role}
        )
        invitations.mark_used(invitation)
        if created:
            audit.record(actor=user, verb=audit.JOINED, target=invitation.assessment)
    return participant, created


def invitation_withdraw(*, invitation: ParticipantInvitation, user: User | None = None) -> None:
    """Withdraw an invitation not yet accepted: its link stops working."""
    invitations.withdraw(invitation, user=user, target=invitation.assessment)


def participant_remove(*, participant: Participant, removed_by: User) -> None:
    """Stop someone taking part. The answers they gave stay in the assessment (they
    are part of the group's record); they can no longer see it, nor any copy made by
    reopening it (copies made before invited people stopped being carried over may
    still name them: they are removed from those too)."""
    if participant.user_id == removed_by.pk:
        raise AssessmentRuleError(REMOVE_SELF.format(org=participant.assessment.organisation))
    with transaction.atomic():
        copies = selectors.copies_of(participant.assessment_id)
        Participant.objects.filter(
            Q(pk=participant.pk) | Q(assessment_id__in=copies, user_id=participant.user_id)
        ).delete()
        audit.record(
            actor=removed_by,
            verb=audit.PARTICIPANT_REMOVED,
            target=participant.assessment,
            subject=participant.user,
        )


# --- Reads for the people and consensus pages ---------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone taking part, as the people page lists them."""

    name: str
    email: str
    organisations: str
    role: str
    answered: int
    participant: Participant | None = None


def _organisation_names(user: User) -> str:
    names = [m.organisation.name for m in user.memberships.all()]
    return ", ".join(sorted(names)) or "None on the toolkit"


def people_taking_part(assessment: Assessment) -> list[Person]:
    """Participants (with their role and organisations), members of the owning
    organisation who have answered, and anyone who answered but no longer takes part
    (their answers stay). Sorted by name."""
    answered = {
        row["respondent"]: row["n"]
        for row in Answer.objects.filter(assessment=assessment)
        .values("respondent")
        .annotate(n=Count("id"))
    }
    memberships = {
        m.user_id: m for m in Membership.objects.filter(organisation_id=assessment.organisation_id)
    }
    participants = {
        p.user_id: p
        for p in assessment.participants.select_related("user").prefetch_related(
            "user__memberships__organisation"
        )
    }
    others = (
        User.objects.filter(pk__in=[pk for pk in answered if pk is not None])
        .exclude(pk__in=participants)
        .prefetch_related("memberships__organisation")
    )
    people = [
        Person(
            name=p.user.name or p.user.email,
            email=p.user.email,
            organisations=_organisation_names(p.user),
            role=p.get_role_display(),
            answered=answered.get(user_id, 0),
            participant=p,
        )
        for user_id, p in participants.items()
    ]
    for user in others:
        membership = memberships.get(user.pk)
        people.append(
            Person(
                name=user.name or user.email,
                email=user.email,
                organisations=_organisation_names(user),
                role=membership.get_role_display() if membership else "No longer taking part",
                answered=answered[user.pk],
            )
        )
    people.sort(key=lambda person: (person.name.lower(), person.email))
    if answered.get(None):
        people.append(
            Person(
                name="Former members (deleted accounts)",
                email="",
                organisations="",
                role="No longer taking part",
                answered=answered[None],
            )
        )
    return people


@dataclass(frozen=True)
class WaitingInvitation:
    invitation: ParticipantInvitation
    expires_at: datetime
    expired: bool


def invitations_waiting(assessment: Assessment) -> list[WaitingInvitation]:
    """Invitations not yet accepted, newest first, each marked expired or not."""
    now = timezone.now()
    rows = []
    for invitation in assessment.invitations.filter(accepted_at__isnull=True).select_related(
        "invited_by"
    ):
        expires_at = invitation_expires_at(invitation)
        rows.append(WaitingInvitation(invitation, expires_at, expires_at <= now))
    return rows
