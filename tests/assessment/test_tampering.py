"""Hand-made posts to the sharing and consensus pages: out-of-range ratings, unknown
or foreign question codes, other organisations' ids, submitted assessments and made-up
roles each get a clear error or 404, and nothing changes."""

import pytest

from commissioning.assessment import consensus_services
from commissioning.assessment.models import (
    Answer,
    ConsensusRating,
    Instrument,
    Participant,
    ParticipantInvitation,
    Question,
    Section,
)
from commissioning.assessment.services import LOCKED, AssessmentRuleError
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


@pytest.fixture
def theirs(bob, south, assessment):
    """Bob's own assessment in South Shire, for mixing ids."""
    return make_assessment(organisation=south, user=bob, title="South review")


def url(assessment, tail=""):
    return f"/assessments/{assessment.pk}/{tail}"


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def snapshot() -> tuple:
    return (
        list(Answer.objects.values_list("pk", "rating", "dont_know", "version")),
        list(ConsensusRating.objects.values_list("pk", "rating", "dont_know", "rationale")),
        list(Participant.objects.values_list("pk", "user_id", "role")),
        list(ParticipantInvitation.objects.values_list("pk", "email", "role", "accepted_at")),
    )


@pytest.mark.parametrize("bad", ["5", "-1", "2.5", "four", "", "<script>", "dk2", "None"])
def test_agreed_ratings_outside_0_to_4_are_refused(client, alice, assessment, bad):
    client.force_login(alice)
    before = snapshot()
    response = client.post(url(assessment, "consensus/s1-1/"), {"rating": bad, "rationale": "x"})
    assert response.status_code == 200
    assert "Select the rating the group agreed, from 0 to 4, or Don't know" in text(response)
    assert snapshot() == before


@pytest.mark.parametrize("bad", ["5", "-1", "99999999999999999999", "1e1"])
def test_individual_ratings_outside_0_to_4_are_refused(client, alice, assessment, bad):
    client.force_login(alice)
    response = client.post(url(assessment, "s1/s1-1/"), {"rating": bad})
    assert "Select how well this describes your local system" in text(response)
    assert not Answer.objects.exists()


def test_an_overlong_rationale_is_refused(client, alice, assessment):
    client.force_login(alice)
    response = client.post(
        url(assessment, "consensus/s1-1/"), {"rating": "2", "rationale": "x" * 4001}
    )
    assert "The reason must be 4,000 characters or fewer" in text(response)
    assert not ConsensusRating.objects.exists()


def test_unknown_and_foreign_question_codes_are_404(client, alice, assessment):
    other = Instrument.objects.create(
        code="other", version=1, title="Other", description="", level_names=["a"] * 5
    )
    section = Section.objects.create(instrument=other, code="o1", title="Other section")
    foreign = Question.objects.create(section=section, code="o1-1", statement="Other", levels=[])
    client.force_login(alice)
    for code in ("zz-9", "o1-1", "S1-1"):
        assert client.get(url(assessment, f"consensus/{code}/")).status_code == 404
        post = client.post(url(assessment, f"consensus/{code}/"), {"rating": "2", "rationale": "x"})
        assert post.status_code == 404
    assert client.post(url(assessment, "o1/o1-1/"), {"rating": "2"}).status_code == 404
    assert not ConsensusRating.objects.exists() and not Answer.objects.exists()
    with pytest.raises(AssessmentRuleError, match="not part of this assessment"):
        consensus_services.consensus_record(
            assessment=assessment,
            question=foreign,
            user=alice,
            rating=2,
            dont_know=False,
            rationale="x",
        )


def test_another_organisations_assessment_is_404_everywhere(client, bob, assessment):
    participant = Participant.objects.create(assessment=assessment, user=make_user())
    invitation = ParticipantInvitation.objects.create(assessment=assessment, email="p@q.example")
    client.force_login(bob)
    before = snapshot()
    for tail in (
        "people/",
        "people/invite/",
        "consensus/",
        "consensus/s1-1/",
        f"people/invitations/{invitation.pk}/withdraw/",
        f"people/{participant.pk}/remove/",
    ):
        assert (
            client.post(
                url(assessment, tail),
                {"email": "bob2@south.example", "role": "rater", "rating": "2", "rationale": "x"},
            ).status_code
            == 404
        ), tail
    assert snapshot() == before


def test_ids_from_another_assessment_are_404_through_your_own(
    client, alice, bob, assessment, theirs
):
    """Bob administers his own assessment but cannot reach North's rows by pairing
    their ids with his assessment's id."""
    participant = Participant.objects.create(assessment=assessment, user=make_user())
    invitation = ParticipantInvitation.objects.create(assessment=assessment, email="p@q.example")
    client.force_login(bob)
    before = snapshot()
    assert client.post(url(theirs, f"people/{participant.pk}/remove/")).status_code == 404
    response = client.post(url(theirs, f"people/invitations/{invitation.pk}/withdraw/"))
    assert response.status_code == 404
    assert snapshot() == before


def test_a_submitted_assessment_refuses_ratings_and_agreed_ratings(client, alice, assessment):
    answer_all(assessment, alice, 2)
    client.force_login(alice)
    client.post(url(assessment, "submit/"))
    before = snapshot()
    response = client.post(url(assessment, "s1/s1-1/"), {"rating": "4"})
    assert LOCKED.split(",")[0] in text(response)
    response = client.post(url(assessment, "consensus/s1-1/"), {"rating": "4", "rationale": "x"})
    assert response.status_code == 200 and LOCKED.split(",")[0] in text(response)
    assert "<title>Error: " in text(response)
    assert snapshot() == before
    with pytest.raises(AssessmentRuleError, match="submitted"):
        consensus_services.consensus_record(
            assessment=assessment,
            question=Question.objects.get(code="s1-1"),
            user=alice,
            rating=4,
            dont_know=False,
            rationale="x",
        )


@pytest.mark.parametrize("role", ["admin", "member", "FACILITATOR", "", "owner"])
def test_made_up_roles_are_refused(client, alice, assessment, role):
    client.force_login(alice)
    response = client.post(
        url(assessment, "people/invite/"), {"email": "pat@partner.example", "role": role}
    )
    assert response.status_code == 200
    assert "Select what they will do" in text(response)
    assert not ParticipantInvitation.objects.exists()


def test_a_made_up_seen_stamp_changes_only_the_message(client, alice, assessment):
    client.force_login(alice)
    response = client.post(
        url(assessment, "consensus/s1-1/"),
        {"rating": "2", "rationale": "Agreed.", "seen": "<script>alert(1)</script>"},
        follow=True,
    )
    assert "has been recorded: 2 – Developing" in text(response)
    assert "<script>alert" not in response.content.decode()
    assert ConsensusRating.objects.get().rating == 2


def test_extra_fields_cannot_choose_who_decided(client, alice, bob, assessment):
    client.force_login(alice)
    client.post(
        url(assessment, "consensus/s1-1/"),
        {"rating": "2", "rationale": "x", "decided_by": bob.pk, "assessment": "other"},
    )
    agreed = ConsensusRating.objects.get()
    assert (agreed.decided_by, agreed.assessment, agreed.rating) == (alice, assessment, 2)
