"""Scoring and diagnosis for the guided self-assessment (pure: no ORM, no Django).

Inputs are plain dataclasses built by the services from the instrument version an
assessment was started on; outputs are plain dataclasses the views and PDF render.

Ratings are 0..4 on a maturity scale. "Don't know" (``None``) is never counted as
zero: it is left out of every score and reported as an evidence gap. A question with
no answer at all is simply unanswered.

Score of a group of questions (a section, or all questions touching a COM-B
sub-component), on 0..100::

    score = 100 * sum(w_q * r_q) / sum(w_q * 4)      over rated questions q

where ``w_q`` is the question's weight and ``r_q`` its rating. A group gets no number
("not enough answers") unless at least ``MIN_RATED_SHARE`` of its questions, and at
least one, are rated. Raising any rating never lowers a score, and rating every
question 4 scores 100.

Priority of a knowledge-base factor: the weighted shortfall of the questions that
probe it::

    implication(f) = sum over rated questions q probing f of w_q * (4 - r_q) / 4

Factors with at least one low rating (``LOW_RATING`` or below) are priorities, most
implicated first, each with the low-rated questions that explain why. Factors whose
probing questions average ``STRONG_RATING`` or more are strengths.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

MAX_RATING = 4
LOW_RATING = 1
STRONG_RATING = 3
MIN_RATED_SHARE = Decimal("0.5")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Question:
    code: str
    section: str
    weight: Decimal
    factors: tuple[str, ...] = ()
    comb: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class GroupScore:
    """A section's or COM-B sub-component's score; ``score`` is None when there are
    not enough rated answers to give a number."""

    key: str
    score: Decimal | None
    rated: int
    dont_know: int
    unanswered: int
    total: int

    @property
    def enough(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class Priority:
    factor: str
    implication: Decimal
    reasons: tuple[str, ...]  # codes of the low-rated questions behind it


@dataclass(frozen=True)
class Strength:
    factor: str
    mean_rating: Decimal
    questions: tuple[str, ...]


@dataclass
class Diagnosis:
    sections: dict[str, GroupScore] = field(default_factory=dict)
    comb: dict[str, GroupScore] = field(default_factory=dict)
    priorities: list[Priority] = field(default_factory=list)
    strengths: list[Strength] = field(default_factory=list)
    evidence_gaps: list[str] = field(default_factory=list)  # "don't know" question codes
    unanswered: list[str] = field(default_factory=list)


def _validate(questions: list[Question], ratings: dict[str, int | None]) -> None:
    known = {q.code for q in questions}
    for code, rating in ratings.items():
        if code not in known:
            raise ValueError(f"Rating for unknown question {code!r}")
        if rating is not None and (
            isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= MAX_RATING
        ):
            raise ValueError(
                f"Rating for {code!r} must be 0 to {MAX_RATING} or None; got {rating!r}"
            )
    for question in questions:
        if question.weight <= 0:
            raise ValueError(f"Question {question.code!r} must have a positive weight")


def group_score(key: str, questions: list[Question], ratings: dict[str, int | None]) -> GroupScore:
    """Score one group of questions (see the module docstring for the formula)."""
    given = {code: r for code, r in ratings.items() if r is not None}
    rated = [q for q in questions if q.code in given]
    dont_know = sum(1 for q in questions if q.code in ratings and ratings[q.code] is None)
    unanswered = sum(1 for q in questions if q.code not in ratings)
    needed = max(1, math.ceil(MIN_RATED_SHARE * len(questions)))
    score = None
    if questions and len(rated) >= needed:
        achieved = sum(q.weight * given[q.code] for q in rated)
        possible = sum(q.weight * MAX_RATING for q in rated)
        score = (HUNDRED * achieved / possible).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return GroupScore(key, score, len(rated), dont_know, unanswered, len(questions))


def diagnose(
    questions: list[Question], ratings: dict[str, int | None], *, top: int = 10
) -> Diagnosis:
    """Scores per section and COM-B sub-component, priorities, strengths and gaps.

    ``ratings`` maps question codes to 0..4, or None for "don't know"; questions absent
    from it are unanswered. Raises ValueError for unknown codes or out-of-range ratings.
    """
    _validate(questions, ratings)
    diagnosis = Diagnosis()
    by_section: dict[str, list[Question]] = defaultdict(list)
    by_comb: dict[str, list[Question]] = defaultdict(list)
    by_factor: dict[str, list[Question]] = defaultdict(list)
    for question in questions:
        by_section[question.section].append(question)
        for code in question.comb:
            by_comb[code].append(question)
        for factor in question.factors:
            by_factor[factor].append(question)
    diagnosis.sections = {k: group_score(k, v, ratings) for k, v in by_section.items()}
    diagnosis.comb = {k: group_score(k, v, ratings) for k, v in by_comb.items()}
    diagnosis.evidence_gaps = [
        q.code for q in questions if q.code in ratings and ratings[q.code] is None
    ]
    diagnosis.unanswered = [q.code for q in questions if q.code not in ratings]

    given = {code: r for code, r in ratings.items() if r is not None}
    priorities: list[Priority] = []
    strengths: list[Strength] = []
    for factor, probing in by_factor.items():
        rated = [q for q in probing if q.code in given]
        if not rated:
            continue
        low = tuple(q.code for q in rated if given[q.code] <= LOW_RATING)
        if low:
            implication = sum(q.weight * (MAX_RATING - given[q.code]) / MAX_RATING for q in rated)
            priorities.append(
                Priority(factor, Decimal(implication).quantize(Decimal("0.001")), low)
            )
        mean = Decimal(statistics.fmean(given[q.code] for q in rated)).quantize(Decimal("0.01"))
        if mean >= STRONG_RATING and not low:
            strengths.append(Strength(factor, mean, tuple(q.code for q in rated)))
    priorities.sort(key=lambda p: (-p.implication, p.factor))
    strengths.sort(key=lambda s: (-s.mean_rating, s.factor))
    diagnosis.priorities = priorities[:top]
    diagnosis.strengths = strengths[:top]
    return diagnosis


# --- Consensus (SCIROCCO's rule, scaled to the group) -----------------------------


@dataclass(frozen=True)
class Consensus:
    """The group's view of one question.

    ``median`` may be a half for even groups. ``outside`` counts ratings more than one
    point from the median. The group is split when at least a third of its ratings
    (rounded up) are outside that band; SCIROCCO's rule used 4 of 12.
    """

    ratings: tuple[int, ...]
    median: Decimal | None
    low: int | None
    high: int | None
    outside: int
    split: bool
    suggested: int | None  # the median rounded half up, offered as the agreed rating

    @property
    def spread(self) -> int | None:
        return None if self.low is None or self.high is None else self.high - self.low

    @property
    def label(self) -> str:
        if not self.ratings:
            return "No ratings"
        return "Split" if self.split else "Agreement"


def consensus(ratings: list[int]) -> Consensus:
    """Median, spread and agreement/split for one question's individual ratings
    ("don't know" answers are left out by the caller)."""
    for rating in ratings:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= MAX_RATING:
            raise ValueError(f"Ratings must be 0 to {MAX_RATING}; got {rating!r}")
    if not ratings:
        return Consensus((), None, None, None, 0, False, None)
    ordered = tuple(sorted(ratings))
    median = Decimal(str(statistics.median(ordered)))
    outside = sum(1 for r in ordered if abs(Decimal(r) - median) > 1)
    threshold = math.ceil(len(ordered) / 3)
    split = outside >= threshold and outside > 0
    suggested = int(median.quantize(Decimal("1"), ROUND_HALF_UP))
    return Consensus(ordered, median, ordered[0], ordered[-1], outside, split, suggested)


def combined_ratings(
    individual: dict[str, list[int | None]], agreed: dict[str, int | None]
) -> dict[str, int | None]:
    """The assessment's rating for each question, from what people entered.

    - A rating the group agreed (consensus, possibly "don't know") wins.
    - Otherwise, one person's answer is the rating.
    - Otherwise the median of the individual ratings, rounded half up; "don't know"
      answers are left out, and if everyone said "don't know" the result is "don't
      know" (None).
    Questions nobody answered are absent from the result.
    """
    combined: dict[str, int | None] = {}
    for code, answers in individual.items():
        if not answers:
            continue
        rated = [r for r in answers if r is not None]
        combined[code] = consensus(rated).suggested if rated else None
    for code, rating in agreed.items():
        combined[code] = rating
    return combined
