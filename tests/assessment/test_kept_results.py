"""Kept results (issue 17): a submitted assessment's scores are stored and read back,
the read-only parts of the results, plan and consensus pages are fragments keyed by
what they show. Neither is ever stale, nor shown for another organisation's
assessment, nor worth more queries as answers and partners grow."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from commissioning.assessment import scores_json, scoring, selectors, services, stored_results
from commissioning.assessment.models import Answer, Participant, Question, StoredResult
from commissioning.knowledge.models import Factor, Status
from tests.assessment.support import answer_all, load_shipped_instrument, make_assessment
from tests.factories import make_membership, make_organisation, make_user

pytestmark = pytest.mark.django_db


def page(client: Client, name: str, assessment) -> str:
    response = client.get(reverse(f"assessment:{name}", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def probing_question() -> tuple[Question, Factor]:
    """A question of the shipped instrument with a published factor (with actions) it
    alone probes, so rating it 0 and every other question 4 makes that factor a
    priority."""
    for question in Question.objects.prefetch_related("factors"):
        for factor in question.factors.all():
            alone = factor.questions.count() == 1
            if factor.status == Status.PUBLISHED and alone and factor.actions.exists():
                return question, factor
    raise AssertionError("the shipped instrument has no such question")


def priority(factor: Factor) -> str:
    """How the results page and the plan head a priority (a strength is not a heading)."""
    return f"{escape(factor.title)}</a></h3>"


@pytest.fixture
def shipped(alice, north):
    load_shipped_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, rating=4)
    return assessment


def test_an_answer_change_shows_at_once_in_the_results_and_the_plan(alice, shipped):
    question, factor = probing_question()
    client = signed_in(alice)
    assert "No priorities yet" in page(client, "results", shipped)
    assert priority(factor) not in page(client, "plan", shipped)

    # Changed without touching the assessment row or the answer's timestamp: the
    # fragments are keyed by the ratings themselves.
    Answer.objects.filter(assessment=shipped, question=question).update(rating=0)
    results = page(client, "results", shipped)
    assert "No priorities yet" not in results and priority(factor) in results
    assert priority(factor) in page(client, "plan", shipped)


def test_the_same_answers_in_another_organisation_show_only_that_assessment(
    alice, bob, north, south, shipped
):
    theirs = make_assessment(organisation=south, user=bob, title="South review")
    answer_all(theirs, bob, rating=4)
    mine_client, their_client = signed_in(alice), signed_in(bob)
    for name in ("results", "plan", "consensus"):
        mine = page(mine_client, name, shipped)
        other = page(their_client, name, theirs)
        assert str(shipped.pk) in mine and str(theirs.pk) not in mine
        assert str(theirs.pk) in other and str(shipped.pk) not in other
        assert "South Shire Council" in other and "North Borough ICB" not in other
        # Bob cannot reach Alice's pages, whatever is kept for them.
        url = reverse(f"assessment:{name}", args=[shipped.pk])
        assert their_client.get(url).status_code == 404


def test_different_answers_on_the_same_questions_are_never_mixed_up(alice, bob, south, shipped):
    question, factor = probing_question()
    theirs = make_assessment(organisation=south, user=bob, title="South review")
    answer_all(theirs, bob, rating=4)
    Answer.objects.filter(assessment=theirs, question=question).update(rating=0)
    mine_client, their_client = signed_in(alice), signed_in(bob)
    for name in ("results", "plan"):
        assert priority(factor) not in page(mine_client, name, shipped)
        assert priority(factor) in page(their_client, name, theirs)
        assert priority(factor) not in page(mine_client, name, shipped)


def test_a_submitted_assessments_stored_result_equals_a_fresh_computation(alice, shipped):
    question, factor = probing_question()
    Answer.objects.filter(assessment=shipped, question=question).update(rating=0)
    partner = make_user(email="pat@partner.example", name="Pat Partner")
    Participant.objects.create(assessment=shipped, user=partner)
    answer_all(shipped, partner, rating=None)
    services.assessment_submit(assessment=shipped, user=alice)
    assert not StoredResult.objects.exists()

    assert priority(factor) in page(signed_in(alice), "results", shipped)
    stored = StoredResult.objects.get(assessment=shipped)
    facts = selectors.instrument_facts(shipped.instrument)
    fresh = selectors.combined_ratings(shipped, facts)
    assert stored.ratings == fresh
    assert scores_json.from_json(stored.diagnosis) == scoring.diagnose(facts.pure, fresh)
    assert stored.facts == facts.digest

    # Read back in one query, not worked out again.
    with CaptureQueriesContext(connection) as captured:
        scored = stored_results.scored_for(shipped)
        assert scored.diagnosis.priorities[0].factor == factor.slug
    assert len(captured) == 1


def test_reopening_makes_a_copy_with_its_own_result(alice, shipped):
    question, factor = probing_question()
    services.assessment_submit(assessment=shipped, user=alice)
    client = signed_in(alice)
    assert "No priorities yet" in page(client, "results", shipped)
    copy = services.assessment_reopen(assessment=shipped, user=alice)
    Answer.objects.filter(assessment=copy, question=question).update(rating=0)

    assert priority(factor) in page(client, "results", copy)
    assert "No priorities yet" in page(client, "results", shipped)
    assert not StoredResult.objects.filter(assessment=copy).exists()  # in progress
    stored = StoredResult.objects.get(assessment=shipped)
    assert stored.ratings[question.code] == 4


def test_a_stored_result_is_worked_out_again_when_the_published_content_changes(alice, shipped):
    question, factor = probing_question()
    Answer.objects.filter(assessment=shipped, question=question).update(rating=0)
    services.assessment_submit(assessment=shipped, user=alice)
    client = signed_in(alice)
    assert priority(factor) in page(client, "results", shipped)
    before = StoredResult.objects.get(assessment=shipped).facts

    factor.status = Status.DRAFT  # no longer published: not a priority any more
    factor.save()
    assert priority(factor) not in page(client, "results", shipped)
    stored = StoredResult.objects.get(assessment=shipped)
    assert stored.facts != before
    priorities = scores_json.from_json(stored.diagnosis).priorities
    assert factor.slug not in [p.factor for p in priorities]


def test_the_diagnosis_survives_json_exactly():
    questions = [
        scoring.Question("a", "s1", Decimal("1.5"), ("f1",), ("CPh",)),
        scoring.Question("b", "s1", Decimal(1), ("f1", "f2"), ()),
        scoring.Question("c", "s2", Decimal(1), ("f2",), ("RO",)),
    ]
    diagnosis = scoring.diagnose(questions, {"a": 0, "b": None})
    assert diagnosis.priorities and diagnosis.evidence_gaps and diagnosis.unanswered
    assert scores_json.from_json(scores_json.to_json(diagnosis)) == diagnosis


def test_viewers_without_the_right_see_no_adopt_buttons_or_record_links(alice, shipped):
    question, factor = probing_question()
    Answer.objects.filter(assessment=shipped, question=question).update(rating=0)
    rater = make_user(email="pat@partner.example", name="Pat Partner")
    make_membership(user=rater, organisation=make_organisation(name="Partner Trust"))
    Participant.objects.create(assessment=shipped, user=rater)
    admin, partner = signed_in(alice), signed_in(rater)

    assert "Adopt this action" in page(admin, "plan", shipped)
    assert "Adopt this action" not in page(partner, "plan", shipped)
    assert "Record agreed rating" in page(admin, "consensus", shipped)
    assert "Record agreed rating" not in page(partner, "consensus", shipped)


def test_adopting_and_renaming_show_at_once(alice, shipped):
    question, factor = probing_question()
    Answer.objects.filter(assessment=shipped, question=question).update(rating=0)
    client = signed_in(alice)
    plan = page(client, "plan", shipped)
    assert "In your plan" not in plan
    action = factor.actions.first()
    assert action is not None
    response = client.post(
        reverse("assessment:plan_adopt", args=[shipped.pk]), {"action": action.pk}
    )
    assert response.status_code == 302
    assert "In your plan" in page(client, "plan", shipped)

    assert "Alice North" in page(client, "consensus", shipped)
    alice.name = "Alice Renamed"
    alice.save()
    consensus = page(client, "consensus", shipped)
    assert "Alice Renamed" in consensus and "Alice North" not in consensus


def queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_submitted_results_run_as_many_queries_for_four_people_as_for_one(alice, north, shipped):
    crowded = make_assessment(organisation=north, user=alice, title="Crowded")
    answer_all(crowded, alice, rating=1)
    for n in range(1, 4):
        partner = make_user(email=f"partner{n}@example.org", name=f"Partner {n}")
        Participant.objects.create(assessment=crowded, user=partner)
        answer_all(crowded, partner, rating=n)
    for assessment in (shipped, crowded):
        services.assessment_submit(assessment=assessment, user=alice)
    client = signed_in(alice)
    one, four = (
        queries(client, reverse("assessment:results", args=[a.pk])) for a in (shipped, crowded)
    )
    assert one == four
