"""The live results of a case, and two to four cases side by side."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commissioning.cases import defaults, document, selectors
from commissioning.cases.economics import CaseAnalysis

MIN_COMPARE, MAX_COMPARE = 2, 4
COMPARE_COUNT = "Select between 2 and 4 cases to compare"


def headline(analysis: CaseAnalysis) -> list[tuple[str, str]]:
    """The figures a commissioner looks at first, formatted as in the document."""
    r = analysis.appraisal
    payback = f"Year {r.payback_year}" if r.payback_year is not None else "Not within the horizon"
    return [
        ("Net present value (NPV)", document.money(r.npv)),
        ("Benefit-cost ratio (BCR)", document.ratio(r.bcr)),
        ("Return on investment (ROI)", document.percent(r.roi)),
        ("Fiscal return on investment", document.percent(r.fiscal_roi)),
        ("Discounted payback", payback),
        ("Families reached", document.number(r.families_total)),
        ("Cost per family reached", document.money(r.cost_per_family)),
        ("Cost per net case avoided", document.money(r.cost_per_net_case)),
    ]


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    analysis = selectors.analysis_for(case.inputs)
    sections = document.narrative_sections(case.narrative)
    charts = document.build_charts(analysis)
    economic = document.economic_case(analysis, [], sections, charts)
    library = defaults.Library.load()
    return render(
        request,
        "cases/results.html",
        {
            "case": case,
            "analysis": analysis,
            "result": analysis.appraisal,
            "headline": headline(analysis),
            "summary": document.executive_summary(analysis, sections),
            "economic": economic,
            "charts": [
                charts[key]
                for key in ("costs_benefits", "cumulative_npv", "agencies", "tornado")
                if key in charts
            ],
            "inputs": selectors.with_prices(
                selectors.input_rows(case.inputs, case.provenance, library), analysis.inputs
            ),
            "prices": document.prices_section(analysis.inputs),
        },
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
    cases = [selectors.case_for(request.user, pk) for pk in wanted]
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
