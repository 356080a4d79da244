"""Reads for the self-assessment: the question flow, each person's progress, and the
inputs to scoring, each in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from commissioning.accounts.models import User
from commissioning.assessment import scoring
from commissioning.assessment.models import (
    Answer,
    Assessment,
    ConsensusRating,
    Instrument,
    Question,
    Section,
)
from commissioning.knowledge.caching import kept_for_generation


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    questions: list[Question]
    answered: int

    @property
    def status(self) -> str:
        if self.answered == 0:
            return "Not started"
        if self.answered < len(self.questions):
            return "In progress"
        return "Completed"


def sections_with_questions(assessment: Assessment) -> list[Section]:
    return list(
        assessment.instrument.sections.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order"))
        ).order_by("order")
    )


def flow(assessment: Assessment) -> list[Question]:
    """Every question in order: the route through the assessment."""
    return [q for s in sections_with_questions(assessment) for q in s.questions.all()]


def my_answers(assessment: Assessment, user: User) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(assessment=assessment, respondent=user)}


def progress(assessment: Assessment, user: User) -> list[tuple[SectionProgress, Question | None]]:
    """Each section with this person's status and the first question they have not
    answered (None when the section is complete)."""
    answers = my_answers(assessment, user)
    result = []
    for section in sections_with_questions(assessment):
        questions = list(section.questions.all())
        answered = sum(1 for q in questions if q.pk in answers)
        first = next((q for q in questions if q.pk not in answers), None)
        result.append((SectionProgress(section, questions, answered), first))
    return result


def instrument_questions(instrument: Instrument) -> list[Question]:
    """The instrument's questions in order, with their sections and factors (and the
    factors' COM-B parts). A published instrument cannot change (edits make a new
    version), so its questions are read once per knowledge-base generation in each
    process (factor links and factors are knowledge-base content). Read-only."""

    def read() -> list[Question]:
        return list(
            Question.objects.filter(section__instrument=instrument)
            .select_related("section")
            .prefetch_related("factors__comb")
            .order_by("section__order", "order")
        )

    if not instrument.is_locked:
        return read()
    return kept_for_generation(f"assessment:questions:{instrument.pk}", read)


def scoring_inputs(
    assessment: Assessment,
) -> tuple[list[scoring.Question], dict[str, int | None], dict[str, Question]]:
    """The instrument as pure scoring questions, the assessment's combined ratings
    (agreed, else one person's, else the median), and the questions by code."""
    questions = instrument_questions(assessment.instrument)
    pure = [
        scoring.Question(
            code=q.code,
            section=q.section.code,
            weight=q.weight,
            factors=tuple(f.slug for f in q.factors.all()),
            comb=tuple(sorted({c.code for f in q.factors.all() for c in f.comb.all()})),
            text=q.statement,
        )
        for q in questions
    ]
    by_id = {q.pk: q.code for q in questions}
    individual: dict[str, list[int | None]] = defaultdict(list)
    for answer in Answer.objects.filter(assessment=assessment).only(
        "question_id", "rating", "dont_know"
    ):
        individual[by_id[answer.question_id]].append(None if answer.dont_know else answer.rating)
    agreed = {
        by_id[c.question_id]: (None if c.dont_know else c.rating)
        for c in ConsensusRating.objects.filter(assessment=assessment)
    }
    ratings = scoring.combined_ratings(dict(individual), agreed)
    return pure, ratings, {q.code: q for q in questions}


def latest_submitted_for(organisation_id: int) -> Assessment | None:
    """The organisation's most recently submitted assessment (for the case builders)."""
    return (
        Assessment.objects.filter(organisation_id=organisation_id)
        .submitted_latest_first()
        .select_related("instrument")
        .first()
    )


def copies_of(assessment_id: object) -> set[object]:
    """Every assessment reopened from this one, and from those, and so on."""
    found: set[object] = set()
    frontier = {assessment_id}
    while frontier:
        frontier = (
            set(
                Assessment.objects.filter(reopened_from_id__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found
