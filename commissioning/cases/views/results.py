"""The live results of a case, and two to four cases side by side."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commissioning.cases import access, analyses, analysis_jobs, defaults, document, selectors
from commissioning.cases.document.appraisal_notes import BCR_NOTE, expected_block
from commissioning.cases.document.options import options_appraisal
from commissioning.cases.economics import CaseAnalysis, board_money
from commissioning.cases.economics.expected import share_text
from commissioning.cases.models import Case
from commissioning.lib.lazy_context import lazy_parts

MIN_COMPARE, MAX_COMPARE = 2, 4
COMPARE_COUNT = "Select between 2 and 4 cases to compare"


def _board(value: Decimal | None) -> str:
    return document.NOT_CALCULATED if value is None else board_money(value)


def headline(analysis: CaseAnalysis) -> list[tuple[str, str, str]]:
    """The figures a commissioner looks at first, as (key, label, value): money rounded
    for a board ("£2.14m"; the tables below have it exactly), the expected NPV and the
    chance that the NPV is above zero beside the central estimate."""
    r, psa = analysis.appraisal, analysis.psa
    payback = f"Year {r.payback_year}" if r.payback_year is not None else "Not within the horizon"
    simulations = f"Expected NPV (average of {psa.draws:,} simulations)"
    return [
        ("npv", "Net present value (NPV), central estimate", _board(r.npv)),
        ("expected-npv", simulations, _board(psa.npv_mean)),
        ("chance", "Chance that the NPV is above zero", share_text(psa.probability_npv_positive)),
        ("bcr", "Benefit-cost ratio (BCR)", document.ratio(r.bcr)),
        ("roi", "Return on investment (ROI)", document.percent(r.roi)),
        ("fiscal-roi", "Fiscal return on investment", document.percent(r.fiscal_roi)),
        ("payback", "Discounted payback", payback),
        ("families", "Families reached", document.number(r.families_total)),
        ("cost-per-family", "Cost per family reached", _board(r.cost_per_family)),
        ("cost-per-case", "Cost per net case avoided", _board(r.cost_per_net_case)),
    ]


def _results_context(case: Case) -> dict:
    options = selectors.comparison_for(case)
    if options is not None:
        # The detail below is the preferred option's (else the first's), as in the document.
        analysis, inputs, provenance = (
            options.analysis,
            options.detailed.inputs,
            options.detailed.provenance,
        )
    else:
        analysis, inputs, provenance = (
            selectors.analysis_for(case.inputs),
            case.inputs,
            case.provenance,
        )
    sections = document.narrative_sections(case.narrative)
    charts = document.build_charts(analysis)
    economic = document.economic_case(analysis, [], sections, charts)
    if options is not None:
        economic["appraisal"] = options_appraisal(options.comparison, analysis.inputs.price_year)
    library = defaults.Library.load()
    return {
        "analysis": analysis,
        "result": analysis.appraisal,
        "headline": headline(analysis),
        "expected": expected_block(analysis),
        "bcr_note": BCR_NOTE,
        "summary": document.executive_summary(analysis, sections),
        "economic": economic,
        "charts": [
            charts[key]
            for key in ("costs_benefits", "cumulative_npv", "agencies", "tornado")
            if key in charts
        ],
        "inputs": selectors.with_prices(
            selectors.input_rows(inputs, provenance, library), analysis.inputs
        ),
        "detailed": options.detailed.name if options is not None else "",
        "prices": document.prices_section(analysis.inputs),
    }


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)
    progress = analysis_jobs.pending(selectors.inputs_analysed(case), case_id=case.pk)
    if progress is not None:  # a heavy case: its analysis runs in the background
        return render(request, "cases/results_preparing.html", {"case": case, "progress": progress})
    # The figures are worked out only when the template needs them: its body is a
    # fragment cached under the case's content version, so a page already rendered
    # for this version of the case is not worked out again.
    lazy = lazy_parts(lambda: _results_context(case), RESULTS_CONTEXT)
    return render(
        request,
        "cases/results.html",
        {"case": case, "content_version": analyses.content_version(case), **lazy},
    )


RESULTS_CONTEXT = (
    "analysis",
    "result",
    "headline",
    "expected",
    "bcr_note",
    "summary",
    "economic",
    "charts",
    "inputs",
    "detailed",
    "prices",
)


def _requested(request: HttpRequest) -> list[int] | None:
    seen: list[int] = []
    for raw in request.GET.getlist("case"):
        try:
            pk = int(raw)
        except ValueError:
            return None
        if pk not in seen:
            seen.append(pk)
    return seen


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    available = selectors.cases_for(request.user).order_by("title")
    wanted = _requested(request)
    context: dict = {"available": available, "selected": wanted or []}
    if wanted is None or not MIN_COMPARE <= len(wanted) <= MAX_COMPARE:
        context["error"] = COMPARE_COUNT if request.GET else None
        return render(request, "cases/compare.html", context)
    cases = [access.case_for(request.user, pk) for pk in wanted]
    analyses = [selectors.analysis_for(case.inputs) for case in cases]
    table, reading = document.options_table(
        analyses[0], [(case.title, a) for case, a in zip(cases[1:], analyses[1:], strict=True)]
    )
    context.update(
        {
            "cases": cases,
            "table": table,
            "reading": reading,
            "switching": [
                (case.title, a.appraisal.switching_sentence)
                for case, a in zip(cases, analyses, strict=True)
            ],
        }
    )
    return render(request, "cases/compare.html", context)
