"""The business case document: HTML page, tagged PDF and CSV from one analysis.

Independent of the web models, so the ``appraise`` command can use it too:

- ``document_context`` turns a case (its JSON-like data), its ``CaseAnalysis``, the
  free text the commissioner wrote (``NARRATIVE_SECTIONS``) and the optional
  self-assessment summary into plain, display-ready data laid out under the Green
  Book's Five Case Model (strategic, economic, commercial, financial, management),
  with an executive summary and appendices (assumptions, method, references);
- ``render_business_case_html`` and ``render_business_case_pdf`` render it through
  templates/cases/ (one file of ``{% partialdef %}`` fragments, _document.html, shared
  by the web page and the print document);
- ``business_case_csv``: the per-year table and every input with its source.

Every figure is formatted here, once (money as whole pounds with thousands
separators, rounded half up; shares as percentages), so the page, the PDF and the tests
agree. Text the user wrote is left as text: the templates autoescape it, and the
narrative is shown with ``linebreaks`` (which escapes too), never ``|safe``. The only
markup made here is the charts' SVG, which ``commissioning.cases.charts`` and
``commissioning.lib.charts`` escape piece by piece.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from commissioning.cases.charts import (
    TornadoBar,
    agency_bars_svg,
    costs_benefits_svg,
    cumulative_npv_svg,
    tornado_svg,
)
from commissioning.cases.economics import (
    CaseAnalysis,
    SensitivityRow,
    YearRow,
    format_money,
    round_to,
)
from commissioning.cases.economics.inputs import CaseInputs, staff_annual_cost
from commissioning.cases.economics.report import MODEL_VERSION
from commissioning.cases.economics.uncertainty import (
    CASE_PARAMETERS,
    DISCOUNT_SHIFT,
    Parameter,
    parameters,
    resolve,
    resolve_discount_shift,
)
from commissioning.lib.charts import Datum, bar_svg
from commissioning.lib.csvsafe import csv_safe_row

HTML_TEMPLATE = "cases/document.html"
PRINT_TEMPLATE = "cases/pdf/business_case.html"
PRINT_STYLESHEETS = ("css/case-print.css",)
METHODS_FILE = Path(__file__).resolve().parent / "METHODS.md"
LANG = "en-GB"
TORNADO_BARS = 10  # the chart shows the largest swings
# The table beside it shows more; the rest are in Appendix A and the CSV. Each row
# costs layout time (about 0.01 s a row: the labels are long), so not all 40.
SENSITIVITY_ROWS = 15
MAX_NARRATIVE = 20_000  # characters in one narrative section

# (key, title, guidance prompt). The key's first word names the part of the document
# the section belongs to ("summary" is the executive summary).
NARRATIVE_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "summary_recommendation",
        "Recommendation",
        "Say what decision you are asking for: what you want funded, for how long, at "
        "what cost, and why now. Two or three sentences a busy board member can act on.",
    ),
    (
        "strategic_need",
        "Need and case for change",
        "Describe the local need: how many families are affected, what help they get now, "
        "where the gaps are and what happens to babies and parents when the gaps are not "
        "filled. Use local figures (JSNA, health visiting data, perinatal mental health "
        "referrals) where you have them.",
    ),
    (
        "strategic_policy",
        "Fit with national and local policy",
        "Explain how the service supports the policies that apply to you, for example the "
        "Start for Life programme and Family Hubs, perinatal and infant mental health "
        "services, the NHS Long Term Plan, and your local health and wellbeing strategy "
        "or joint forward plan. Only name the policies you can show a link to.",
    ),
    (
        "strategic_objectives",
        "Objectives",
        "List what the service must achieve, in terms you can measure: for example the "
        "number of families seen each year, waiting times, and the outcomes for babies "
        "and parents you expect to change.",
    ),
    (
        "economic_options",
        "Options considered",
        "List the options you looked at (always including doing nothing, and usually a "
        "smaller or lighter-touch option) and say why each was kept or rejected.",
    ),
    (
        "commercial_procurement",
        "Procurement route",
        "Say how the service will be bought or provided: for example a contract awarded "
        "under the rules that apply to your organisation, a grant, an extension of an "
        "existing contract, or delivery in house. Say why this route fits, and check it "
        "with your procurement team.",
    ),
    (
        "commercial_market",
        "Provider market",
        "Describe who could provide the service (NHS trusts, voluntary sector, local "
        "authority teams), whether they have the specialist staff, and how you know.",
    ),
    (
        "commercial_contract",
        "Contract and payment",
        "Set out the contract length, how the provider will be paid, the key performance "
        "indicators, how staff and data will be handled, and what happens at the end.",
    ),
    (
        "financial_funding",
        "Funding sources",
        "Name who will pay for the service and how much, whether each source is "
        "confirmed, and any pooled or joint budgets between the NHS and the local "
        "authority.",
    ),
    (
        "financial_affordability",
        "Affordability",
        "Explain how the cost fits within budgets each year, what happens when any "
        "time-limited funding ends, and which savings are cash the funders can release "
        "and which are not.",
    ),
    (
        "management_delivery",
        "Delivery plan",
        "Give the main milestones: recruitment, training, referral pathways, first "
        "families seen and full capacity. Say who is responsible for each.",
    ),
    (
        "management_governance",
        "Governance",
        "Say which board or group will oversee the service, who the senior responsible "
        "owner is, how often progress will be reported and how parents' voices are heard.",
    ),
    (
        "management_risks",
        "Risks and mitigations",
        "List the main risks (for example recruiting specialist staff, low referrals, "
        "funding ending) with how likely they are, their impact and what you will do.",
    ),
    (
        "management_evaluation",
        "Evaluation and outcome measures",
        "Describe how you will know whether the service works: the outcome measures you "
        "will collect, when, and who will analyse them. Start with the assumptions the "
        "value-for-money result is most sensitive to (listed below).",
    ),
)
NARRATIVE_KEYS = frozenset(key for key, _, _ in NARRATIVE_SECTIONS)

VALUE_TYPE_LABELS = {
    "fiscal_cashable": "Fiscal (cashable)",
    "fiscal_non_cashable": "Fiscal (non-cashable)",
    "economic": "Economic",
    "social": "Social",
}
GRADES = {
    "V": "verified",
    "S": "secondary",
    "D": "derived",
    "P": "team proposal",
    "U": "unverified",
}
ILLUSTRATIVE_NOTE = "Illustrative: replace with a local figure"
NOT_CALCULATED = "Not calculated"
NOT_APPLICABLE = "Not applicable"
NOT_VARIED = "Not varied"
NO_BREAK_EVEN = "–"  # the NPV does not reach zero within the range tested

# Units and display kinds of the inputs, by field name.
PERCENT_FIELDS = {
    "prevalence",
    "reach",
    "overhead_rate",
    "optimism_bias_costs",
    "optimism_bias_benefits",
    "deadweight",
    "attribution",
    "displacement",
    "baseline_risk",
    "relative_reduction",
    "drop_off",
}
MONEY_FIELDS = {"setup_cost", "value_per_case", "annual_cost", "annual_cost_per_wte", "unit_cost"}
YEAR_FIELDS = {"horizon_years", "service_years", "duration_years", "lag_years"}
UNITS = {
    "horizon_years": "years",
    "service_years": "years",
    "births_per_year": "births a year",
    "prevalence": "share of families",
    "reach": "share of families in need",
    "capacity_families_per_year": "families a year",
    "setup_cost": "£, one-off",
    "overhead_rate": "share of running costs",
    "running_cost_scale": "multiplier on running costs",
    "optimism_bias_costs": "uplift on costs",
    "optimism_bias_benefits": "reduction in benefits",
    "deadweight": "share of benefit",
    "attribution": "share of benefit",
    "displacement": "share of benefit",
    "baseline_risk": "share of families reached",
    "relative_reduction": "share of the risk removed",
    "value_per_case": "£ per net case a year",
    "duration_years": "years",
    "lag_years": "years",
    "drop_off": "share lost each year",
    "unit_cost": "£ per WTE a year",
    "wte": "whole-time equivalents",
    "annual_cost": "£ a year",
    DISCOUNT_SHIFT: "percentage points on every rate",
}
EXTRA_LABELS = {
    "horizon_years": "Appraisal horizon",
    "service_years": "Years the service runs",
    "capacity_families_per_year": "Capacity of the service",
}
CASE_LABELS = {name: label for name, label, _, _ in CASE_PARAMETERS} | EXTRA_LABELS

_GRADE = re.compile(r"\(([^()]*)\)")
# A citation in a source note: capitalised words (an author or body, "et al." allowed)
# and a year or year range, e.g. "Conti et al. 2017/2021", "PSSRU 2024".
_CITATION = re.compile(
    r"\b(?:van |de |von )?[A-Z][\w&'\-]*(?: (?:[A-Z][\w&'\-]*|of|and|for))*(?: et al\.)?"
    r" (?:19|20)\d{2}(?:/(?:19|20)?\d{2})?\b"
)
_MARKUP = re.compile(r"\*\*|`|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")


# --- Formatting ---------------------------------------------------------------------------


def money(value: Decimal | None) -> str:
    """ "£1,234,568", "-£5,000"; "Not calculated" for None."""
    return NOT_CALCULATED if value is None else format_money(value)


def percent(value: Decimal | None, places: int = 1) -> str:
    """A share as a percentage: 0.0416 -> "4.2%", 0.28 -> "28%"; at least ``places``
    decimal places only when needed (trailing zeros dropped)."""
    if value is None:
        return NOT_CALCULATED
    text = f"{round_to(Decimal(value) * 100, places):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def ratio(value: Decimal | None, places: int = 2) -> str:
    """A ratio to ``places`` decimal places, with more only when needed to avoid
    showing 1.00 for a value that is not exactly 1 (so it never contradicts the NPV)."""
    if value is None:
        return NOT_CALCULATED
    shown = round_to(value, places)
    extra = 0
    while shown == 1 and value != 1 and extra < 6:
        extra += 1
        shown = round_to(value, places + extra)
    return f"{shown:f}"


def number(value: Decimal | int | None, places: int = 0) -> str:
    """A count with thousands separators: 5000 -> "5,000", 112.5 -> "113" (half up)."""
    if value is None:
        return NOT_CALCULATED
    rounded = round_to(Decimal(value), places)
    return f"{rounded:,f}"


def plain(value: Decimal | int) -> str:
    """An input as typed: 0.150 -> "0.15", 5000 -> "5000"."""
    if isinstance(value, int):
        return str(value)
    text = f"{value.normalize():f}"
    return text


def input_text(field: str, value: Decimal | int | None) -> str:
    """One input for people, by its field name: "15%", "£40,000", "5,000", "3 years"."""
    if value is None:
        return "Not set"
    if field == DISCOUNT_SHIFT:
        points = round_to(Decimal(value) * 100, 2).normalize()
        sign = "+" if points > 0 else ""
        return f"{sign}{points:f} percentage points"
    if field in PERCENT_FIELDS:
        return percent(Decimal(value), 2)
    if field in MONEY_FIELDS:
        pounds = round_to(Decimal(value), 2)
        whole = pounds == pounds.to_integral_value()
        return format_money(pounds) if whole else f"£{pounds:,.2f}"
    if field in YEAR_FIELDS:
        years = Decimal(value)
        shown = f"{years:f}" if isinstance(value, int) else f"{round_to(years, 1):f}"
        return f"{shown} year" + ("" if years == 1 else "s")
    if field == "running_cost_scale":
        return f"× {plain(round_to(Decimal(value), 3))}"
    return number(Decimal(value), 0 if Decimal(value) == int(value) else 2)


def field_of(path: str) -> str:
    """``outcomes[0].value_per_case`` -> ``value_per_case``."""
    return path.rsplit(".", 1)[-1]


def grade_of(source: str, illustrative: bool) -> str:
    """The evidence grade from the status marks in a source note ("(V)", "(Conti et
    al. 2021, V)", "(V; D)"), e.g. "Verified (V), derived (D)"."""
    marks: list[str] = []
    for group in _GRADE.findall(source or ""):
        for token in re.split(r"[,;]", group):
            token = token.strip()
            if token in GRADES and token not in marks:
                marks.append(token)
    if marks:
        text = ", ".join(f"{GRADES[m]} ({m})" for m in marks)
        return text[0].upper() + text[1:]
    return "Illustrative" if illustrative else "Not stated"


def _date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _safe(markup: str) -> SafeString:
    # Safe: the chart builders escape every piece of text they write into the markup.
    return mark_safe(markup)


def table(
    caption: str,
    head: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    foot: Iterable[Sequence[Any]] = (),
    numeric_from: int = 1,
    text_cols: Iterable[int] = (),
    css: str = "",
) -> dict[str, Any]:
    """A table for the ``table`` partial. Cells are display strings; columns from
    ``numeric_from`` on (except ``text_cols``) are figures, right-aligned; the first
    cell of each row is the row's header."""
    text = set(text_cols)

    def cells(row: Sequence[Any]) -> list[dict[str, Any]]:
        return [
            {"text": str(cell), "numeric": i >= numeric_from and i not in text}
            for i, cell in enumerate(row)
        ]

    return {
        "caption": caption,
        "head": cells(head),
        "rows": [cells(r) for r in rows],
        "foot": [cells(r) for r in foot],
        "css": css,
    }


# --- The context ---------------------------------------------------------------------------


def narrative_sections(narrative: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every narrative section, in order, with the text written for it ("" if none).
    Unknown keys and non-text values are ignored; text is trimmed and capped."""
    sections = {}
    for key, title, guidance in NARRATIVE_SECTIONS:
        raw = narrative.get(key) if isinstance(narrative, Mapping) else None
        text = raw.strip()[:MAX_NARRATIVE] if isinstance(raw, str) else ""
        sections[key] = {
            "key": key,
            "part": key.split("_", 1)[0],
            "title": title,
            "guidance": guidance,
            "text": text,
            "written": bool(text),
        }
    return sections


def _part(sections: Mapping[str, dict[str, Any]], part: str) -> list[dict[str, Any]]:
    return [s for s in sections.values() if s["part"] == part]


def document_context(
    *,
    case: Mapping[str, Any],
    analysis: CaseAnalysis,
    narrative: Mapping[str, str],
    organisation_name: str,
    author_name: str,
    diagnosis: Mapping[str, Any] | None,
    comparison: Sequence[tuple[str, CaseAnalysis]] | None = None,
    version_label: str = "",
    generated_at: datetime,
) -> dict[str, Any]:
    """Everything templates/cases/ need to show the business case (module docstring).

    ``case`` is the case's JSON-like data (used only for its notes and the discounting
    source; the figures come from ``analysis``); ``narrative`` maps keys of
    ``NARRATIVE_SECTIONS`` to the commissioner's text; ``diagnosis`` is
    ``assessment.summaries.diagnosis_summary`` of the organisation's latest submitted
    self-assessment, or None; ``comparison`` adds other options, labelled, beside this
    one and "do nothing"."""
    inputs, result = analysis.inputs, analysis.appraisal
    sections = narrative_sections(narrative)
    assumptions = assumption_rows(inputs, case, analysis)
    title = inputs.name
    written = sum(1 for s in sections.values() if s["written"])
    illustrative = sum(1 for row in assumptions if row["illustrative"])
    doc = {
        "title": title,
        "subtitle": "Business case for a parent-infant relationship service",
        "organisation_name": organisation_name,
        "author_name": author_name,
        "version_label": version_label,
        "generated_at": generated_at,
        "generated_on": _date(generated_at),
        "model_version": MODEL_VERSION,
        "price_year": inputs.price_year or "not stated",
        "description": inputs.description,
        "notes": case.get("notes") if isinstance(case.get("notes"), str) else "",
        "illustrative_count": illustrative,
        "sections_written": written,
        "sections_total": len(sections),
        "footer": " · ".join(
            part for part in (organisation_name, version_label, _date(generated_at)) if part
        ),
    }
    meta = {
        "title": f"Business case: {title}",
        "author": ", ".join(part for part in (author_name, organisation_name) if part),
        "subject": (
            f"Business case under the Green Book Five Case Model for {title}: strategic "
            "need, value for money, commercial route, affordability and delivery."
        ),
        "keywords": (
            "parent-infant relationships, business case, Five Case Model, value for "
            "money, Green Book, commissioning"
        ),
        "lang": LANG,
        "generator": "PAIR Commissioning Toolkit",
        "created": generated_at.isoformat(),
    }
    charts = build_charts(analysis)
    economic = economic_case(analysis, comparison or [], sections, charts)
    return {
        "doc": doc,
        "meta": meta,
        "toc": [
            ("summary", "Executive summary"),
            ("strategic-case", "1. Strategic case"),
            ("economic-case", "2. Economic case"),
            ("commercial-case", "3. Commercial case"),
            ("financial-case", "4. Financial case"),
            ("management-case", "5. Management case"),
            ("appendix-assumptions", "Appendix A: Assumptions"),
            ("appendix-method", "Appendix B: Method"),
            ("appendix-references", "Appendix C: References"),
        ],
        "summary": executive_summary(analysis, sections),
        "strategic": strategic_case(inputs, result, sections, diagnosis),
        "economic": economic,
        "commercial": {"sections": _part(sections, "commercial")},
        "financial": financial_case(inputs, result, sections, organisation_name),
        "management": management_case(analysis, sections),
        "appendix": {
            "assumptions": assumptions,
            "methods": methods_summary(),
            "references": references(inputs, case),
            "method_sources": method_sources(),
        },
        "charts": charts,
    }


def executive_summary(analysis: CaseAnalysis, sections: Mapping[str, Any]) -> dict[str, Any]:
    inputs, result, psa = analysis.inputs, analysis.appraisal, analysis.psa
    payback = (
        f"Year {result.payback_year}"
        if result.payback_year is not None
        else result.unavailable.get("payback_year", NOT_CALCULATED)
    )
    horizon = result.horizon_years
    figures = [
        ("Net present value (NPV)", money(result.npv)),
        ("Benefit-cost ratio (BCR)", ratio(result.bcr)),
        ("Return on investment (ROI)", percent(result.roi)),
        ("Fiscal return on investment", percent(result.fiscal_roi)),
        ("Present value of costs", money(result.pv_costs)),
        ("Present value of benefits", money(result.pv_benefits)),
        ("Discounted payback", payback),
        ("Families reached", number(result.families_total)),
        ("Cost per family reached", money(result.cost_per_family)),
        ("Probability that NPV is above zero", percent(psa.probability_npv_positive, 0)),
        ("90% interval for NPV", f"{money(psa.npv_p5)} to {money(psa.npv_p95)}"),
        (
            "90% interval for BCR",
            NOT_CALCULATED
            if psa.bcr_p5 is None
            else f"{ratio(psa.bcr_p5)} to {ratio(psa.bcr_p95)}",
        ),
    ]
    verdict = (
        f"Over {horizon} years at {inputs.price_year or 'constant'} prices, the service is "
        f"expected to cost {money(result.pv_costs)} and to produce benefits worth "
        f"{money(result.pv_benefits)} in present value: a net present value of "
        f"{money(result.npv)}"
        + (f" and a benefit-cost ratio of {ratio(result.bcr)}." if result.bcr is not None else ".")
    )
    if result.fiscal_roi is not None:
        fiscal = (
            f"Savings to public budgets alone return {percent(result.fiscal_roi)} of the cost "
            f"(£{ratio(result.fiscal_roi)} for every £1 spent)."
        )
    else:
        fiscal = result.unavailable.get("fiscal_roi", NOT_CALCULATED)
    psa_sentence = (
        f"In {psa.draws:,} simulations drawing every uncertain input from its range, the NPV "
        f"was above zero in {percent(psa.probability_npv_positive, 0)} of them; the 90% "
        f"interval for the NPV is {money(psa.npv_p5)} to {money(psa.npv_p95)}."
    )
    return {
        "figures": figures,
        "verdict": verdict,
        "fiscal": fiscal,
        "switching": result.switching_sentence,
        "psa": psa_sentence,
        "recommendation": sections["summary_recommendation"],
        "npv": money(result.npv),
        "bcr": ratio(result.bcr),
        "roi": percent(result.roi),
        "fiscal_roi": percent(result.fiscal_roi),
        "payback": payback,
        "families": number(result.families_total),
        "cost_per_family": money(result.cost_per_family),
        "probability_positive": percent(psa.probability_npv_positive, 0),
        "npv_interval": f"{money(psa.npv_p5)} to {money(psa.npv_p95)}",
    }


def strategic_case(
    inputs: CaseInputs,
    result: Any,
    sections: Mapping[str, Any],
    diagnosis: Mapping[str, Any] | None,
) -> dict[str, Any]:
    in_need = inputs.births_per_year * inputs.prevalence
    per_year = result.families_per_cohort[0] if result.families_per_cohort else Decimal(0)
    capacity = inputs.capacity_families_per_year

    def note(path: str) -> str:
        source = inputs.sources.get(path, "")
        if path in inputs.illustrative:
            return f"{ILLUSTRATIVE_NOTE}. {source}".strip()
        return source

    need = table(
        "Need and reach: the families the service is for",
        ["Measure", "Figure", "Source or working"],
        [
            ["Births a year", number(inputs.births_per_year), note("births_per_year")],
            ["Prevalence of need", percent(inputs.prevalence, 2), note("prevalence")],
            [
                "Families in need a year",
                number(in_need),
                "Births a year × prevalence of need.",
            ],
            ["Reach (share of families in need served)", percent(inputs.reach, 2), note("reach")],
            [
                "Capacity of the service",
                "No limit set" if capacity is None else f"{number(capacity)} families a year",
                note("capacity_families_per_year"),
            ],
            [
                "Families reached a year",
                number(per_year),
                (
                    "Limited by the capacity of the service: without the limit the reach "
                    f"would be {number(result.families_uncapped_per_cohort)} a year."
                    if result.capacity_binds
                    else "Families in need × reach."
                ),
            ],
            [
                f"Families reached over {inputs.service_years} years of service",
                number(result.families_total),
                "Families reached a year × years the service runs.",
            ],
        ],
        text_cols=[2],
        css="need",
    )
    return {
        "need_table": need,
        "need": sections["strategic_need"],
        "policy": sections["strategic_policy"],
        "objectives": sections["strategic_objectives"],
        "diagnosis": diagnosis_block(diagnosis),
    }


def diagnosis_block(diagnosis: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The self-assessment's findings for the strategic case, with a chart of section
    scores (``lib.charts.bar_svg``) and its table; None when no assessment is linked."""
    if not diagnosis:
        return None
    rows, data = [], []
    for section in diagnosis.get("sections", []):
        score = section.get("score")
        shown = NOT_CALCULATED if score is None else f"{round_to(Decimal(score), 0):f}"
        rows.append(
            [section.get("title", ""), shown if score is not None else "Not enough answers"]
        )
        valid = score is not None and 0 <= Decimal(score) <= 100
        data.append(Datum(str(section.get("title", "")), Decimal(score) if valid else None))
    chart = None
    if data:
        chart = {
            "id": "chart-readiness",
            "title": "Readiness profile: score for each section, out of 100",
            "svg": _safe(
                bar_svg(
                    data,
                    chart_id="chart-readiness",
                    title="Readiness profile: score for each section, out of 100",
                )
            ),
            "table": table(
                "Score for each section of the self-assessment, out of 100",
                ["Section", "Score"],
                rows,
            ),
            "reading": _readiness_reading(diagnosis.get("sections", [])),
        }
    submitted = diagnosis.get("submitted_at")
    return {
        "title": diagnosis.get("title", ""),
        "area_name": diagnosis.get("area_name", ""),
        "submitted_on": _date(submitted) if isinstance(submitted, datetime) else "",
        "provisional": bool(diagnosis.get("provisional")),
        "priorities": [p.get("title", "") for p in diagnosis.get("priorities", [])],
        "evidence_gaps": diagnosis.get("evidence_gaps", 0),
        "unanswered": diagnosis.get("unanswered", 0),
        "chart": chart,
    }


def _readiness_reading(sections: Sequence[Mapping[str, Any]]) -> str:
    scored = [
        (s.get("title", ""), Decimal(s["score"])) for s in sections if s.get("score") is not None
    ]
    if not scored:
        return "No section has enough answers for a score yet."
    low = min(scored, key=lambda item: item[1])
    high = max(scored, key=lambda item: item[1])
    return (
        f"The area is least ready on {low[0]} ({round_to(low[1], 0):f} out of 100) and most "
        f"ready on {high[0]} ({round_to(high[1], 0):f} out of 100)."
    )


# --- Economic case -------------------------------------------------------------------------


def option_metrics(analysis: CaseAnalysis | None) -> list[str]:
    """The comparison column of one option; None is "do nothing" (no costs, no
    benefits: NPV £0 by definition, ratios not applicable)."""
    if analysis is None:
        return [
            "None",
            "£0",
            "£0",
            "£0",
            NOT_APPLICABLE,
            NOT_APPLICABLE,
            NOT_APPLICABLE,
            NOT_APPLICABLE,
            "0",
            NOT_APPLICABLE,
            NOT_APPLICABLE,
            NOT_APPLICABLE,
            NOT_APPLICABLE,
        ]
    r, psa = analysis.appraisal, analysis.psa
    return [
        f"{r.horizon_years} years ({r.service_years} of service)",
        money(r.pv_costs),
        money(r.pv_benefits),
        money(r.npv),
        ratio(r.bcr),
        percent(r.roi),
        percent(r.fiscal_roi),
        f"Year {r.payback_year}" if r.payback_year is not None else "Not within the horizon",
        number(r.families_total),
        money(r.cost_per_family),
        money(r.cost_per_net_case),
        percent(r.switching_value, 0),
        percent(psa.probability_npv_positive, 0),
    ]


OPTION_ROWS = (
    "Appraisal period",
    "Present value of costs",
    "Present value of benefits",
    "Net present value (NPV)",
    "Benefit-cost ratio",
    "Return on investment",
    "Fiscal return on investment",
    "Discounted payback",
    "Families reached",
    "Cost per family reached",
    "Cost per net case avoided",
    "Switching value of the effects",
    "Probability that NPV is above zero",
)


def options_table(
    analysis: CaseAnalysis, comparison: Sequence[tuple[str, CaseAnalysis]]
) -> tuple[dict[str, Any], str]:
    options: list[tuple[str, CaseAnalysis | None]] = [
        ("Option 0: do nothing", None),
        (f"Option 1: {analysis.inputs.name}", analysis),
    ]
    options += [(f"Option {i}: {label}", a) for i, (label, a) in enumerate(comparison, start=2)]
    columns = [option_metrics(a) for _, a in options]
    rows = [[label, *(col[i] for col in columns)] for i, label in enumerate(OPTION_ROWS)]
    npvs = [(Decimal(0) if a is None else a.appraisal.npv, name) for name, a in options]
    best_npv, best = max(npvs, key=lambda item: item[0])
    if best_npv <= 0:
        reading = (
            "No option has a positive NPV, so on value for money alone doing nothing "
            "comes out best; the strategic case must carry the decision."
        )
    else:
        reading = f"{best} has the highest NPV ({money(best_npv)}) compared with doing nothing."
    head = ["Measure", *(name for name, _ in options)]
    return (
        table("Options compared with doing nothing", head, rows, css="options"),
        reading,
    )


def cost_table(inputs: CaseInputs, result: Any) -> dict[str, Any]:
    rows = []
    staff_total = Decimal(0)
    for line in inputs.staff:
        per_wte = (
            line.annual_cost_per_wte
            if line.annual_cost_per_wte is not None
            else inputs.unit_costs.get(line.band)
        )
        annual = staff_annual_cost(line, inputs.unit_costs)
        staff_total += annual
        basis = line.band or "entered cost"
        rows.append(
            [
                line.role,
                f"{plain(line.wte)} WTE × {money(per_wte)} ({basis})",
                money(annual),
            ]
        )
    other_total = Decimal(0)
    for item in inputs.non_staff:
        other_total += item.annual_cost
        rows.append([item.label, "Non-staff, a year", money(item.annual_cost)])
    subtotal = staff_total + other_total
    overhead = subtotal * inputs.overhead_rate
    running = (subtotal + overhead) * inputs.running_cost_scale
    uplift = running * inputs.optimism_bias_costs
    setup_uplift = inputs.setup_cost * inputs.optimism_bias_costs
    foot = [
        ["Staff and non-staff costs a year", "", money(subtotal)],
        ["Overheads", f"{percent(inputs.overhead_rate, 2)} of the above", money(overhead)],
        [
            "Running costs a year",
            f"Scaled by {plain(inputs.running_cost_scale)}",
            money(running),
        ],
        [
            "Optimism bias on running costs",
            f"{percent(inputs.optimism_bias_costs, 2)} uplift",
            money(uplift),
        ],
        ["Running costs a year, appraised", "", money(running + uplift)],
        ["Set-up cost (year 0)", "One-off", money(inputs.setup_cost)],
        [
            "Set-up cost, appraised",
            f"With {percent(inputs.optimism_bias_costs, 2)} optimism bias",
            money(inputs.setup_cost + setup_uplift),
        ],
    ]
    result_table = table(
        "Costs of the service (real terms, undiscounted)",
        ["Item", "Basis", "Amount"],
        rows,
        foot=foot,
        numeric_from=2,
        css="costs",
    )
    return result_table


def outcomes_table(analysis: CaseAnalysis) -> dict[str, Any]:
    inputs, result = analysis.inputs, analysis.appraisal
    rows = []
    for outcome, res in zip(inputs.outcomes, result.outcomes, strict=True):
        rows.append(
            [
                outcome.name,
                res.agency,
                VALUE_TYPE_LABELS.get(res.value_type, res.value_type)
                + (" (health value)" if res.is_health else ""),
                number(res.net_cases_per_cohort, 1),
                money(outcome.value_per_case),
                money(res.pv_benefits),
            ]
        )
    return table(
        "Outcomes and their present value",
        [
            "Outcome",
            "Who gains",
            "Value type",
            "Net cases a cohort",
            "Value per case a year",
            "Present value",
        ],
        rows,
        foot=[["Total", "", "", "", "", money(result.pv_benefits)]],
        numeric_from=3,
        css="outcomes",
    )


def money_flow_table(analysis: CaseAnalysis) -> dict[str, Any]:
    """Benefits by agency (rows) and value type (columns), in present value."""
    result = analysis.appraisal
    types = list(VALUE_TYPE_LABELS)
    grid: dict[str, dict[str, Decimal]] = {}
    for res in result.outcomes:
        grid.setdefault(res.agency, dict.fromkeys(types, Decimal(0)))
        grid[res.agency][res.value_type] += res.pv_benefits
    total = result.pv_benefits
    rows = []
    for agency, by_type in grid.items():
        subtotal = sum(by_type.values(), Decimal(0))
        share = percent(subtotal / total) if total > 0 else NOT_CALCULATED
        rows.append([agency, *(money(by_type[t]) for t in types), money(subtotal), share])
    by_type = result.pv_benefits_by_type
    foot = [
        [
            "Total",
            *(money(by_type.get(t, Decimal(0))) for t in types),
            money(total),
            "100%" if total > 0 else NOT_CALCULATED,
        ]
    ]
    return table(
        "Who gains: present value of benefits by agency and value type",
        ["Agency", *VALUE_TYPE_LABELS.values(), "Total", "Share"],
        rows,
        foot=foot,
        css="money-flow",
    )


def break_even(row: SensitivityRow, central_npv: Decimal) -> Decimal | None:
    """The input value at which NPV would be zero, by straight-line interpolation
    between the central value and the tested end on the other side of zero; None when
    NPV does not cross zero within the range tested. Exact for inputs NPV depends on
    in a straight line (counts, shares of families, risks, effects, values, costs);
    approximate for the others (capped reach, durations, lags, drop-off, rates)."""
    if central_npv == 0:
        return Decimal(row.central)
    for end, npv in ((row.low, row.npv_low), (row.high, row.npv_high)):
        if npv == 0:
            return Decimal(end)
        if (npv > 0) != (central_npv > 0):
            share = central_npv / (central_npv - npv)
            return Decimal(row.central) + share * (Decimal(end) - Decimal(row.central))
    return None


def sensitivity_table(analysis: CaseAnalysis, limit: int | None = None) -> dict[str, Any]:
    """The one-way sensitivity, largest swing first: every input, or the ``limit``
    largest swings."""
    central = analysis.appraisal.npv
    rows = []
    for row in analysis.sensitivity[:limit]:
        field = field_of(row.path)
        crossing = break_even(row, central)
        rows.append(
            [
                row.label,
                f"{input_text(field, row.low)} to {input_text(field, row.high)}",
                money(row.npv_low),
                money(row.npv_high),
                money(row.swing),
                NO_BREAK_EVEN if crossing is None else input_text(field, crossing),
            ]
        )
    shown = "" if limit is None or limit >= len(analysis.sensitivity) else f" ({limit} largest)"
    return table(
        "One-way sensitivity: NPV with each input at its low and high value, largest swing "
        f"first{shown}",
        [
            "Input",
            "Range tested",
            "NPV at low value",
            "NPV at high value",
            "Swing",
            "Switching value",
        ],
        rows,
        numeric_from=2,
        css="sensitivity",
    )


def scenarios_table(analysis: CaseAnalysis) -> dict[str, Any]:
    rows = []
    for scenario in analysis.scenarios:
        a = scenario.appraisal
        rows.append(
            [
                scenario.name.capitalize(),
                money(a.pv_costs),
                money(a.pv_benefits),
                money(a.npv),
                ratio(a.bcr),
                f"Year {a.payback_year}" if a.payback_year is not None else "Not within horizon",
            ]
        )
    return table(
        "Scenarios: every input at its worse end (conservative), as entered (central) "
        "and at its better end (optimistic)",
        ["Scenario", "PV of costs", "PV of benefits", "NPV", "BCR", "Payback"],
        rows,
        css="scenarios",
    )


def build_charts(analysis: CaseAnalysis) -> dict[str, dict[str, Any]]:
    """The four charts of the economic case, each with its table and a one-sentence
    reading in plain English."""
    result = analysis.appraisal
    years = [row.year for row in result.years]
    charts: dict[str, dict[str, Any]] = {}

    # 1. Costs and benefits by year, with the full per-year table.
    title = "Costs and benefits in each year (present value)"
    peak = max(result.years, key=lambda row: row.pv_benefit)
    cost_years = [row.year for row in result.years if row.cost > 0]
    benefit_years = [row.year for row in result.years if row.benefit > 0]
    if benefit_years and cost_years:
        reading = (
            f"Costs fall in years {_span(cost_years)}, while benefits arrive in years "
            f"{_span(benefit_years)} and peak in year {peak.year} at {money(peak.pv_benefit)}."
        )
    elif cost_years:
        reading = f"Costs fall in years {_span(cost_years)}; no benefits arrive within the horizon."
    else:
        reading = f"The case has no costs; benefits arrive in years {_span(benefit_years)}."
    charts["costs_benefits"] = {
        "id": "chart-costs-benefits",
        "title": title,
        "svg": _safe(
            costs_benefits_svg(
                years,
                [row.pv_cost for row in result.years],
                [row.pv_benefit for row in result.years],
                chart_id="chart-costs-benefits",
                title=title,
            )
        ),
        "reading": reading,
        "table": table(
            "Costs and benefits by year: undiscounted, discount factors and present values"
            + QUIET_YEARS,
            [
                "Year",
                "Costs",
                "Benefits",
                "of which health",
                "Discount factor",
                "Health discount factor",
                "PV of costs",
                "PV of benefits",
                "Cumulative NPV",
            ],
            (
                [
                    label,
                    money(row.cost),
                    money(row.benefit),
                    money(row.health_benefit),
                    f"{round_to(row.df_standard, 4):f}" if single else "–",
                    f"{round_to(row.df_health, 4):f}" if single else "–",
                    money(row.pv_cost),
                    money(row.pv_benefit),
                    money(row.cumulative_npv),
                ]
                for label, single, row in year_groups(result.years)
            ),
            foot=[
                [
                    "Total",
                    money(result.total_costs),
                    money(result.total_benefits),
                    money(sum((r.health_benefit for r in result.years), Decimal(0))),
                    "",
                    "",
                    money(result.pv_costs),
                    money(result.pv_benefits),
                    money(result.npv),
                ]
            ],
            css="years",
        ),
    }

    # 2. Cumulative NPV.
    title = "Cumulative net present value at the end of each year"
    lowest = min(result.years, key=lambda row: row.cumulative_npv)
    if result.payback_year is not None:
        reading = (
            f"The running total is lowest in year {lowest.year} ({money(lowest.cumulative_npv)}), "
            f"turns positive in year {result.payback_year} and ends at {money(result.npv)} "
            f"after {result.horizon_years} years."
        )
    else:
        reading = (
            f"The running total is lowest in year {lowest.year} ({money(lowest.cumulative_npv)}) "
            f"and never turns positive within the {result.horizon_years}-year horizon, ending "
            f"at {money(result.npv)}."
        )
    charts["cumulative_npv"] = {
        "id": "chart-cumulative-npv",
        "title": title,
        "svg": _safe(
            cumulative_npv_svg(
                years,
                [row.cumulative_npv for row in result.years],
                chart_id="chart-cumulative-npv",
                title=title,
                payback_year=result.payback_year,
            )
        ),
        "reading": reading,
        "table": table(
            "Net present value in each year and its running total" + QUIET_YEARS,
            ["Year", "NPV in the year", "Cumulative NPV"],
            (
                [label, money(row.pv_benefit - row.pv_cost), money(row.cumulative_npv)]
                for label, _, row in year_groups(result.years)
            ),
            css="cumulative",
        ),
    }

    # 3. Benefits by agency, with the money-flow table.
    title = "Who gains: present value of benefits by agency"
    agencies = sorted(result.pv_benefits_by_agency.items(), key=lambda item: -item[1])
    top_agency, top_value = agencies[0]
    share = percent(top_value / result.pv_benefits) if result.pv_benefits > 0 else "none"
    charts["agencies"] = {
        "id": "chart-agencies",
        "title": title,
        "svg": _safe(agency_bars_svg(agencies, chart_id="chart-agencies", title=title)),
        "reading": (
            f"{top_agency} gains most: {money(top_value)}, {share} of all benefits."
            if result.pv_benefits > 0
            else "No agency gains within the horizon."
        ),
        "table": money_flow_table(analysis),
    }

    # 4. Tornado, with the full sensitivity table.
    title = "What the result is most sensitive to: NPV with each input at its low and high value"
    rows = analysis.sensitivity[:TORNADO_BARS]
    if rows:
        top = rows[0]
        negative = sum(1 for r in analysis.sensitivity if min(r.npv_low, r.npv_high) < 0)
        reading = (
            f"The NPV is most sensitive to {top.label}: across its range the NPV runs from "
            f"{money(min(top.npv_low, top.npv_high))} to {money(max(top.npv_low, top.npv_high))}"
            f", and {negative} of the {len(analysis.sensitivity)} inputs tested can make it "
            "negative on their own."
        )
        charts["tornado"] = {
            "id": "chart-tornado",
            "title": title,
            "svg": _safe(
                tornado_svg(
                    [TornadoBar(r.label, r.npv_low, r.npv_high) for r in rows],
                    central=result.npv,
                    chart_id="chart-tornado",
                    title=title,
                )
            ),
            "reading": reading,
            "table": sensitivity_table(analysis, SENSITIVITY_ROWS),
            "note": _sensitivity_note(analysis, len(rows)),
        }
    return charts


QUIET_YEARS = " (years with no costs or benefits are grouped)"


def _sensitivity_note(analysis: CaseAnalysis, charted: int) -> str:
    rows = analysis.sensitivity
    note = f"The chart shows the {charted} inputs with the largest swing"
    if len(rows) <= SENSITIVITY_ROWS:
        return note + "; the table lists every input tested."
    rest = rows[SENSITIVITY_ROWS]
    return (
        f"{note}; the table shows the {SENSITIVITY_ROWS} largest of the {len(rows)} inputs "
        f"tested. Each of the other {len(rows) - SENSITIVITY_ROWS} moves the NPV by "
        f"{money(rest.swing)} or less; Appendix A gives the range and switching value of "
        "every input, and the CSV download every NPV."
    )


def year_groups(rows: Sequence[YearRow]) -> list[tuple[str, bool, YearRow]]:
    """(label, is one year, row) for the year tables: a run of two or more years with
    no cost and no benefit becomes one row ("8 to 19"), carrying the last year's
    figures (zero flows, the unchanged cumulative NPV); other years stand alone."""

    def quiet(row: YearRow) -> bool:
        return row.cost == 0 and row.benefit == 0

    groups: list[tuple[str, bool, YearRow]] = []
    i = 0
    while i < len(rows):
        j = i
        while quiet(rows[i]) and j + 1 < len(rows) and quiet(rows[j + 1]):
            j += 1
        if j > i:
            groups.append((f"{rows[i].year} to {rows[j].year}", False, rows[j]))
        else:
            groups.append((str(rows[i].year), True, rows[i]))
        i = j + 1
    return groups


def _span(years: Sequence[int]) -> str:
    if len(years) == 1:
        return str(years[0])
    if list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]} to {years[-1]}"
    return ", ".join(str(y) for y in years)


def economic_case(
    analysis: CaseAnalysis,
    comparison: Sequence[tuple[str, CaseAnalysis]],
    sections: Mapping[str, Any],
    charts: Mapping[str, Any],
) -> dict[str, Any]:
    inputs, result, psa = analysis.inputs, analysis.appraisal, analysis.psa
    options, options_reading = options_table(analysis, comparison)
    schedule = inputs.discounting
    rates = "; ".join(f"{percent(rate, 2)} from year {year}" for year, rate in schedule.standard)
    health_rates = "; ".join(
        f"{percent(rate, 2)} from year {year}" for year, rate in schedule.health
    )
    psa_table = table(
        f"Probabilistic analysis: {psa.draws:,} draws (seed {psa.seed})",
        ["Measure", "5th percentile", "Median", "95th percentile"],
        [
            ["NPV", money(psa.npv_p5), money(psa.npv_median), money(psa.npv_p95)],
            ["BCR", ratio(psa.bcr_p5), ratio(psa.bcr_median), ratio(psa.bcr_p95)],
        ],
        css="psa",
    )
    return {
        "options_narrative": sections["economic_options"],
        "options": options,
        "options_reading": options_reading,
        "costs": cost_table(inputs, result),
        "outcomes": outcomes_table(analysis),
        "switching": result.switching_sentence,
        "discounting": (
            f"Costs and non-health benefits are discounted at {rates}; health values at "
            f"{health_rates} (method: {schedule.method.replace('_', ' ')})."
        ),
        "adjustments": (
            f"Benefits are net of deadweight ({percent(inputs.deadweight, 2)}), attribution "
            f"({percent(inputs.attribution, 2)}) and displacement "
            f"({percent(inputs.displacement, 2)}), and reduced by optimism bias of "
            f"{percent(inputs.optimism_bias_benefits, 2)}; costs carry optimism bias of "
            f"{percent(inputs.optimism_bias_costs, 2)}."
        ),
        "scenarios": scenarios_table(analysis),
        "psa": psa_table,
        "psa_reading": (
            f"The NPV was above zero in {percent(psa.probability_npv_positive, 0)} of "
            f"{psa.draws:,} draws; 90% of draws fell between {money(psa.npv_p5)} and "
            f"{money(psa.npv_p95)}, with a median of {money(psa.npv_median)}."
        ),
        "mean_npv": money(psa.npv_mean),
        "chart_list": [
            charts[key] for key in ("costs_benefits", "cumulative_npv") if key in charts
        ],
        "agencies_chart": charts.get("agencies"),
        "tornado_chart": charts.get("tornado"),
    }


# --- Financial and management cases ---------------------------------------------------------


def financial_case(
    inputs: CaseInputs, result: Any, sections: Mapping[str, Any], organisation_name: str
) -> dict[str, Any]:
    """Annual budget profile (cash, undiscounted) for the service years, and who pays
    against who gains."""
    running_cash = sum(
        (staff_annual_cost(line, inputs.unit_costs) for line in inputs.staff), Decimal(0)
    ) + sum((line.annual_cost for line in inputs.non_staff), Decimal(0))
    running_cash *= (1 + inputs.overhead_rate) * inputs.running_cost_scale
    rows, total_cash, total = [], Decimal(0), Decimal(0)
    for row in result.years[: inputs.service_years]:
        setup = inputs.setup_cost if row.year == 0 else Decimal(0)
        cash = setup + running_cash
        total_cash += cash
        total += row.cost
        rows.append(
            [
                f"Year {row.year}",
                money(setup),
                money(running_cash),
                money(cash),
                money(row.cost - cash),
                money(row.cost),
            ]
        )
    budget = table(
        "Annual budget profile for the years of service (real terms, undiscounted)",
        [
            "Year",
            "Set-up",
            "Running costs",
            "Cash budget",
            "Optimism bias allowance",
            "Appraised cost",
        ],
        rows,
        foot=[["Total", "", "", money(total_cash), money(total - total_cash), money(total)]],
        css="budget",
    )
    cashable: dict[str, Decimal] = {}
    for res in result.outcomes:
        if res.value_type == "fiscal_cashable":
            cashable[res.agency] = cashable.get(res.agency, Decimal(0)) + res.pv_benefits
    payer = f"{organisation_name or 'The commissioner'} and the funders named above"
    who = [[payer, money(result.pv_costs), "£0", "£0"]]
    for agency, value in result.pv_benefits_by_agency.items():
        who.append([agency, "£0", money(value), money(cashable.get(agency, Decimal(0)))])
    who_table = table(
        "Who pays and who gains (present value over the appraisal period)",
        ["Who", "Pays (costs)", "Gains (benefits)", "of which cashable"],
        who,
        foot=[
            [
                "Total",
                money(result.pv_costs),
                money(result.pv_benefits),
                money(sum(cashable.values(), Decimal(0))),
            ]
        ],
        css="who-pays",
    )
    return {
        "funding": sections["financial_funding"],
        "affordability": sections["financial_affordability"],
        "budget": budget,
        "who_pays": who_table,
        "reading": (
            f"The service needs a cash budget of {money(total_cash)} over "
            f"{inputs.service_years} year{'s' if inputs.service_years != 1 else ''} "
            f"({money(total)} with the optimism bias allowance). Cashable savings worth "
            f"{money(sum(cashable.values(), Decimal(0)))} in present value fall to the "
            "agencies shown; the rest of the benefit is not cash a budget holder can "
            "release."
        ),
    }


def management_case(analysis: CaseAnalysis, sections: Mapping[str, Any]) -> dict[str, Any]:
    inputs, result = analysis.inputs, analysis.appraisal
    measures = table(
        "Outcome measures for the evaluation: what the appraisal assumes",
        ["Outcome", "Baseline risk assumed", "Effect assumed", "Net cases a cohort", "Who gains"],
        (
            [
                o.name,
                percent(o.baseline_risk, 2),
                f"{percent(o.relative_reduction, 2)} lower risk",
                number(r.net_cases_per_cohort, 1),
                o.agency,
            ]
            for o, r in zip(inputs.outcomes, result.outcomes, strict=True)
        ),
        text_cols=[4],
        css="measures",
    )
    return {
        "sections": [
            sections[k]
            for k in ("management_delivery", "management_governance", "management_risks")
        ],
        "evaluation": sections["management_evaluation"],
        "measures": measures,
        "check_first": [row.label for row in analysis.sensitivity[:5]],
    }


# --- Appendices ---------------------------------------------------------------------------


def _range_row(
    inputs: CaseInputs, parameter: Parameter, crossing: dict[str, Decimal | None]
) -> tuple[str, str, str]:
    """(range tested, note on it, switching value) of one input, for display."""
    rng = resolve(inputs, parameter)
    field = field_of(parameter.path)
    if not rng.varies:
        return NOT_VARIED, "", ""
    notes = [] if rng.distribution == "triangular" else [rng.distribution]
    if parameter.path not in inputs.ranges:
        notes.append("default")
    value = crossing.get(parameter.path)
    return (
        f"{input_text(field, rng.low)} to {input_text(field, rng.high)}",
        ", ".join(notes),
        NO_BREAK_EVEN if value is None else input_text(field, value),
    )


def assumption_rows(
    inputs: CaseInputs, case: Mapping[str, Any], analysis: CaseAnalysis
) -> list[dict[str, Any]]:
    """Every input with its value, unit, price year, range, switching value, evidence
    grade, source and illustrative flag: display strings plus the raw values (for CSV)."""
    central = analysis.appraisal.npv
    crossing = {row.path: break_even(row, central) for row in analysis.sensitivity}
    by_path = {p.path: p for p in parameters(inputs)}
    price_year = inputs.price_year
    rows: list[dict[str, Any]] = []

    def add(
        path: str,
        label: str,
        value: Decimal | int | None,
        field: str,
        *,
        source_path: str | None = None,
        extra_source: str = "",
    ) -> None:
        source_key = source_path or path
        source = inputs.sources.get(source_key) or inputs.sources.get(path) or extra_source
        illustrative = path in inputs.illustrative or source_key in inputs.illustrative
        parameter = by_path.get(path)
        if parameter is not None:
            range_text, range_note, be = _range_row(inputs, parameter, crossing)
            rng = resolve(inputs, parameter)
            low, high = (rng.low, rng.high) if rng.varies else (None, None)
        else:
            range_text, range_note, be, low, high = NOT_VARIED, "", "", None, None
        rows.append(
            {
                "path": path,
                "label": label,
                "value": input_text(field, value),
                "raw_value": value,
                "unit": UNITS.get(field, ""),
                "price_year": price_year if field in MONEY_FIELDS else "",
                "range": range_text,
                "range_note": range_note,
                "low": low,
                "high": high,
                "break_even": be,
                "grade": grade_of(source, illustrative),
                "source": source,
                "illustrative": illustrative,
            }
        )

    for name in ("horizon_years", "service_years", "births_per_year", "prevalence", "reach"):
        add(name, CASE_LABELS[name], getattr(inputs, name), name)
    add(
        "capacity_families_per_year",
        CASE_LABELS["capacity_families_per_year"],
        inputs.capacity_families_per_year,
        "capacity_families_per_year",
    )
    for name in (
        "setup_cost",
        "running_cost_scale",
        "overhead_rate",
        "optimism_bias_costs",
        "optimism_bias_benefits",
        "deadweight",
        "attribution",
        "displacement",
    ):
        add(name, CASE_LABELS[name], getattr(inputs, name), name)
    for band, cost in inputs.unit_costs.items():
        add(f"unit_costs.{band}", f"Unit cost: {band}", cost, "unit_cost")
    for i, line in enumerate(inputs.staff):
        add(f"staff[{i}].wte", f"Staff: {line.role}", line.wte, "wte", source_path=f"staff[{i}]")
        if line.annual_cost_per_wte is not None:
            add(
                f"staff[{i}].annual_cost_per_wte",
                f"Staff: {line.role}, cost per WTE",
                line.annual_cost_per_wte,
                "unit_cost",
                source_path=f"staff[{i}]",
            )
    for i, item in enumerate(inputs.non_staff):
        add(
            f"non_staff[{i}].annual_cost",
            f"Non-staff: {item.label}",
            item.annual_cost,
            "annual_cost",
            source_path=f"non_staff[{i}]",
        )
    for i, outcome in enumerate(inputs.outcomes):
        for parameter in parameters(inputs):
            prefix = f"outcomes[{i}]."
            if parameter.path.startswith(prefix):
                add(
                    parameter.path,
                    parameter.label,
                    getattr(outcome, field_of(parameter.path)),
                    field_of(parameter.path),
                    extra_source=inputs.sources.get(f"outcomes[{i}]", ""),
                )
    discounting = case.get("discounting")
    source = discounting.get("source", "") if isinstance(discounting, Mapping) else ""
    schedule = inputs.discounting
    for key, bands, what in (
        ("discounting.standard", schedule.standard, "costs and non-health benefits"),
        ("discounting.health", schedule.health, "health values"),
    ):
        text = "; ".join(f"{percent(rate, 2)} from year {year}" for year, rate in bands)
        rows.append(
            {
                "path": key,
                "label": f"Discount rate: {what}",
                "value": text,
                "raw_value": text,
                "unit": "a year, real terms",
                "price_year": "",
                "range": "",
                "range_note": "",
                "low": None,
                "high": None,
                "break_even": "",
                "grade": grade_of(source if isinstance(source, str) else "", False),
                "source": source if isinstance(source, str) else "",
                "illustrative": False,
            }
        )
    shift = resolve_discount_shift(inputs)
    if shift.varies:
        rows[-1]["range"] = (
            f"{input_text(DISCOUNT_SHIFT, shift.low)} to {input_text(DISCOUNT_SHIFT, shift.high)}"
        )
        rows[-2]["range"] = rows[-1]["range"]
        value = crossing.get(DISCOUNT_SHIFT)
        rows[-1]["break_even"] = rows[-2]["break_even"] = (
            NO_BREAK_EVEN if value is None else input_text(DISCOUNT_SHIFT, value)
        )
    return rows


def references(inputs: CaseInputs, case: Mapping[str, Any]) -> list[str]:
    """The works the case's source notes cite, each once, in the order the inputs use
    them: author or body and year, as written in the notes ("Conti et al. 2017/2021",
    "PSSRU 2024", "NHS National Cost Collection 2023/24"). The notes themselves are in
    the assumptions table."""
    notes = [text for text in inputs.sources.values() if text]
    discounting = case.get("discounting")
    source = discounting.get("source") if isinstance(discounting, Mapping) else None
    if isinstance(source, str):
        notes.append(source)
    seen: dict[str, None] = {}
    for note in notes:
        for match in _CITATION.finditer(note):
            seen.setdefault(" ".join(match.group(0).split()), None)
    return list(seen)


def _strip_markdown(text: str) -> str:
    return _MARKUP.sub("", text)


@lru_cache(maxsize=1)
def _methods() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(numbered sections of METHODS.md with a short summary, its sources)."""
    try:
        lines = METHODS_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return (), ()
    sections: list[tuple[str, list[list[str]]]] = []
    sources: list[str] = []
    in_code = in_sources = False
    paragraph: list[str] = []

    def close() -> None:
        if paragraph and sections:
            sections[-1][1].append(paragraph.copy())
        paragraph.clear()

    for line in lines:
        text = line.strip()
        if text.startswith("```"):
            close()
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.startswith("## "):
            close()
            heading = line[3:].strip()
            in_sources = heading.lower() == "sources"
            if not in_sources and heading[:1].isdigit():
                sections.append((heading, []))
            continue
        if in_sources:
            if line.startswith("- "):
                sources.append(text[2:])
            elif line.startswith("  ") and sources:
                sources[-1] += " " + text
            continue
        if not text or text.startswith(("|", "#")):
            close()
        elif text.startswith("- "):  # a list item is a paragraph of its own
            close()
            paragraph.append(text[2:])
        else:
            paragraph.append(text)
    close()
    summary = tuple(
        (heading, _summarise([_strip_markdown(" ".join(p)) for p in paragraphs]))
        for heading, paragraphs in sections
    )
    return summary, tuple(_strip_markdown(s) for s in sources)


def _summarise(paragraphs: Sequence[str], enough: int = 160) -> str:
    """The opening paragraph (and the next ones while it is short and they carry on the
    same thought), with a colon that introduced a formula made a full stop."""
    chosen: list[str] = []
    for text in paragraphs:
        if chosen and (len(" ".join(chosen)) >= enough or text[:1].islower()):
            break
        chosen.append(text[:-1] + "." if text.endswith(":") else text)
    return " ".join(chosen)


def methods_summary() -> list[tuple[str, str]]:
    """(heading, first paragraph) for each numbered section of METHODS.md."""
    return list(_methods()[0])


def method_sources() -> list[str]:
    """The sources listed at the end of METHODS.md."""
    return list(_methods()[1])


# --- Rendering ------------------------------------------------------------------------------


def render_business_case_html(context: Mapping[str, Any], *, standalone: bool = False) -> str:
    """The business case as a full HTML page: the site page (templates/cases/
    document.html, which extends base.html) or, with ``standalone``, the print document
    with its stylesheet inlined, a single file that reads well offline (the CLI's
    ``--html``)."""
    if standalone:
        from commissioning.lib.pdf import stylesheet_text

        css = "\n".join(stylesheet_text(name) for name in PRINT_STYLESHEETS)
        # Safe: our own static stylesheet, not user input.
        return render_to_string(PRINT_TEMPLATE, {**context, "inline_css": mark_safe(css)})
    return render_to_string(HTML_TEMPLATE, {"SITE_NAME": "PAIR Commissioning Toolkit", **context})


def render_business_case_pdf(context: Mapping[str, Any], *, fetcher: Any = None) -> bytes:
    """The business case as a tagged PDF (PDF/UA-1) through ``lib.pdf.render_pdf``: only
    the toolkit's static files and ``data:`` URIs are ever fetched. ``fetcher`` (a
    ``StaticOnlyFetcher``) can be passed to see what was refused."""
    # Imported here: loading WeasyPrint takes most of a second, paid only by PDFs.
    from commissioning.lib.pdf import render_pdf

    return render_pdf(PRINT_TEMPLATE, dict(context), stylesheets=PRINT_STYLESHEETS, fetcher=fetcher)


def business_case_csv(case: Mapping[str, Any], analysis: CaseAnalysis) -> str:
    """The per-year table, every input with its source, and the whole one-way
    sensitivity, as CSV text. Every cell goes through ``csv_safe`` (no formula
    injection); money is in pounds to the penny."""
    inputs, result = analysis.inputs, analysis.appraisal
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def write(row: Iterable[Any]) -> None:
        writer.writerow(csv_safe_row(row))

    write(["Business case", inputs.name])
    write(["Price year", inputs.price_year])
    write(["Model version", MODEL_VERSION])
    write([])
    write(
        [
            "Year",
            "Costs (£)",
            "Benefits (£)",
            "Health benefits (£)",
            "Discount factor",
            "Health discount factor",
            "PV of costs (£)",
            "PV of benefits (£)",
            "Cumulative NPV (£)",
        ]
    )
    for row in result.years:
        write(
            [
                row.year,
                round_to(row.cost, 2),
                round_to(row.benefit, 2),
                round_to(row.health_benefit, 2),
                round_to(row.df_standard, 10),
                round_to(row.df_health, 10),
                round_to(row.pv_cost, 2),
                round_to(row.pv_benefit, 2),
                round_to(row.cumulative_npv, 2),
            ]
        )
    write([])
    write(
        [
            "Input",
            "Label",
            "Value",
            "Unit",
            "Price year",
            "Low",
            "High",
            "Range",
            "Switching value",
            "Evidence grade",
            "Illustrative",
            "Source",
        ]
    )
    for row in assumption_rows(inputs, case, analysis):
        raw = row["raw_value"]
        write(
            [
                row["path"],
                row["label"],
                raw if isinstance(raw, Decimal | int | str) else "",
                row["unit"],
                row["price_year"],
                "" if row["low"] is None else row["low"],
                "" if row["high"] is None else row["high"],
                row["range_note"],
                row["break_even"],
                row["grade"],
                ILLUSTRATIVE_NOTE if row["illustrative"] else "",
                row["source"],
            ]
        )
    write([])
    write(
        [
            "Sensitivity input",
            "Label",
            "Low",
            "Central",
            "High",
            "NPV at low value (£)",
            "NPV at high value (£)",
            "Swing (£)",
            "Switching value",
        ]
    )
    for row in analysis.sensitivity:
        crossing = break_even(row, result.npv)
        write(
            [
                row.path,
                row.label,
                row.low,
                row.central,
                row.high,
                round_to(row.npv_low, 2),
                round_to(row.npv_high, 2),
                round_to(row.swing, 2),
                "" if crossing is None else round_to(crossing, 6),
            ]
        )
    return buffer.getvalue()
