"""Agreeing ratings together: the consensus page (names, median, spread, agreement or
split), and recording, revising and locking agreed ratings."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.assessment import consensus_services
from commissioning.assessment.models import Answer, ConsensusRating, Participant, Question
from commissioning.assessment.services import AGREED, LOCKED, AssessmentRuleError, answer_record
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.factories import make_membership, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


@pytest.fixture
def partner(assessment):
    user = make_user(email="pat@partner.example", name="Pat Partner")
    make_membership(user=user, organisation=make_organisation(name="Partner Trust"))
    Participant.objects.create(assessment=assessment, user=user)
    return user


def url(assessment, tail=""):
    return f"/assessments/{assessment.pk}/{tail}"


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def question(code="s1-1") -> Question:
    return Question.objects.get(code=code)


def rate(assessment, user, rating, code="s1-1"):
    Answer.objects.create(
        assessment=assessment,
        question=question(code),
        respondent=user,
        rating=rating,
        dont_know=rating is None,
    )


def row_html(page: str, code: str) -> str:
    match = re.search(rf'<tr id="question-{code}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {code}"
    return re.sub(r"\s+", " ", match.group(1))


def test_the_page_shows_named_ratings_median_spread_and_agreement(
    client, alice, north, assessment, partner
):
    colleague = make_user(name="Colin League")
    make_membership(user=colleague, organisation=north)
    rate(assessment, alice, 2)
    rate(assessment, partner, 3)
    rate(assessment, colleague, None)
    client.force_login(partner)  # a participant from a partner organisation sees it too
    page = text(client.get(url(assessment, "consensus/")))
    assert "<h1>Agree ratings together</h1>" in page
    assert "4 ratings out of 12 meant a split" in page  # the rule, in plain words
    row = row_html(page, "s1-1")
    assert "Alice North: 2" in row and "Pat Partner: 3" in row
    assert "Colin League: Don't know" in row
    assert "<td>1</td>" in row  # one "don't know"
    assert "<td>2.5</td>" in row  # median
    assert "2 to 3" in row  # spread
    assert "Agreement</strong>" in row and "0 of 2 far from the median" in row
    assert "Not agreed yet" in row
    assert "Record agreed rating" not in row  # participants who are raters cannot record
    assert "No answers yet" in row_html(page, "s1-2")
    assert '<caption class="visually-hidden">Individual and agreed ratings for Section 1' in page


def test_a_split_group_is_flagged(client, alice, north, assessment):
    others = [make_user() for _ in range(3)]
    for user in others:
        make_membership(user=user, organisation=north)
    for user, rating in zip([alice, *others], [0, 0, 4, 4], strict=True):
        rate(assessment, user, rating)
    client.force_login(alice)
    row = row_html(text(client.get(url(assessment, "consensus/"))), "s1-1")
    assert "Split</strong>" in row and "4 of 4 far from the median" in row
    assert "0 to 4" in row
    assert 'Record agreed rating<span class="visually-hidden"> for: Statement 1.1</span>' in row


def test_the_form_offers_the_median_and_records_the_agreed_rating(
    client, alice, assessment, partner
):
    rate(assessment, alice, 2)
    rate(assessment, partner, 3)
    client.force_login(alice)
    form = text(client.get(url(assessment, "consensus/s1-1/")))
    assert "Agreed rating: Statement 1.1" in form
    assert re.search(r'value="3"\s+id="id_rating_3"[^>]*checked', form)  # 2.5 rounds half up
    assert "rounded from 2.5" in form
    response = client.post(
        url(assessment, "consensus/s1-1/"),
        {"rating": "2", "rationale": "The JSNA shows no pathway yet.", "seen": ""},
    )
    assert response.url == url(assessment, "consensus/#question-s1-1")
    agreed = ConsensusRating.objects.get()
    assert (agreed.rating, agreed.dont_know, agreed.decided_by) == (2, False, alice)
    assert agreed.rationale == "The JSNA shows no pathway yet."
    page = text(client.get(url(assessment, "consensus/")))
    assert "The agreed rating for question 1 in Section 1 has been recorded: 2 – Developing" in page
    row = row_html(page, "s1-1")
    assert "2 – Developing" in row and "Reason: The JSNA shows no pathway yet." in row
    assert "Recorded by Alice North on" in row
    assert "Change agreed rating" in row


def test_dont_know_can_be_agreed(client, alice, assessment):
    client.force_login(alice)
    client.post(url(assessment, "consensus/s1-1/"), {"rating": "dk", "rationale": "No data."})
    agreed = ConsensusRating.objects.get()
    assert (agreed.rating, agreed.dont_know) == (None, True)


def test_the_rationale_and_a_rating_are_required(client, alice, assessment):
    client.force_login(alice)
    page = text(client.post(url(assessment, "consensus/s1-1/"), {"rationale": "   "}))
    assert "<title>Error: " in page
    assert "Select the rating the group agreed, from 0 to 4, or Don't know" in page
    assert "Enter the reason the group agreed this rating" in page
    assert 'href="#id_rating_0"' in page and 'href="#id_rationale"' in page
    assert not ConsensusRating.objects.exists()


def test_after_agreement_individual_ratings_are_locked(client, alice, assessment, partner):
    rate(assessment, partner, 3)
    client.force_login(alice)
    client.post(url(assessment, "consensus/s1-1/"), {"rating": "3", "rationale": "Agreed."})
    client.force_login(partner)
    page = text(client.get(url(assessment, "s1/s1-1/")))
    assert "The group has agreed a rating for this question (3), so individual ratings" in page
    assert "disabled" in page
    response = client.post(url(assessment, "s1/s1-1/"), {"rating": "0"})
    assert AGREED in text(response)
    assert Answer.objects.get(respondent=partner).rating == 3
    with pytest.raises(AssessmentRuleError, match="agreed a rating"):
        answer_record(
            assessment=assessment,
            question=question(),
            user=partner,
            rating=1,
            dont_know=False,
            note="",
            seen_version=None,
        )


def test_a_facilitator_can_revise_and_the_message_says_what_changed(client, alice, assessment):
    client.force_login(alice)
    client.post(url(assessment, "consensus/s1-1/"), {"rating": "1", "rationale": "First view."})
    form = text(client.get(url(assessment, "consensus/s1-1/")))
    assert re.search(r'value="1"\s+id="id_rating_1"[^>]*checked', form)  # the agreed value
    assert "First view." in form
    seen = re.search(r'name="seen" value="([^"]*)"', form).group(1)
    assert seen
    response = client.post(
        url(assessment, "consensus/s1-1/"),
        {"rating": "2", "rationale": "New evidence.", "seen": seen},
        follow=True,
    )
    assert "changed from 1 – Starting to 2 – Developing" in text(response)
    agreed = ConsensusRating.objects.get()
    assert (agreed.rating, agreed.rationale) == (2, "New evidence.")


def test_a_partner_facilitator_can_record(client, assessment):
    facilitator = make_user(name="Fay Cilitator")
    Participant.objects.create(assessment=assessment, user=facilitator, role="facilitator")
    client.force_login(facilitator)
    assert client.get(url(assessment, "consensus/s1-1/")).status_code == 200
    client.post(url(assessment, "consensus/s1-1/"), {"rating": "4", "rationale": "Agreed."})
    assert ConsensusRating.objects.get().decided_by == facilitator


@pytest.mark.parametrize("who", ["member", "rater"])
def test_others_get_403_and_change_nothing(client, north, assessment, partner, who):
    if who == "member":
        user = make_user()
        make_membership(user=user, organisation=north)
    else:
        user = partner
    client.force_login(user)
    assert client.get(url(assessment, "consensus/")).status_code == 200
    assert client.get(url(assessment, "consensus/s1-1/")).status_code == 403
    response = client.post(url(assessment, "consensus/s1-1/"), {"rating": "2", "rationale": "x"})
    assert response.status_code == 403
    assert not ConsensusRating.objects.exists()


def test_unknown_codes_are_404(client, alice, assessment):
    client.force_login(alice)
    assert client.get(url(assessment, "consensus/zz-9/")).status_code == 404
    response = client.post(url(assessment, "consensus/zz-9/"), {"rating": "2", "rationale": "x"})
    assert response.status_code == 404
    assert not ConsensusRating.objects.exists()


def test_a_submitted_assessment_refuses_agreed_ratings(client, alice, assessment):
    answer_all(assessment, alice, 2)
    client.force_login(alice)
    client.post(url(assessment, "submit/"))
    page = text(client.get(url(assessment, "consensus/s1-1/")))
    assert "agreed ratings can no longer be recorded" in page
    assert "Save agreed rating" not in page
    response = client.post(url(assessment, "consensus/s1-1/"), {"rating": "1", "rationale": "x"})
    assert response.status_code == 200
    assert LOCKED.split(",")[0] in text(response)
    assert not ConsensusRating.objects.exists()
    page = text(client.get(url(assessment, "consensus/")))
    assert "Record agreed rating" not in page


def test_the_service_refuses_bad_input(alice, assessment):
    for rating, dont_know, rationale, message in [
        (5, False, "x", "from 0 to 4"),
        (-1, False, "x", "from 0 to 4"),
        (None, False, "x", "from 0 to 4"),
        (True, False, "x", "from 0 to 4"),
        (2, False, "  ", "Enter the reason"),
    ]:
        with pytest.raises(AssessmentRuleError, match=message):
            consensus_services.consensus_record(
                assessment=assessment,
                question=question(),
                user=alice,
                rating=rating,
                dont_know=dont_know,
                rationale=rationale,
            )
    assert not ConsensusRating.objects.exists()


def test_agreed_ratings_feed_the_combined_ratings(alice, assessment, partner):
    from commissioning.assessment.selectors import combined_ratings, instrument_facts

    rate(assessment, alice, 0)
    rate(assessment, partner, 4)
    consensus_services.consensus_record(
        assessment=assessment,
        question=question(),
        user=alice,
        rating=1,
        dont_know=False,
        rationale="Agreed at the workshop.",
    )
    ratings = combined_ratings(assessment, instrument_facts(assessment.instrument))
    assert ratings["s1-1"] == 1


def test_the_page_needs_the_same_queries_however_many_people_rate(
    client, alice, north, assessment, django_assert_max_num_queries
):
    client.force_login(alice)
    rate(assessment, alice, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url(assessment, "consensus/"))
    for n in range(5):
        user = make_user()
        make_membership(user=user, organisation=north)
        for code in ("s1-1", "s1-2", "s2-1"):
            rate(assessment, user, n % 5, code=code)
    consensus_services.consensus_record(
        assessment=assessment,
        question=question(),
        user=alice,
        rating=2,
        dont_know=False,
        rationale="Agreed.",
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client.get(url(assessment, "consensus/")))
    assert "Reason: Agreed." in page
