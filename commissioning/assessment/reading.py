"""Plain-English readings of a self-assessment's results, and of the change between
two assessments (pure: no ORM, no Django).

Rules the wording follows:
- a group without enough rated answers has no number, ever: it is named as having
  "not enough answers";
- "Don't know" is never described as a low score: it is an evidence gap;
- results of an assessment still in progress are called provisional.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from commissioning.assessment.scoring import MAX_RATING, GroupScore
from commissioning.lib.charts import format_value

NOT_ENOUGH = "Not enough answers"
NO_QUESTIONS = "No questions"

# What each COM-B sub-component means for a local system, for the reading.
COMB_MEANING = {
    "CPh": "practical skills and capacity to do the work",
    "CPs": "knowledge and understanding of infant mental health and how to commission for it",
    "OPh": "time, money, staff and systems",
    "OSo": "shared priorities, relationships and support between partners",
    "MRe": "plans, priorities and belief that the service will work",
    "MAu": "habits, routines and how people feel about the work",
}


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def score_text(score: Decimal | None) -> str:
    """A score for a sentence or table cell; never a number without enough answers."""
    return NOT_ENOUGH if score is None else f"{format_value(score)} out of 100"


def level_for(score: Decimal, level_names: Sequence[str]) -> str:
    """The maturity level a 0..100 score is nearest to, e.g. 62.5 -> level 2.5 -> 3."""
    if not level_names:
        return ""
    index = int((score * MAX_RATING / 100).quantize(Decimal("1"), "ROUND_HALF_UP"))
    return level_names[max(0, min(index, len(level_names) - 1))]


def _extremes(scored: list[tuple[str, Decimal]], *, best: bool) -> tuple[list[str], Decimal]:
    target = max(s for _, s in scored) if best else min(s for _, s in scored)
    return [title for title, s in scored if s == target], target


def results_reading(
    *,
    sections: Sequence[tuple[str, GroupScore]],
    comb: Sequence[tuple[str, str, GroupScore]],
    evidence_gaps: int,
    unanswered: int,
    provisional: bool,
    level_names: Sequence[str] = (),
) -> list[str]:
    """Paragraphs reading the results: provisional or not, strongest and weakest
    sections, sections without a score, the lowest COM-B sub-component, and evidence
    gaps. ``sections`` is (title, score) in order; ``comb`` is (code, name, score)."""
    paragraphs = []
    if provisional:
        if unanswered:
            paragraphs.append(
                "These results are provisional: the assessment has not been submitted and "
                f"{unanswered} question{'s have' if unanswered != 1 else ' has'} not been "
                "answered yet. They will change as people answer."
            )
        else:
            paragraphs.append(
                "These results are provisional: the assessment has not been submitted, so "
                "answers may still change."
            )

    scored = [(title, g.score) for title, g in sections if g.score is not None]
    missing = [title for title, g in sections if g.score is None]
    if not scored:
        paragraphs.append(
            "No section has enough answers for a score yet. A section gets a score once "
            'at least half of its questions have a rating ("Don\'t know" does not count).'
        )
    elif len(scored) == 1:
        title, score = scored[0]
        paragraphs.append(f"Only {title} has enough answers for a score ({score_text(score)}).")
    else:
        strongest, high = _extremes(scored, best=True)
        weakest, low = _extremes(scored, best=False)
        if high == low:
            paragraphs.append(f"Every scored section has the same score ({score_text(high)}).")
        else:
            for names, score, word in ((strongest, high, "strongest"), (weakest, low, "weakest")):
                level = level_for(score, level_names)
                around = f', around "{level}"' if level else ""
                plural = "s are" if len(names) > 1 else " is"
                paragraphs.append(
                    f"Your {word} section{plural} {join_names(names)} "
                    f"({score_text(score)}{around})."
                )
    if missing:
        verb = "do" if len(missing) > 1 else "does"
        paragraphs.append(
            f"{join_names(missing)} {verb} not have enough answers for a score, so no number "
            "is shown. Rate at least half of a section's questions to see its score."
        )

    comb_scored = [(code, name, g.score) for code, name, g in comb if g.score is not None]
    if len(comb_scored) >= 2:
        lowest = min(s for _, _, s in comb_scored)
        if lowest < max(s for _, _, s in comb_scored):
            code, name, score = next(c for c in comb_scored if c[2] == lowest)
            meaning = COMB_MEANING.get(code)
            tail = f": actions that build {meaning} are likely to help most" if meaning else ""
            paragraphs.append(
                f"Of the COM-B sub-components, {name.lower()} scores lowest "
                f"({score_text(score)}){tail}."
            )

    if evidence_gaps:
        paragraphs.append(
            f"{evidence_gaps} question{'s were' if evidence_gaps != 1 else ' was'} answered "
            '"Don\'t know". These are not counted as zero: they show where your system '
            "lacks evidence, listed under Evidence gaps."
        )
    return paragraphs


# --- Comparing two assessments ----------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One section or COM-B sub-component in two assessments. ``first``/``second`` are
    None when that assessment has no score (``*_asked`` False: the group was not in
    that questionnaire version at all)."""

    key: str
    title: str
    first: Decimal | None
    second: Decimal | None
    first_asked: bool
    second_asked: bool

    @property
    def difference(self) -> Decimal | None:
        if self.first is None or self.second is None:
            return None
        return self.second - self.first

    @property
    def first_text(self) -> str:
        return _cell(self.first, self.first_asked)

    @property
    def second_text(self) -> str:
        return _cell(self.second, self.second_asked)

    @property
    def change_text(self) -> str:
        """ "Up 12.5", "Down 5", "No change", or why there is no comparison."""
        difference = self.difference
        if difference is None:
            unasked = [
                label
                for label, asked in (("first", self.first_asked), ("second", self.second_asked))
                if not asked
            ]
            if unasked:
                where = "either" if len(unasked) == 2 else f"the {unasked[0]}"
                return f"Cannot compare: no questions on this in {where} assessment"
            gaps = [
                label
                for label, value in (("first", self.first), ("second", self.second))
                if value is None
            ]
            where = "either" if len(gaps) == 2 else f"the {gaps[0]}"
            return f"Cannot compare: not enough answers in {where} assessment"
        if difference == 0:
            return "No change"
        return f"{'Up' if difference > 0 else 'Down'} {format_value(abs(difference))}"


def _cell(score: Decimal | None, asked: bool) -> str:
    if not asked:
        return NO_QUESTIONS
    return NOT_ENOUGH if score is None else format_value(score)


def score_changes(
    titles: Sequence[tuple[str, str]],
    first: Mapping[str, GroupScore],
    second: Mapping[str, GroupScore],
) -> list[Change]:
    """One ``Change`` per (key, title), in the order given. A key missing from one
    assessment's scores was not asked in its version."""
    return [
        Change(
            key=key,
            title=title,
            first=first[key].score if key in first else None,
            second=second[key].score if key in second else None,
            first_asked=key in first and first[key].total > 0,
            second_asked=key in second and second[key].total > 0,
        )
        for key, title in titles
    ]
