"""Submitting a shared assessment: the page shows who has and has not rated, asks for
confirmation when someone has not finished, and lands on a "submitted" page with what
happens next and a link to the results."""

import pytest
from django.urls import reverse

from commissioning.assessment.models import Assessment, Participant
from commissioning.assessment.sharing_services import participant_invite
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


@pytest.fixture
def partner(assessment):
    user = make_user(email="pat@partner.example", name="Pat Partner")
    Participant.objects.create(assessment=assessment, user=user)
    return user


def submit_url(assessment) -> str:
    return reverse("assessment:submit", args=[assessment.pk])


def test_it_shows_who_has_and_has_not_rated(client, alice, assessment, partner):
    answer_all(assessment, alice, 3)
    client.force_login(alice)
    text = client.get(submit_url(assessment)).text
    assert "Who has rated" in text
    assert "Pat Partner" in text and "None yet (has not rated)" in text
    assert "All 6" in text  # Alice rated every question
    assert "1 person has not finished rating" in text
    assert 'name="confirm"' in text


def test_someone_not_finished_needs_a_confirmation(client, alice, assessment, partner):
    answer_all(assessment, alice, 3)
    client.force_login(alice)
    response = client.post(submit_url(assessment))
    assert response.status_code == 200
    assert "Confirm that you want to submit before everyone has rated" in response.text
    assert "There is a problem" in response.text
    assessment.refresh_from_db()
    assert not assessment.is_locked
    response = client.post(submit_url(assessment), {"confirm": "on"})
    assert response.url == reverse("assessment:submitted", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.is_locked


def test_an_unaccepted_invitation_also_needs_a_confirmation(client, alice, assessment):
    answer_all(assessment, alice, 3)
    participant_invite(
        assessment=assessment, email="sam@elsewhere.example", role="rater", invited_by=alice
    )
    client.force_login(alice)
    text = client.get(submit_url(assessment)).text
    assert "sam@elsewhere.example" in text and "not been accepted yet" in text
    client.post(submit_url(assessment))
    assert not Assessment.objects.get(pk=assessment.pk).is_locked


def test_everyone_rated_submits_at_once_and_lands_on_what_happens_next(client, alice, assessment):
    answer_all(assessment, alice, 3)
    client.force_login(alice)
    assert 'name="confirm"' not in client.get(submit_url(assessment)).text
    response = client.post(submit_url(assessment), follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessment:submitted", args=[assessment.pk])
    text = response.text
    assert "Assessment submitted" in text and "What happens next" in text
    assert reverse("assessment:results", args=[assessment.pk]) in text
    # Before submitting, the confirmation page sends you to submit instead.
    other = make_assessment(organisation=assessment.organisation, user=alice, title="Other")
    early = client.get(reverse("assessment:submitted", args=[other.pk]))
    assert early.url == submit_url(other)
