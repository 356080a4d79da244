"""Inviting partners into one service map as contributors: invite, accept, withdraw,
remove, and the reads the people section shows.

The link is ``accounts.invitations``'s (signed, expiring, single-use, the same
wording as every other invitation). Accepting makes the person a ``MapContributor``
of that map only. Writes take keyword-only arguments, run in one transaction and
record an audit event; a refusal raises ``ServiceMapError`` with a message for the
person who asked. Permission is checked by the caller (``access.map_for`` with
``Action.INVITE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts import invitations
from commissioning.accounts.models import Membership, User
from commissioning.datasafety import audit
from commissioning.lib.emails import send_templated_email
from commissioning.servicemap.models import MapContributor, MapInvitation, ServiceMap
from commissioning.servicemap.services import ServiceMapError

INVITATION_SALT = "commissioning.servicemap.contributor-invitation"
INVITATION_KEY = "map_invitation"

ALREADY_CONTRIBUTOR = "{email} already contributes to this service map."
ALREADY_MEMBER = (
    "{email} is a member of {org}, which owns this service map, so they can already "
    "contribute to it."
)
INVITE_PENDING = (
    "{email} already has an invitation to this service map waiting. "
    "Withdraw it if you want to send a new one."
)
INVITE_SENT = "An invitation has been sent to {email}."
INVITE_GONE = invitations.GONE.format(work="service map")
INVITE_ACCEPTED = "You now contribute to the service map for {area}."
INVITE_ALREADY_ACCEPTED = "You already contribute to the service map for {area}."
INVITE_WITHDRAWN = "The invitation to {email} has been withdrawn. Its link no longer works."
CONTRIBUTOR_REMOVED = (
    "{name} no longer contributes to this service map. The services they recorded stay in it."
)


def invitation_token(invitation: MapInvitation) -> str:
    return invitations.token_for(salt=INVITATION_SALT, key=INVITATION_KEY, pk=invitation.pk)


def invitation_link(invitation: MapInvitation) -> str:
    return settings.SITE_URL + reverse(
        "servicemap:invitation_accept", args=[invitation_token(invitation)]
    )


def _waiting(service_map: ServiceMap) -> QuerySet[MapInvitation]:
    return service_map.invitations.filter(
        accepted_at__isnull=True, created_at__gt=timezone.now() - invitations.max_age()
    )


def contributor_invite(*, service_map: ServiceMap, email: str, invited_by: User) -> MapInvitation:
    """Record an invitation to contribute to ``service_map`` and email its link once
    the transaction commits. Refuses members of the owning organisation, people who
    already contribute and addresses with an invitation still waiting."""
    email = email.strip().lower()
    with transaction.atomic():
        # One invitation at a time per map: two members inviting the same address at
        # once make one invitation.
        service_map = (
            ServiceMap.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=service_map.pk)
        )
        if service_map.contributors.filter(user__email__iexact=email).exists():
            raise ServiceMapError(ALREADY_CONTRIBUTOR.format(email=email))
        if Membership.objects.filter(
            organisation_id=service_map.organisation_id, user__email__iexact=email
        ).exists():
            raise ServiceMapError(ALREADY_MEMBER.format(email=email, org=service_map.organisation))
        if _waiting(service_map).filter(email__iexact=email).exists():
            raise ServiceMapError(INVITE_PENDING.format(email=email))
        invitation = MapInvitation.objects.create(
            service_map=service_map, email=email, invited_by=invited_by
        )
        audit.record(
            actor=invited_by, verb=audit.INVITED, target=service_map, details={"email": email}
        )
        context = {
            "invitation": invitation,
            "service_map": service_map,
            "organisation": service_map.organisation,
            "inviter": invited_by,
            "link": invitation_link(invitation),
            "days": settings.INVITATION_MAX_AGE_DAYS,
        }
        transaction.on_commit(
            lambda: send_templated_email(
                "emails/service_map_invitation", to=[email], context=context
            )
        )
    return invitation


def invitation_from_token(token: str, *, user: User | AnonymousUser | None = None) -> MapInvitation:
    """The invitation a token names, or ``ServiceMapError`` saying why it cannot be
    used. One already accepted is returned only to the person who accepted it while
    they still contribute (a second click is not an error)."""
    try:
        pk = invitations.pk_from_token(token, salt=INVITATION_SALT, key=INVITATION_KEY)
    except invitations.InvitationError as error:
        raise ServiceMapError(str(error)) from None
    invitation = (
        MapInvitation.objects.select_related("service_map__organisation", "invited_by")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise ServiceMapError(INVITE_GONE)
    if invitation.accepted_at is not None and not _accepted_by(invitation, user):
        raise ServiceMapError(invitations.USED)
    return invitation


def _accepted_by(invitation: MapInvitation, user: User | AnonymousUser | None) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and invitations.same_address(invitation.email, user.email)
        and MapContributor.objects.filter(
            service_map_id=invitation.service_map_id, user=user
        ).exists()
    )


def invitation_accept(*, token: str, user: User) -> tuple[MapContributor, bool]:
    """Contribute to the invited map; returns the contributor and whether this call
    made them one. The signed-in address must be the invited one; the invitation row
    is locked while it is checked and marked used, so it works once."""
    with transaction.atomic():
        found = invitation_from_token(token, user=user)
        try:
            invitation, existing = invitations.claim(
                MapInvitation.objects.select_related("service_map"),
                found.pk,
                email=user.email,
                already=lambda row: MapContributor.objects.filter(
                    service_map_id=row.service_map_id, user=user
                ).first(),
                gone=INVITE_GONE,
            )
        except invitations.InvitationError as error:
            raise ServiceMapError(str(error)) from None
        if existing is not None:
            return existing, False
        contributor, created = MapContributor.objects.get_or_create(
            service_map_id=invitation.service_map_id, user=user
        )
        invitations.mark_used(invitation)
        if created:
            audit.record(actor=user, verb=audit.JOINED, target=invitation.service_map)
    return contributor, created


def invitation_withdraw(*, invitation: MapInvitation, user: User) -> None:
    """Withdraw an invitation not yet accepted: its link stops working."""
    invitations.withdraw(invitation, user=user, target=invitation.service_map)


def contributor_remove(*, contributor: MapContributor, removed_by: User) -> None:
    """Stop someone contributing. What they recorded stays in the map; they can no
    longer see it, from their next request on."""
    with transaction.atomic():
        MapContributor.objects.filter(pk=contributor.pk).delete()
        audit.record(
            actor=removed_by,
            verb=audit.PARTICIPANT_REMOVED,
            target=contributor.service_map,
            subject=contributor.user,
        )


# --- Reads for the people section ----------------------------------------------------


@dataclass(frozen=True)
class Contributor:
    pk: int
    name: str
    email: str
    since: datetime


@dataclass(frozen=True)
class WaitingInvitation:
    pk: int
    email: str
    invited_by: str
    expires: datetime


def contributors_of(service_map: ServiceMap) -> list[Contributor]:
    return [
        Contributor(pk=c.pk, name=str(c.user), email=c.user.email, since=c.added_at)
        for c in service_map.contributors.select_related("user").order_by("added_at", "pk")
    ]


def invitations_waiting(service_map: ServiceMap) -> list[WaitingInvitation]:
    return [
        WaitingInvitation(
            pk=i.pk,
            email=i.email,
            invited_by=str(i.invited_by) if i.invited_by else audit.FORMER_MEMBER,
            expires=invitations.expires_at(i.created_at),
        )
        for i in _waiting(service_map).select_related("invited_by")
    ]
