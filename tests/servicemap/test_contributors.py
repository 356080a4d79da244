"""Partners invited into one service map as contributors: the signed, expiring,
single-use link (``accounts.invitations``), what a contributor may do, and that
removal takes effect at once."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from commissioning.accounts import invitations
from commissioning.assessment.models import Assessment
from commissioning.datasafety.models import AuditEvent
from commissioning.servicemap import sharing
from commissioning.servicemap.models import MapContributor, MapInvitation, Service
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_organisation, make_user
from tests.servicemap.support import add_service, form_post, make_map

pytestmark = pytest.mark.django_db

PARTNER = "pat@provider.example"


@pytest.fixture
def the_map(north, alice):
    service_map = make_map(north, alice)
    add_service(service_map, alice)
    return service_map


@pytest.fixture
def partner(db):
    user = make_user(email=PARTNER, name="Pat Provider")
    make_membership(user=user, organisation=make_organisation(name="Provider Trust"))
    return user


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def send(client, the_map, email=PARTNER):
    url = reverse("servicemap:contributor_invite", args=[the_map.pk])
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda f: f()):
        return client.post(url, {"email": email})


def link_path() -> str:
    match = re.search(r"https?://[^/\s]+(/service-map/invitations/[^\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def accepted(client, alice, partner, the_map) -> str:
    client.force_login(alice)
    assert send(client, the_map).status_code == 302
    path = link_path()
    client.force_login(partner)
    assert client.post(path).status_code == 302
    return path


def test_a_member_invites_and_the_partner_accepts_and_contributes(client, alice, partner, the_map):
    client.force_login(alice)
    response = send(client, the_map)
    assert response.url.endswith("#people")
    message = mail.outbox[-1]
    assert message.to == [PARTNER] and "North Borough" in message.subject
    assert "You will see and change this map only" in message.body
    assert str(settings_days()) in message.body
    page = text(client.get(reverse("servicemap:detail", args=[the_map.pk])))
    assert "Invitations waiting" in page and PARTNER in page

    path = link_path()
    client.force_login(partner)
    assert "Accept and contribute" in text(client.get(path))
    response = client.post(path)
    assert response.url == reverse("servicemap:detail", args=[the_map.pk])
    assert MapContributor.objects.filter(service_map=the_map, user=partner).exists()
    assert MapInvitation.objects.get().accepted_at is not None

    add = reverse("servicemap:service_add", args=[the_map.pk])
    assert client.post(add, form_post(name="Provider's own group")).status_code == 302
    assert Service.objects.filter(name="Provider's own group", updated_by=partner).exists()
    page = text(client.get(reverse("servicemap:detail", args=[the_map.pk])))
    assert "Pat Provider (you)" in page
    assert "Invite a partner to contribute" not in page  # contributors do not invite
    assert "Delete the map" not in page
    verbs = set(AuditEvent.objects.filter(object_type="service_map").values_list("verb", flat=True))
    assert {"invited", "joined"} <= verbs


def settings_days() -> int:
    from django.conf import settings

    return settings.INVITATION_MAX_AGE_DAYS


def test_an_expired_link_is_refused(client, alice, partner, the_map, settings):
    client.force_login(alice)
    send(client, the_map)
    path = link_path()
    client.force_login(partner)
    later = time.time() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS, hours=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(path)
    assert response.status_code == 400 and invitations.EXPIRED in text(response)
    assert not MapContributor.objects.exists()


def test_a_replayed_link_is_refused_to_anyone_else(client, alice, partner, the_map):
    path = accepted(client, alice, partner, the_map)
    other = make_user(email="eve@elsewhere.example")
    client.force_login(other)
    response = client.post(path)
    assert response.status_code == 400 and invitations.USED in text(response)
    assert not MapContributor.objects.filter(user=other).exists()
    # The invitee following the link again is simply taken to the map.
    client.force_login(partner)
    assert client.get(path).status_code == 302


def test_a_tampered_link_is_refused(client, alice, partner, the_map):
    client.force_login(alice)
    send(client, the_map)
    path = link_path()
    client.force_login(partner)
    response = client.post(path[:-6] + "xx" + path[-4:])
    assert response.status_code == 400 and invitations.BAD in text(response)
    # A token for an assessment invitation is not a map invitation.
    forged = invitations.token_for(
        salt="commissioning.assessment.participant-invitation",
        key=sharing.INVITATION_KEY,
        pk=MapInvitation.objects.get().pk,
    )
    response = client.post(reverse("servicemap:invitation_accept", args=[forged]))
    assert response.status_code == 400 and invitations.BAD in text(response)
    assert not MapContributor.objects.exists()


def test_the_wrong_address_is_refused(client, alice, the_map):
    client.force_login(alice)
    send(client, the_map)
    path = link_path()
    other = make_user(email="eve@elsewhere.example")
    client.force_login(other)
    assert "signed in with a different email address" in text(client.get(path))
    response = client.post(path)
    assert response.status_code == 400
    assert "This invitation was sent to pat@provider.example" in text(response)
    assert not MapContributor.objects.exists()


def test_a_withdrawn_invitation_no_longer_works(client, alice, partner, the_map):
    client.force_login(alice)
    send(client, the_map)
    path = link_path()
    invitation = MapInvitation.objects.get()
    url = reverse("servicemap:invitation_withdraw", args=[the_map.pk, invitation.pk])
    assert client.post(url).status_code == 302
    assert not MapInvitation.objects.exists()
    client.force_login(partner)
    response = client.post(path)
    assert response.status_code == 400 and "This invitation was withdrawn" in text(response)
    assert "service map it was for" in text(response)
    assert not MapContributor.objects.exists()


def test_members_and_pending_addresses_are_not_invited_twice(client, alice, north, the_map):
    colleague = make_user(email="col@north.example")
    make_membership(user=colleague, organisation=north)
    client.force_login(alice)
    response = send(client, the_map, "COL@north.example")
    assert response.status_code == 200 and "is a member of North Borough ICB" in text(response)
    send(client, the_map)
    response = send(client, the_map)
    assert "already has an invitation to this service map waiting" in text(response)
    assert MapInvitation.objects.count() == 1


def test_a_removed_contributor_gets_404_at_once(client, alice, partner, the_map):
    accepted(client, alice, partner, the_map)
    contributor = MapContributor.objects.get()
    client.force_login(alice)
    url = reverse("servicemap:contributor_remove", args=[the_map.pk, contributor.pk])
    assert client.post(url).status_code == 302
    assert AuditEvent.objects.filter(verb="participant_removed", subject=partner).exists()
    client.force_login(partner)
    for name in ("servicemap:detail", "servicemap:service_add", "servicemap:csv"):
        assert client.get(reverse(name, args=[the_map.pk])).status_code == 404, name
    assert (
        client.post(reverse("servicemap:service_add", args=[the_map.pk]), form_post()).status_code
        == 404
    )
    assert Service.objects.count() == 1


def test_a_contributor_sees_nothing_else_of_the_organisation(
    client, alice, north, partner, the_map
):
    from commissioning.cases import services as case_services

    accepted(client, alice, partner, the_map)
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    case = case_services.case_create(organisation=north, user=alice, kind="new_team", title="C")
    other_map = make_map(north, alice, area_name="Other Borough")
    client.force_login(partner)
    for url in (
        reverse("assessment:tasks", args=[assessment.pk]),
        reverse("cases:tasks", args=[case.pk]),
        reverse("servicemap:detail", args=[other_map.pk]),
        reverse("accounts:organisation", args=[north.pk]),
    ):
        assert client.get(url).status_code == 404, url
    listing = text(client.get(reverse("servicemap:index")))
    assert "North Borough" in listing and "Other Borough" not in listing
    assert str(assessment.title) not in text(client.get(reverse("assessment:index")))
    assert Assessment.objects.for_user(partner).count() == 0
    # A contributor may not invite, remove or delete.
    assert send(client, the_map, "x@y.example").status_code == 403
    delete = reverse("servicemap:delete", args=[the_map.pk])
    response = client.post(delete)
    assert response.status_code == 403
    assert "Only the person who started this service map or an admin" in text(response)
