"""The people page of a shared assessment: who takes part, inviting colleagues
(including partners from other organisations), accepting, withdrawing, removing."""

import re
import time
from datetime import timedelta
from unittest import mock
from urllib.parse import quote

import pytest
from django.core import mail

from commissioning.assessment import sharing_services
from commissioning.assessment.models import Answer, Participant, ParticipantInvitation
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


@pytest.fixture
def partner(db):
    """Someone in a partner organisation, not a member of North."""
    user = make_user(email="pat@partner.example", name="Pat Partner")
    make_membership(user=user, organisation=make_organisation(name="Partner Trust"))
    return user


def url(assessment, tail=""):
    return f"/assessments/{assessment.pk}/{tail}"


def invite(client, assessment, email="pat@partner.example", role="rater"):
    return client.post(url(assessment, "people/invite/"), {"email": email, "role": role})


def link_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/assessments/invitations/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def test_the_page_lists_participants_members_who_answered_and_invitations(
    client, alice, north, assessment, partner
):
    Participant.objects.create(assessment=assessment, user=partner, role="facilitator")
    colleague = make_user(name="Colin League")
    make_membership(user=colleague, organisation=north)
    silent = make_user(name="Silent Member")
    make_membership(user=silent, organisation=north)
    question = assessment.instrument.sections.get(code="s1").questions.get(code="s1-1")
    Answer.objects.create(assessment=assessment, question=question, respondent=colleague, rating=2)
    Answer.objects.create(assessment=assessment, question=question, respondent=partner, rating=3)
    ParticipantInvitation.objects.create(
        assessment=assessment, email="waiting@partner.example", invited_by=alice
    )
    client.force_login(alice)
    page = text(client.get(url(assessment, "people/")))
    assert "<h1>People taking part</h1>" in page
    assert "Pat Partner" in page and "Partner Trust" in page and "Facilitator" in page
    assert "Colin League" in page and "Member" in page
    assert "Silent Member" not in page  # members appear once they have answered
    assert re.search(r"Pat Partner.*?<td>1</td>", page, re.S)
    assert "waiting@partner.example" in page
    assert 'Remove<span class="visually-hidden"> Pat Partner</span>' in page
    assert "Send invitation" in page


def test_participants_see_the_page_without_admin_controls(client, assessment, partner):
    Participant.objects.create(assessment=assessment, user=partner)
    client.force_login(partner)
    page = text(client.get(url(assessment, "people/")))
    assert "Pat Partner (you)" in page
    assert "Send invitation" not in page and "Remove<" not in page


def test_an_admin_invites_a_partner_by_email(
    client, alice, assessment, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, assessment, email="Pat@Partner.example", role="facilitator")
    assert response.url == url(assessment, "people/")
    invitation = ParticipantInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "pat@partner.example",
        "facilitator",
        alice,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@partner.example"]
    assert "Spring review" in message.subject and "Alice North" in message.subject
    assert "as a facilitator" in message.body
    assert "expires in 7 days" in message.body
    html = message.alternatives[0][0]
    assert "Accept the invitation" in html and link_path(message) in html
    page = text(client.get(url(assessment, "people/")))
    assert "An invitation has been sent to pat@partner.example" in page


def test_no_email_is_sent_if_the_transaction_does_not_commit(
    client, alice, assessment, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(client, assessment)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_facilitator_from_a_partner_organisation_can_invite(client, assessment, partner):
    Participant.objects.create(assessment=assessment, user=partner, role="facilitator")
    client.force_login(partner)
    response = invite(client, assessment, email="third@partner.example")
    assert response.status_code == 302
    assert ParticipantInvitation.objects.get().invited_by == partner


@pytest.mark.parametrize("who", ["member", "rater"])
def test_plain_members_and_raters_cannot_invite(client, north, assessment, partner, who):
    if who == "member":
        user = make_user()
        make_membership(user=user, organisation=north)
    else:
        user = partner
        Participant.objects.create(assessment=assessment, user=partner)
    client.force_login(user)
    assert client.get(url(assessment, "people/invite/")).status_code == 403
    assert invite(client, assessment, email="x@y.example").status_code == 403
    assert not ParticipantInvitation.objects.exists()


def test_it_refuses_duplicates_members_and_participants(client, alice, north, assessment, partner):
    client.force_login(alice)
    invite(client, assessment)
    page = text(invite(client, assessment, email="PAT@partner.example"))
    assert "pat@partner.example already has an invitation to this assessment waiting" in page
    assert "<title>Error: " in page
    page = text(invite(client, assessment, email="alice@north.example"))
    assert "is a member of North Borough ICB, which owns this assessment" in page
    other = make_user(email="olive@elsewhere.example")
    Participant.objects.create(assessment=assessment, user=other)
    page = text(invite(client, assessment, email="olive@elsewhere.example"))
    assert "olive@elsewhere.example is already taking part in this assessment" in page
    assert ParticipantInvitation.objects.count() == 1


def test_an_expired_invitation_does_not_block_a_new_one(client, alice, assessment, settings):
    old = ParticipantInvitation.objects.create(assessment=assessment, email="pat@partner.example")
    ParticipantInvitation.objects.filter(pk=old.pk).update(
        created_at=old.created_at - timedelta(days=settings.INVITATION_MAX_AGE_DAYS + 1)
    )
    client.force_login(alice)
    page = text(client.get(url(assessment, "people/")))
    assert "<strong>Expired</strong>" in page
    assert invite(client, assessment).status_code == 302
    assert ParticipantInvitation.objects.count() == 2


def test_the_form_needs_an_email_and_a_role(client, alice, assessment):
    client.force_login(alice)
    page = text(client.post(url(assessment, "people/invite/"), {"email": "not-an-email"}))
    assert "Enter an email address in the correct format" in page
    assert "Select what they will do" in page
    assert 'href="#id_role_0"' in page
    assert not ParticipantInvitation.objects.exists()


def test_the_partner_accepts_and_can_rate(
    client, alice, assessment, partner, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, assessment)
    path = link_path(mail.outbox[0])
    client.logout()
    page = text(client.get(path))
    assert f"Take part in {assessment.title}" in page
    assert f"/accounts/login/?next={quote(path)}" in page
    assert "/accounts/signup/?email=pat%40partner.example&amp;next=" in page
    client.force_login(partner)
    assert "Accept and take part" in text(client.get(path))
    response = client.post(path)
    assert response.url == url(assessment)
    participant = Participant.objects.get()
    assert (participant.user, participant.role) == (partner, "rater")
    assert ParticipantInvitation.objects.get().accepted_at is not None
    response = client.post(url(assessment, "s1/s1-1/"), {"rating": "3"})
    assert response.status_code == 302
    assert Answer.objects.get().respondent == partner
    # A second click of the link is harmless and makes no second participant.
    again = client.post(path)
    assert again.url == url(assessment)
    assert Participant.objects.count() == 1


def test_the_link_is_refused_for_a_different_address_and_after_use(
    client, alice, bob, assessment, partner
):
    invitation = ParticipantInvitation.objects.create(
        assessment=assessment, email="pat@partner.example", invited_by=alice
    )
    path = url(assessment).replace(
        f"{assessment.pk}/",
        f"invitations/{sharing_services.invitation_token(invitation)}/",
    )
    client.force_login(bob)
    page = text(client.get(path))
    assert "was sent to pat@partner.example, but you are signed in as bob@south.example" in page
    assert "Accept and take part" not in page
    response = client.post(path)
    assert response.status_code == 400
    assert not Participant.objects.exists()
    client.force_login(partner)
    client.post(path)
    client.force_login(bob)
    response = client.get(path)
    assert response.status_code == 400 and "already been used" in text(response)


def test_expired_tampered_and_withdrawn_links_are_refused(client, alice, assessment, settings):
    invitation = ParticipantInvitation.objects.create(
        assessment=assessment, email="pat@partner.example", invited_by=alice
    )
    path = f"/assessments/invitations/{sharing_services.invitation_token(invitation)}/"
    later = time.time() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS, hours=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(path)
    assert response.status_code == 400 and "expired" in text(response)
    response = client.get("/assessments/invitations/eyJwYXJ0aWNpcGFudF9pbnZpdGF0aW9uIjoxfQ:x:y/")
    assert response.status_code == 400 and "not valid" in text(response)
    # An organisation invitation's token does not open an assessment invitation.
    from commissioning.accounts.models import Invitation
    from commissioning.accounts.services import invitation_token as org_token

    org_invitation = Invitation.objects.create(organisation=assessment.organisation, email="a@b.c")
    assert client.get(f"/assessments/invitations/{org_token(org_invitation)}/").status_code == 400
    client.force_login(alice)
    client.post(url(assessment, f"people/invitations/{invitation.pk}/withdraw/"))
    assert not ParticipantInvitation.objects.exists()
    response = client.get(path)
    assert response.status_code == 400 and "withdrawn" in text(response)


def test_withdrawing_needs_a_pending_invitation_of_this_assessment(
    client, alice, north, assessment
):
    other = make_assessment(organisation=north, user=alice, title="Other")
    elsewhere = ParticipantInvitation.objects.create(assessment=other, email="x@y.example")
    client.force_login(alice)
    response = client.post(url(assessment, f"people/invitations/{elsewhere.pk}/withdraw/"))
    assert response.status_code == 404
    assert ParticipantInvitation.objects.filter(pk=elsewhere.pk).exists()
    assert client.get(url(other, f"people/invitations/{elsewhere.pk}/withdraw/")).status_code == 405


def test_removing_a_participant_keeps_their_answers(client, alice, assessment, partner):
    participant = Participant.objects.create(assessment=assessment, user=partner)
    question = assessment.instrument.sections.get(code="s1").questions.get(code="s1-1")
    Answer.objects.create(assessment=assessment, question=question, respondent=partner, rating=1)
    client.force_login(alice)
    response = client.post(url(assessment, f"people/{participant.pk}/remove/"), follow=True)
    assert "Pat Partner is no longer taking part" in text(response)
    assert not Participant.objects.exists()
    assert Answer.objects.get().respondent == partner
    page = text(client.get(url(assessment, "people/")))
    assert "No longer taking part" in page  # still listed with their answer
    client.force_login(partner)
    assert client.get(url(assessment)).status_code == 404


def test_a_facilitator_cannot_remove_themselves(client, assessment, partner):
    participant = Participant.objects.create(
        assessment=assessment, user=partner, role="facilitator"
    )
    client.force_login(partner)
    response = client.post(url(assessment, f"people/{participant.pk}/remove/"), follow=True)
    assert "You cannot remove yourself" in text(response)
    assert Participant.objects.filter(pk=participant.pk).exists()


def test_a_participant_of_another_assessment_cannot_be_removed_through_this_one(
    client, alice, north, assessment, partner
):
    other = make_assessment(organisation=north, user=alice, title="Other")
    participant = Participant.objects.create(assessment=other, user=partner)
    client.force_login(alice)
    assert client.post(url(assessment, f"people/{participant.pk}/remove/")).status_code == 404
    assert Participant.objects.filter(pk=participant.pk).exists()


def test_the_task_list_links_to_the_people_page(client, alice, assessment):
    client.force_login(alice)
    page = text(client.get(url(assessment)))
    assert f'href="/assessments/{assessment.pk}/people/"' in page
    assert f'href="/assessments/{assessment.pk}/consensus/"' in page
