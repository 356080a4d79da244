import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail

from commissioning.accounts.models import Invitation, Membership
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def invite(client, org, email="carol@partner.example", role="member"):
    return client.post(
        f"/accounts/organisations/{org.pk}/invite/",
        {"invite-email": email, "invite-role": role},
    )


def link_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/invitations/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_admin_invites_a_colleague_by_email(
    client, alice, north, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, north)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "carol@partner.example"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carol@partner.example"]
    assert "North Borough ICB" in message.subject
    assert message.alternatives and "Accept the invitation" in message.alternatives[0][0]


def test_the_invitee_signs_up_and_joins(client, alice, north, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, north)
    path = link_path(mail.outbox[0])
    client.logout()
    page = client.get(path)
    assert "Join North Borough ICB" in page.content.decode()
    carol = make_user(email="carol@partner.example")
    client.force_login(carol)
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.filter(user=carol, organisation=north).exists()
    # The link works once.
    again = client.post(path)
    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    assert Membership.objects.filter(user=carol).count() == 1


def test_the_link_is_refused_for_a_different_signed_in_address(
    client, alice, bob, north, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, north)
    path = link_path(mail.outbox[0])
    client.force_login(bob)
    response = client.post(path)
    assert response.status_code == 400
    assert "was sent to carol@partner.example" in response.content.decode()
    assert not Membership.objects.filter(user=bob, organisation=north).exists()


def test_an_expired_link_is_refused(
    client, alice, north, django_capture_on_commit_callbacks, settings
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, north)
    path = link_path(mail.outbox[0])
    later = time.time() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS, hours=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(path)
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_a_tampered_link_is_refused(client):
    response = client.get("/accounts/invitations/eyJpbnZpdGF0aW9uIjoxfQ:forged:sig/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_withdrawn_invitation_is_refused(
    client, alice, north, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, north)
    invitation = Invitation.objects.get()
    client.post(f"/accounts/organisations/{north.pk}/invitations/{invitation.pk}/revoke/")
    response = client.get(link_path(mail.outbox[0]))
    assert response.status_code == 400
    assert "withdrawn" in response.content.decode()


def test_it_refuses_duplicate_and_member_invitations(client, alice, north):
    client.force_login(alice)
    invite(client, north)
    response = invite(client, north)
    assert "already has an invitation" in response.content.decode()
    response = invite(client, north, email="ALICE@north.example")
    assert "already a member" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_a_bad_email_is_explained(client, alice, north):
    client.force_login(alice)
    response = invite(client, north, email="not-an-email")
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter an email address in the correct format" in text
    assert not Invitation.objects.exists()


def test_another_organisation_cannot_withdraw_an_invitation(client, alice, bob, north, south):
    client.force_login(alice)
    invite(client, north)
    invitation = Invitation.objects.get()
    client.force_login(bob)
    assert (
        client.post(
            f"/accounts/organisations/{north.pk}/invitations/{invitation.pk}/revoke/"
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/accounts/organisations/{south.pk}/invitations/{invitation.pk}/revoke/"
        ).status_code
        == 404
    )
    invitation.refresh_from_db()
    assert invitation.is_pending
