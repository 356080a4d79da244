"""Reads that summarise assessments: the report behind the results page, its PDF and
CSV; the action plan's recommendations; the comparison of two assessments; and the
short summary the case builders read.

Each read runs a fixed number of queries, however many questions are answered: the
ratings and scores come from ``stored_results.scored_for`` (stored for a submitted
assessment), the instrument from ``selectors.instrument_facts`` (kept per content
generation) and everything else is looked up in bulk. The arithmetic is in the pure
modules (``scoring``, ``recommendations``, ``reading``, ``commissioning.lib.charts``).
"""

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils.safestring import SafeString, mark_safe

from commissioning.assessment import (
    diagnosis,
    reading,
    recommendations,
    scoring,
    stored_results,
)
from commissioning.assessment.models import Answer, Assessment, PlanItem, Question
from commissioning.knowledge.caching import kept_for_generation
from commissioning.knowledge.models import (
    Action,
    CombFunctionLink,
    CombSubcomponent,
    Factor,
    InterventionFunction,
    Source,
    Status,
)
from commissioning.lib.charts import Datum, bar_svg, radar_or_bar_svg

SECTIONS_CHART_TITLE = "Readiness profile: score for each section, out of 100"
COMB_CHART_TITLE = "COM-B profile: score for each sub-component, out of 100"


@dataclass(frozen=True)
class GroupRow:
    """A section or COM-B sub-component with its score."""

    key: str
    title: str
    group: scoring.GroupScore

    @property
    def missing_text(self) -> str:
        """Why there is no score: too few rated answers, or no question probes it."""
        return reading.NO_QUESTIONS if self.group.total == 0 else reading.NOT_ENOUGH


@dataclass(frozen=True)
class Reason:
    question: Question
    rating: int


@dataclass(frozen=True)
class PriorityRow:
    factor: Factor
    implication: Decimal
    reasons: list[Reason]


@dataclass(frozen=True)
class StrengthRow:
    factor: Factor
    mean_rating: Decimal
    questions: list[Question]


@dataclass
class Analysis:
    """An assessment's diagnosis with the model objects the pages name."""

    assessment: Assessment
    diagnosis: scoring.Diagnosis
    ratings: dict[str, int | None]
    questions: dict[str, Question]
    sections: list[GroupRow]
    comb: list[GroupRow]
    priorities: list[PriorityRow]
    strengths: list[StrengthRow]
    evidence_gaps: list[Question]
    # How many questions touch at least one COM-B sub-component. A question counts
    # once in each sub-component it touches, so the sub-components' counts add up to
    # more than this.
    comb_questions: int

    @property
    def provisional(self) -> bool:
        return not self.assessment.is_locked

    @property
    def unanswered(self) -> int:
        return len(self.diagnosis.unanswered)


@dataclass
class Report(Analysis):
    """``Analysis`` plus the plain-English reading and the two charts (SVG markup)."""

    reading: list[str] = field(default_factory=list)
    sections_chart: SafeString = field(default_factory=lambda: mark_safe(""))
    comb_chart: SafeString = field(default_factory=lambda: mark_safe(""))


def analyse(assessment: Assessment, *, top: int = stored_results.TOP) -> Analysis:
    """Score and diagnose ``assessment`` (see ``scoring.diagnose``). Only published
    factors become priorities or strengths, so every one can link to its page."""
    return analysis_of(stored_results.scored_for(assessment), top=top)


def analysis_of(scored: stored_results.Scored, *, top: int = stored_results.TOP) -> Analysis:
    """``analyse`` for ratings already read (``stored_results.scored_for``)."""
    facts, ratings, by_code = scored.facts, scored.ratings, scored.facts.questions
    diagnosis = scored.diagnosis
    if top != stored_results.TOP:
        diagnosis = scoring.diagnose(facts.pure, ratings, top=top)
    published = facts.published
    sections = [GroupRow(code, title, diagnosis.sections[code]) for code, title in facts.sections]
    comb = [
        GroupRow(
            part.code,
            part.name,
            diagnosis.comb.get(part.code) or scoring.GroupScore(part.code, None, 0, 0, 0, 0),
        )
        for part in facts.comb_parts
    ]
    priorities = [
        PriorityRow(
            published[p.factor],
            p.implication,
            [Reason(by_code[code], ratings[code]) for code in p.reasons],
        )
        for p in diagnosis.priorities
    ]
    strengths = [
        StrengthRow(published[s.factor], s.mean_rating, [by_code[c] for c in s.questions])
        for s in diagnosis.strengths
    ]
    return Analysis(
        assessment=scored.assessment,
        diagnosis=diagnosis,
        ratings=ratings,
        questions=by_code,
        sections=sections,
        comb=comb,
        priorities=priorities,
        strengths=strengths,
        evidence_gaps=[by_code[code] for code in diagnosis.evidence_gaps],
        comb_questions=facts.comb_questions,
    )


def plain_reading(analysis: Analysis) -> list[str]:
    """The assessment's plain-English reading (``reading.results_reading``): the one the
    results page, its PDF and the business case's strategic case all show."""
    return reading.results_reading(
        sections=[(row.title, row.group) for row in analysis.sections],
        comb=[(row.key, row.title, row.group) for row in analysis.comb],
        evidence_gaps=len(analysis.evidence_gaps),
        unanswered=analysis.unanswered,
        provisional=analysis.provisional,
        level_names=analysis.assessment.instrument.level_names,
    )


def report_for(assessment: Assessment) -> Report:
    """Everything the results page and its PDF show."""
    return report_of(stored_results.scored_for(assessment))


def report_of(scored: stored_results.Scored) -> Report:
    """``report_for`` for ratings already read."""
    analysis = analysis_of(scored)
    report = Report(**{f.name: getattr(analysis, f.name) for f in dataclasses.fields(Analysis)})
    report.reading = plain_reading(analysis)
    # Safe: charts.py escapes every piece of text it writes into the markup.
    if analysis.sections:
        report.sections_chart = mark_safe(
            radar_or_bar_svg(
                [Datum(row.title, row.group.score, row.missing_text) for row in analysis.sections],
                chart_id="sections-chart",
                title=SECTIONS_CHART_TITLE,
            )
        )
    if analysis.comb:
        report.comb_chart = mark_safe(
            bar_svg(
                [Datum(row.title, row.group.score, row.missing_text) for row in analysis.comb],
                chart_id="comb-chart",
                title=COMB_CHART_TITLE,
            )
        )
    return report


def plan_items(assessment: Assessment) -> list[PlanItem]:
    return list(
        PlanItem.objects.filter(assessment=assessment)
        .select_related("factor", "action")
        .order_by("due_date", "created_at", "pk")
    )


# --- The action plan's recommendations ---------------------------------------------


@dataclass(frozen=True)
class FunctionRow:
    function: InterventionFunction
    via: list[CombSubcomponent]
    used_by_actions: bool
    in_matrix: bool


@dataclass(frozen=True)
class ActionRow:
    action: Action
    adopted: bool
    sources: list[Source]


@dataclass(frozen=True)
class PlanEntry:
    priority: PriorityRow
    functions: list[FunctionRow]
    actions: list[ActionRow]


def _plan_factors(slugs: list[str]) -> dict[str, Factor]:
    """The published factors named, with their COM-B links and actions (read-only)."""
    return {
        f.slug: f
        for f in Factor.objects.published()
        .filter(slug__in=slugs)
        .prefetch_related(
            "comb_links__target",
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("function")
                .prefetch_related("sources", "resources")
                .order_by("order", "pk"),
            ),
        )
    }


def _wheel() -> tuple[
    dict[str, InterventionFunction], dict[str, list[str]], dict[str, CombSubcomponent]
]:
    """The intervention functions in order, and the COM-B to function matrix."""
    functions = {f.code: f for f in InterventionFunction.objects.order_by("order", "code")}
    matrix: dict[str, list[str]] = {}
    parts: dict[str, CombSubcomponent] = {}
    for link in CombFunctionLink.objects.select_related("subcomponent", "function"):
        matrix.setdefault(link.subcomponent.code, []).append(link.function.code)
        parts[link.subcomponent.code] = link.subcomponent
    return functions, matrix, parts


def plan_entries(analysis: Analysis, items: list[PlanItem]) -> list[PlanEntry]:
    """For each priority: the intervention functions the wheel suggests and the
    knowledge base's actions, marked when adopted (see ``recommendations``)."""
    slugs = sorted(row.factor.slug for row in analysis.priorities)
    factors = kept_for_generation(
        "assessment:plan-factors:" + ",".join(slugs), lambda: _plan_factors(slugs)
    )
    functions, matrix, parts = kept_for_generation("assessment:wheel", _wheel)
    actions = {a.pk: a for f in factors.values() for a in f.actions.all()}
    slug_by_pk = {f.pk: slug for slug, f in factors.items()}
    advice = recommendations.recommend(
        analysis.diagnosis.priorities,
        factors={
            slug: recommendations.FactorFacts(
                slug, tuple(link.target.code for link in f.comb_links.all())
            )
            for slug, f in factors.items()
        },
        matrix=matrix,
        actions=[
            recommendations.ActionFacts(a.pk, slug_by_pk[a.factor_id], a.function.code, a.order)
            for a in actions.values()
        ],
        adopted={item.action_id for item in items if item.action_id},
        function_order=list(functions),
    )
    rows = {row.factor.slug: row for row in analysis.priorities}
    entries = []
    for rec in advice:
        entries.append(
            PlanEntry(
                priority=rows[rec.factor],
                functions=[
                    FunctionRow(
                        functions[s.code],
                        [parts[code] for code in s.via],
                        s.used_by_actions,
                        s.in_matrix,
                    )
                    for s in rec.functions
                    if s.code in functions
                ],
                actions=[
                    ActionRow(
                        actions[pk],
                        pk in rec.adopted,
                        [s for s in actions[pk].sources.all() if s.status == Status.PUBLISHED],
                    )
                    for pk in rec.actions
                ],
            )
        )
    return entries


# --- Per-question rows (CSV) ---------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    rating: int | None
    dont_know: bool
    answers: int
    notes: int


def question_rows(analysis: Analysis) -> list[QuestionRow]:
    """Each question with its combined rating (or "don't know"), how many people
    answered it and how many of them left notes: one aggregate query."""
    counts = {
        row["question_id"]: row
        for row in Answer.objects.filter(assessment=analysis.assessment)
        .values("question_id")
        .annotate(answers=Count("id"), notes=Count("id", filter=~Q(note="")))
    }
    rows = []
    for code, question in analysis.questions.items():
        count = counts.get(question.pk, {"answers": 0, "notes": 0})
        answered = code in analysis.ratings
        rows.append(
            QuestionRow(
                question,
                analysis.ratings.get(code),
                answered and analysis.ratings[code] is None,
                count["answers"],
                count["notes"],
            )
        )
    return rows


# --- Comparing two assessments -------------------------------------------------------


@dataclass
class Comparison:
    earlier: Assessment
    later: Assessment
    sections: list[reading.Change]
    comb: list[reading.Change]
    completed: list[recommendations.PlanItemFacts]


def _facts(items: list[PlanItem]) -> list[recommendations.PlanItemFacts]:
    return [
        recommendations.PlanItemFacts(i.pk, i.title, i.action_id, i.status == PlanItem.Status.DONE)
        for i in items
    ]


def comparison(first: Assessment, second: Assessment) -> Comparison:
    """Scores side by side, earlier first (by when each was started), and the plan
    actions completed between them."""
    earlier, later = sorted((first, second), key=lambda a: (a.created_at, str(a.pk)))
    a, b = analyse(earlier), analyse(later)
    titles: dict[str, str] = {}
    for row in [*a.sections, *b.sections]:
        titles.setdefault(row.key, row.title)
    return Comparison(
        earlier=earlier,
        later=later,
        sections=reading.score_changes(
            list(titles.items()), a.diagnosis.sections, b.diagnosis.sections
        ),
        comb=reading.score_changes(
            [(row.key, row.title) for row in a.comb],
            {row.key: row.group for row in a.comb},
            {row.key: row.group for row in b.comb},
        ),
        completed=recommendations.completed_between(
            _facts(plan_items(earlier)), _facts(plan_items(later))
        ),
    )


# --- For the case builders -------------------------------------------------------------


def _score_line(row: GroupRow) -> diagnosis.GroupScoreLine:
    g = row.group
    return diagnosis.GroupScoreLine(
        code=row.key,
        title=row.title,
        score=g.score,
        rated=g.rated,
        dont_know=g.dont_know,
        unanswered=g.unanswered,
        questions=g.total,
    )


def diagnosis_summary(assessment: Assessment, *, top: int = 5) -> diagnosis.DiagnosisSummary:
    """A short, plain summary of an assessment's diagnosis, for the case builders
    (which pick the assessment with ``selectors.latest_submitted_for``).

    Scores are ``Decimal`` on 0..100, or None for "not enough answers" (never 0).
    ``priorities`` are the ``top`` most implicated published factors, most first;
    ``reading`` is the results page's own reading (``plain_reading``)."""
    analysis = analyse(assessment, top=top)
    return diagnosis.DiagnosisSummary(
        assessment=str(assessment.pk),
        title=assessment.title,
        area_name=assessment.area_name,
        status=assessment.status,
        submitted_at=assessment.submitted_at,
        provisional=analysis.provisional,
        sections=tuple(_score_line(row) for row in analysis.sections),
        comb=tuple(_score_line(row) for row in analysis.comb),
        priorities=tuple(
            diagnosis.PriorityLine(
                factor=row.factor.slug,
                title=row.factor.title,
                implication=row.implication,
                questions=tuple(reason.question.code for reason in row.reasons),
            )
            for row in analysis.priorities
        ),
        evidence_gaps=len(analysis.evidence_gaps),
        unanswered=analysis.unanswered,
        reading=tuple(plain_reading(analysis)),
    )
