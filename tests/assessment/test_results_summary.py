"""``summaries.diagnosis_summary``: what the case builders read about an assessment,
with the assessment's own reading."""

from decimal import Decimal

import pytest

from commissioning.assessment import selectors, services, summaries
from commissioning.assessment.diagnosis import GroupScoreLine, PriorityLine
from commissioning.assessment.models import Answer, Question
from commissioning.knowledge.services import frameworks_load, shipped_frameworks
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.assessment.test_plan import make_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    frameworks_load(shipped_frameworks())
    make_small_instrument(sections=2, questions=2)
    Question.objects.get(code="s1-1").factors.add(make_factor("budget-silos", comb=("OPh",)))
    Question.objects.get(code="s1-2").factors.add(make_factor("low-awareness", comb=("CPs",)))
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, 4)
    Answer.objects.filter(question__code="s1-1").update(rating=0)
    Answer.objects.filter(question__code="s2-1").update(rating=None, dont_know=True)
    Answer.objects.filter(question__code="s2-2").delete()
    return assessment


def test_it_summarises_scores_and_top_priorities(alice, north, assessment):
    services.assessment_submit(assessment=assessment, user=alice)
    assert selectors.latest_submitted_for(north.pk) == assessment
    summary = summaries.diagnosis_summary(assessment)
    assert summary.assessment == str(assessment.pk)
    assert summary.provisional is False
    assert summary.sections == (
        GroupScoreLine(
            code="s1",
            title="Section 1",
            score=Decimal("50.0"),
            rated=2,
            dont_know=0,
            unanswered=0,
            questions=2,
        ),
        GroupScoreLine(
            code="s2",
            title="Section 2",
            score=None,  # "not enough answers": never 0
            rated=0,
            dont_know=1,
            unanswered=1,
            questions=2,
        ),
    )
    comb = {row.code: row.score for row in summary.comb}
    assert comb == {
        "CPh": None,
        "CPs": Decimal("100.0"),
        "OPh": Decimal("0.0"),
        "OSo": None,
        "MRe": None,
        "MAu": None,
    }
    assert summary.priorities == (
        PriorityLine(
            factor="budget-silos",
            title="Budget silos",
            implication=Decimal("1.000"),
            questions=("s1-1",),
        ),
    )
    assert (summary.evidence_gaps, summary.unanswered) == (1, 1)


def test_top_limits_the_priorities(assessment):
    Answer.objects.filter(question__code="s1-2").update(rating=1)
    assert len(summaries.diagnosis_summary(assessment).priorities) == 2
    assert len(summaries.diagnosis_summary(assessment, top=1).priorities) == 1


def test_an_assessment_in_progress_is_provisional(assessment):
    assert summaries.diagnosis_summary(assessment).provisional is True


def test_the_summary_carries_the_results_pages_own_reading_ties_and_all(alice, north):
    """Two sections tie for weakest: the summary names both, as the results page does
    (the case once named only the first)."""
    make_small_instrument(sections=3, questions=2)
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, 1)
    Answer.objects.filter(question__section__code="s3").update(rating=3)
    services.assessment_submit(assessment=assessment, user=alice)
    summary = summaries.diagnosis_summary(assessment)
    assert summary.reading == tuple(summaries.report_for(assessment).reading)
    assert "Your weakest sections are Section 1 and Section 2 (25 out of 100" in " ".join(
        summary.reading
    )
