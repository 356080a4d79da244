"""Reads for the self-assessment: the question flow, each person's progress, and the
inputs to scoring, each in a fixed number of queries."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

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
from commissioning.knowledge.models import CombSubcomponent, Factor, Status


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


def flow(assessment: Assessment) -> list[Question]:
    """Every question in order, with its section: the route through the assessment
    (the instrument's questions, kept per content generation once published).
    Read-only."""
    return list(instrument_facts(assessment.instrument).questions.values())


def sections_in_order(assessment: Assessment) -> list[tuple[Section, list[Question]]]:
    """Each section of the assessment's instrument with its questions, in order."""
    grouped: dict[int, tuple[Section, list[Question]]] = {}
    for question in flow(assessment):
        grouped.setdefault(question.section_id, (question.section, []))[1].append(question)
    return list(grouped.values())


def my_answers(assessment: Assessment, user: User) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(assessment=assessment, respondent=user)}


def progress(assessment: Assessment, user: User) -> list[tuple[SectionProgress, Question | None]]:
    """Each section with this person's status and the first question they have not
    answered (None when the section is complete)."""
    answered_ids = set(
        Answer.objects.filter(assessment=assessment, respondent=user).values_list(
            "question_id", flat=True
        )
    )
    result = []
    for section, questions in sections_in_order(assessment):
        answered = sum(1 for q in questions if q.pk in answered_ids)
        first = next((q for q in questions if q.pk not in answered_ids), None)
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


@dataclass(frozen=True)
class InstrumentFacts:
    """What scoring and the results pages need from an instrument version, worked out
    once: the pure scoring questions (their factors only the published ones, so every
    priority or strength can link to its page), the questions by code, the published
    factors, the sections' titles, the COM-B sub-components and a digest of all of it
    (part of every stored result's and fragment's key). Read-only."""

    pure: list[scoring.Question]
    questions: dict[str, Question]
    code_by_id: dict[int, str]
    published: dict[str, Factor]
    sections: list[tuple[str, str]]
    comb_parts: list[CombSubcomponent]
    comb_questions: int  # questions touching at least one COM-B sub-component
    level_names: list[str]
    digest: str


def _facts(instrument: Instrument) -> InstrumentFacts:
    questions = instrument_questions(instrument)
    published: dict[str, Factor] = {}
    pure = []
    for q in questions:
        factors = [f for f in q.factors.all() if f.status == Status.PUBLISHED]
        published.update((f.slug, f) for f in factors)
        pure.append(
            scoring.Question(
                code=q.code,
                section=q.section.code,
                weight=q.weight,
                factors=tuple(f.slug for f in factors),
                comb=tuple(sorted({c.code for f in q.factors.all() for c in f.comb.all()})),
                text=q.statement,
            )
        )
    sections: dict[str, str] = {}
    for q in questions:
        sections.setdefault(q.section.code, q.section.title)
    parts = list(CombSubcomponent.objects.order_by("order", "code"))
    shown = (
        pure,
        sorted((q.code, q.section.code, q.section.title, q.order, q.pk) for q in questions),
        [(p.code, p.name) for p in parts],
        instrument.level_names,
    )
    return InstrumentFacts(
        pure=pure,
        questions={q.code: q for q in questions},
        code_by_id={q.pk: q.code for q in questions},
        published=published,
        sections=list(sections.items()),
        comb_parts=parts,
        comb_questions=sum(1 for q in questions if any(f.comb.all() for f in q.factors.all())),
        level_names=list(instrument.level_names),
        digest=hashlib.sha256(repr(shown).encode()).hexdigest()[:32],
    )


def instrument_facts(instrument: Instrument) -> InstrumentFacts:
    """``InstrumentFacts`` for ``instrument``: kept per knowledge-base generation for a
    published version (which never changes), read fresh for a draft."""
    if not instrument.is_locked:
        return _facts(instrument)
    return kept_for_generation(f"assessment:facts:{instrument.pk}", lambda: _facts(instrument))


def combined_ratings(assessment: Assessment, facts: InstrumentFacts) -> dict[str, int | None]:
    """The assessment's combined rating for each answered question (agreed, else one
    person's, else the median; ``scoring.combined_ratings``): two queries."""
    individual: dict[str, list[int | None]] = defaultdict(list)
    for question_id, rating, dont_know in Answer.objects.filter(assessment=assessment).values_list(
        "question_id", "rating", "dont_know"
    ):
        individual[facts.code_by_id[question_id]].append(None if dont_know else rating)
    agreed = {
        facts.code_by_id[question_id]: (None if dont_know else rating)
        for question_id, rating, dont_know in ConsensusRating.objects.filter(
            assessment=assessment
        ).values_list("question_id", "rating", "dont_know")
    }
    return scoring.combined_ratings(dict(individual), agreed)


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
