"""The diagnosis an assessment hands to the business case: a typed, read-only value
(pure: no ORM, no Django), built by ``summaries.diagnosis_summary``.

It carries the assessment's own plain reading (``reading.results_reading``, the
paragraphs the results page shows), so the case never re-derives which sections are
strongest or weakest: one reading, with ties named as the results page names them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class GroupScoreLine:
    """A section or COM-B sub-component: its score on 0..100, or None for "not
    enough answers" (never 0), and how its questions were answered."""

    code: str
    title: str
    score: Decimal | None
    rated: int
    dont_know: int
    unanswered: int
    questions: int


@dataclass(frozen=True)
class PriorityLine:
    """A published factor the answers implicate, with the questions rated low."""

    factor: str  # the factor's slug
    title: str
    implication: Decimal
    questions: tuple[str, ...]


@dataclass(frozen=True)
class DiagnosisSummary:
    """A short summary of one self-assessment for the case builders and the strategic
    case. ``priorities`` are the most implicated factors, most first; ``reading`` is
    the assessment's own plain-English reading of its results."""

    assessment: str
    title: str
    area_name: str
    status: str
    submitted_at: datetime | None
    provisional: bool
    sections: tuple[GroupScoreLine, ...]
    comb: tuple[GroupScoreLine, ...]
    priorities: tuple[PriorityLine, ...]
    evidence_gaps: int
    unanswered: int
    reading: tuple[str, ...]
