"""Agreeing ratings as a group: a facilitator records the rating the group agreed for a
question, with the reason, and the consensus page's reads (everyone's individual
ratings beside the group's median, spread and agreement), each in a fixed number of
queries. Writes take keyword-only arguments and run in one transaction; a rule that
refuses raises ``AssessmentRuleError`` with a message for the person who asked.

Consensus follows SCIROCCO's workshop pattern (``assessment/README.md``, with
sources): individual ratings come first; the page offers the group's median as the
default; a facilitator records the agreed rating with a rationale; from then on
individual ratings for that question are locked (``services.answer_record`` refuses
them).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from commissioning.accounts.models import User
from commissioning.assessment import scoring, selectors
from commissioning.assessment.models import (
    Answer,
    Assessment,
    ConsensusRating,
    Question,
    Section,
)
from commissioning.assessment.services import LOCKED, AssessmentRuleError
from commissioning.datasafety import audit

FORMER_PARTICIPANT = audit.FORMER_MEMBER  # a deleted account, worded as everywhere else

QUESTION_ELSEWHERE = "That question is not part of this assessment."
CONSENSUS_RATING_INVALID = "Select the rating the group agreed, from 0 to 4, or Don't know"
CONSENSUS_RATIONALE_REQUIRED = "Enter the reason the group agreed this rating"
CONSENSUS_RECORDED = (
    "The agreed rating for {code} has been recorded: {after}. "
    "Individual ratings for this question are now locked."
)
CONSENSUS_REVISED = "The agreed rating for {code} has been changed from {before} to {after}."
CONSENSUS_OVERTAKEN = (
    "{who} recorded an agreed rating for {code} while you had this page open: {before}, "
    "because “{rationale}”. Your rating has replaced it: {after}."
)

# --- Agreed (consensus) ratings ------------------------------------------------------


@dataclass(frozen=True)
class AgreedBefore:
    """What an agreed rating said before it was replaced."""

    rating: int | None
    dont_know: bool
    rationale: str
    decided_by: str


@dataclass(frozen=True)
class ConsensusResult:
    agreed: ConsensusRating
    before: AgreedBefore | None  # None when this call recorded the first agreed rating
    overtaken: bool  # someone else changed it after the facilitator opened the form


def consensus_stamp(agreed: ConsensusRating | None) -> str:
    """Marks the version of an agreed rating a form was rendered with ("" for none),
    so a later save can tell whether someone else changed it in between."""
    return agreed.decided_at.isoformat() if agreed is not None else ""


def rating_label(rating: int | None, dont_know: bool, level_names: list[str]) -> str:
    if dont_know or rating is None:
        return "Don't know"
    name = level_names[rating] if 0 <= rating < len(level_names) else ""
    return f"{rating} – {name}" if name else str(rating)


def _agreed_for_update(assessment: Assessment, question: Question) -> ConsensusRating | None:
    # No select_related("decided_by"): PostgreSQL cannot lock the nullable side of
    # an outer join.
    return (
        ConsensusRating.objects.select_for_update()
        .filter(assessment=assessment, question=question)
        .first()
    )


def consensus_record(
    *,
    assessment: Assessment,
    question: Question,
    user: User,
    rating: int | None,
    dont_know: bool,
    rationale: str,
    seen: str | None = None,
) -> ConsensusResult:
    """Record (or revise) the rating the group agreed for one question, with the
    reason. There is one agreed rating per question: if two facilitators save at
    once, the later save updates the row the earlier one made, and the result says
    what it replaced. ``seen`` is ``consensus_stamp`` of the row the facilitator's
    form showed; when it differs, ``overtaken`` is True. Refused when the assessment
    has been submitted. Permission is checked by the caller (``Action.RECORD_CONSENSUS``).
    """
    if question.section.instrument_id != assessment.instrument_id:
        raise AssessmentRuleError(QUESTION_ELSEWHERE)
    if dont_know:
        rating = None
    elif (
        isinstance(rating, bool)
        or not isinstance(rating, int)
        or not 0 <= rating <= scoring.MAX_RATING
    ):
        raise AssessmentRuleError(CONSENSUS_RATING_INVALID)
    rationale = (rationale or "").strip()
    if not rationale:
        raise AssessmentRuleError(CONSENSUS_RATIONALE_REQUIRED)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_locked:
            raise AssessmentRuleError(LOCKED)
        audit.record(
            actor=user,
            verb=audit.CONSENSUS_RECORDED,
            target=locked,
            details={"question": question.code, "rating": "Don't know" if dont_know else rating},
        )
        existing = _agreed_for_update(assessment, question)
        if existing is None:
            try:
                with transaction.atomic():
                    agreed = ConsensusRating.objects.create(
                        assessment=assessment,
                        question=question,
                        rating=rating,
                        dont_know=dont_know,
                        rationale=rationale,
                        decided_by=user,
                    )
            except IntegrityError:
                # Another facilitator's save made the row a moment ago: update it.
                existing = ConsensusRating.objects.select_for_update().get(
                    assessment=assessment, question=question
                )
            else:
                return ConsensusResult(agreed, None, False)
        before = AgreedBefore(
            rating=existing.rating,
            dont_know=existing.dont_know,
            rationale=existing.rationale,
            decided_by=str(existing.decided_by) if existing.decided_by else FORMER_PARTICIPANT,
        )
        overtaken = seen is not None and seen != consensus_stamp(existing)
        existing.rating = rating
        existing.dont_know = dont_know
        existing.rationale = rationale
        existing.decided_by = user
        existing.save()
    return ConsensusResult(existing, before, overtaken)


def consensus_message(
    result: ConsensusResult, *, question: Question, level_names: list[str]
) -> str:
    """What to tell the facilitator after ``consensus_record``."""
    after = rating_label(result.agreed.rating, result.agreed.dont_know, level_names)
    if result.before is None:
        return CONSENSUS_RECORDED.format(code=question.label, after=after)
    before = rating_label(result.before.rating, result.before.dont_know, level_names)
    if result.overtaken:
        return CONSENSUS_OVERTAKEN.format(
            who=result.before.decided_by,
            code=question.label,
            before=before,
            rationale=result.before.rationale,
            after=after,
        )
    return CONSENSUS_REVISED.format(code=question.label, before=before, after=after)


@dataclass(frozen=True)
class IndividualRating:
    name: str
    rating: int | None
    dont_know: bool


@dataclass(frozen=True)
class ConsensusRow:
    """One question on the consensus page: everyone's rating and the group's view."""

    question: Question
    individual: list[IndividualRating]
    dont_know: int
    summary: scoring.Consensus
    agreed: ConsensusRating | None


def consensus_row(assessment: Assessment, question: Question) -> ConsensusRow:
    return consensus_sections(assessment, only=question)[0][1][0]


def consensus_sections(
    assessment: Assessment, *, only: Question | None = None
) -> list[tuple[Section, list[ConsensusRow]]]:
    """Each section with a row per question (or just ``only``'s section and row).
    Individual ratings are shown with names: everyone taking part sees them, as they
    would around a workshop table."""
    answers = Answer.objects.filter(assessment=assessment)
    agreed_rows = ConsensusRating.objects.filter(assessment=assessment).select_related("decided_by")
    if only is not None:
        answers = answers.filter(question=only)
        agreed_rows = agreed_rows.filter(question=only)
    by_question: dict[int, list[IndividualRating]] = defaultdict(list)
    for question_id, rating, dont_know, name, email in answers.values_list(
        "question_id", "rating", "dont_know", "respondent__name", "respondent__email"
    ):
        who = (name or email) if email is not None else FORMER_PARTICIPANT
        by_question[question_id].append(IndividualRating(who, rating, dont_know))
    agreed = {row.question_id: row for row in agreed_rows}
    sections: dict[int, tuple[Section, list[ConsensusRow]]] = {}
    for question in selectors.instrument_facts(assessment.instrument).questions.values():
        if only is not None and question.pk != only.pk:
            continue
        individual = sorted(by_question[question.pk], key=lambda r: r.name.lower())
        rated = [r.rating for r in individual if not r.dont_know and r.rating is not None]
        row = ConsensusRow(
            question=question,
            individual=individual,
            dont_know=sum(1 for r in individual if r.dont_know),
            summary=scoring.consensus(rated),
            agreed=agreed.get(question.pk),
        )
        sections.setdefault(question.section_id, (question.section, []))[1].append(row)
    return list(sections.values())


def consensus_version(
    assessment: Assessment, sections: list[tuple[Section, list[ConsensusRow]]]
) -> str:
    """What the consensus page's tables show, as one string for a fragment cache key:
    the assessment (id, last save, status), the instrument's content and a digest of
    every row (names, ratings and agreed ratings with who recorded them and when)."""
    shown = [
        (
            row.question.pk,
            [(r.name, r.rating, r.dont_know) for r in row.individual],
            row.agreed
            and (
                row.agreed.rating,
                row.agreed.dont_know,
                row.agreed.rationale,
                str(row.agreed.decided_by or ""),
                row.agreed.decided_at.isoformat(),
            ),
        )
        for _, rows in sections
        for row in rows
    ]
    rows_digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    facts = selectors.instrument_facts(assessment.instrument).digest
    saved = assessment.updated_at.isoformat()
    return f"{assessment.pk}:{saved}:{assessment.status}:{facts}:{rows_digest}"
