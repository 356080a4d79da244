"""Deleting an account keeps the organisation's work: the person's answers and agreed
ratings stay, still count, and every page names them "a former member"."""

import pytest

from commissioning.accounts import services as account_services
from commissioning.assessment import consensus_services, services, sharing_services
from commissioning.assessment.models import Answer, ConsensusRating, Question
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


@pytest.fixture
def leaver(north, assessment):
    """A member who answered two questions, recorded an agreed rating and invited a
    partner, then deleted their account."""
    user = make_user(email="leaver@north.example", name="Lena Leaver")
    make_membership(user=user, organisation=north)
    for code, rating in (("s1-1", 4), ("s1-2", 0)):
        services.answer_record(
            assessment=assessment,
            question=Question.objects.get(code=code),
            user=user,
            rating=rating,
            dont_know=False,
            note="",
            seen_version=None,
        )
    consensus_services.consensus_record(
        assessment=assessment,
        question=Question.objects.get(code="s1-1"),
        user=user,
        rating=4,
        dont_know=False,
        rationale="The evidence was clear.",
    )
    sharing_services.participant_invite(
        assessment=assessment, email="later@partner.example", role="rater", invited_by=user
    )
    account_services.user_delete(user=user)
    return user


def page(client, assessment, tail: str) -> str:
    response = client.get(f"/assessments/{assessment.pk}/{tail}")
    assert response.status_code == 200, tail
    return response.content.decode()


def test_the_work_stays_and_still_counts(leaver, assessment):
    assert Answer.objects.filter(assessment=assessment, respondent=None).count() == 2
    assert ConsensusRating.objects.get(assessment=assessment).decided_by is None


def test_every_page_names_them_a_former_member(client, alice, north, leaver, assessment):
    client.force_login(alice)
    pages = {
        "consensus": page(client, assessment, "consensus/"),
        "consensus_record": page(client, assessment, "consensus/s1-2/"),
        "people": page(client, assessment, "people/"),
        "results": page(client, assessment, "results/"),
        "plan": page(client, assessment, "plan/"),
        "tasks": page(client, assessment, ""),
        "activity": client.get(f"/accounts/organisations/{north.pk}/activity/").content.decode(),
    }
    for name, html in pages.items():
        assert "Lena" not in html and "leaver@north.example" not in html, name
    assert "Recorded by a former member" in pages["consensus"]
    assert "a former member: 4" in pages["consensus"]
    assert "a former member: 0" in pages["consensus_record"]
    assert "Former members (deleted accounts)" in pages["people"]
    assert "by a former member" in pages["people"]  # the invitation they sent
    assert "a former member" in pages["activity"]


def test_the_people_page_still_counts_their_answers(client, alice, leaver, assessment):
    client.force_login(alice)
    html = page(client, assessment, "people/")
    row = html[html.index("Former members (deleted accounts)") :]
    row = row[: row.index("</tr>")]
    assert ">2<" in row.replace(" ", "")


def test_the_consensus_figures_include_their_ratings(client, alice, leaver, assessment):
    services.answer_record(
        assessment=assessment,
        question=Question.objects.get(code="s1-2"),
        user=alice,
        rating=2,
        dont_know=False,
        note="",
        seen_version=None,
    )
    client.force_login(alice)
    html = page(client, assessment, "consensus/")
    row = html[html.index('id="question-s1-2"') :]
    row = row[: row.index("</tr>")]
    assert "0 to 2" in row  # the former member's 0 and Alice's 2
