"""The whole document context and its executive summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from commissioning.assessment.diagnosis import DiagnosisSummary
from commissioning.cases.document.appendices import (
    assumption_rows,
    method_sources,
    methods_summary,
    references,
)
from commissioning.cases.document.appraisal_notes import (
    BCR_NOTE,
    expected_block,
    nice_threshold_note,
)
from commissioning.cases.document.economic import economic_case
from commissioning.cases.document.economic_charts import build_charts
from commissioning.cases.document.financial import financial_case, management_case
from commissioning.cases.document.formatting import (
    NOT_CALCULATED,
    _date,
    money,
    number,
    percent,
    ratio,
)
from commissioning.cases.document.narrative import _part, narrative_sections
from commissioning.cases.document.options import ActionPlan, action_plan_block, options_appraisal
from commissioning.cases.document.prices import prices_section
from commissioning.cases.document.service_map import service_map_section
from commissioning.cases.document.strategic import strategic_case
from commissioning.cases.economics import CaseAnalysis, board_money
from commissioning.cases.economics.options import Comparison
from commissioning.cases.economics.report import MODEL_VERSION
from commissioning.knowledge.works import Work
from commissioning.servicemap.summary import ServiceMapSummary

LANG = "en-GB"


def document_context(
    *,
    case: Mapping[str, Any],
    analysis: CaseAnalysis,
    narrative: Mapping[str, str],
    organisation_name: str,
    author_name: str,
    diagnosis: DiagnosisSummary | None,
    comparison: Sequence[tuple[str, CaseAnalysis]] | None = None,
    version_label: str = "",
    generated_at: datetime,
    works: Sequence[Work] | None = None,
    data_ages: Mapping[str, str] | None = None,
    options: Comparison | None = None,
    action_plan: ActionPlan | None = None,
    service_map: ServiceMapSummary | None = None,
) -> dict[str, Any]:
    """Everything templates/cases/ need to show the business case (see the package docstring).

    ``case`` is the case's JSON-like data (used only for its notes and the discounting
    source; the figures come from ``analysis``); ``narrative`` maps keys of
    ``NARRATIVE_SECTIONS`` to the commissioner's text; ``diagnosis`` is
    ``assessment.summaries.diagnosis_summary`` of the organisation's latest submitted
    self-assessment (with its own reading), or None; ``comparison`` adds other
    options, labelled, beside this one and "do nothing"; ``works`` is the catalogue
    the references appendix names works from (the knowledge base's published
    sources; the shipped ones if None);
    ``data_ages`` says how old area figures are, by input path (shown beside their
    source in the assumptions); ``options`` is the case's options appraisal
    (``economics.options.compare_options``: every option against business as usual, the
    preferred option and why), shown at the head of the economic case, with ``analysis``
    the option the rest of the document details (the preferred one, else the first);
    ``action_plan`` is the action plan of the organisation's latest submitted
    self-assessment (``cases.selectors.action_plan_for``), shown in the management case;
    ``service_map`` is ``servicemap.selectors.service_map_for(case)``, the local service
    map the strategic case shows as the existing arrangements and the gaps (None: no map
    linked)."""
    inputs, result = analysis.inputs, analysis.appraisal
    sections = narrative_sections(narrative)
    assumptions = assumption_rows(inputs, case, analysis, data_ages=data_ages)
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
    economic["appraisal"] = (
        options_appraisal(options, inputs.price_year) if options is not None else None
    )
    management = management_case(analysis, sections)
    management["action_plan"] = action_plan_block(action_plan)
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
        "strategic": {
            **strategic_case(inputs, result, sections, diagnosis),
            "service_map": service_map_section(service_map),
        },
        "economic": economic,
        "commercial": {"sections": _part(sections, "commercial")},
        "financial": financial_case(inputs, result, sections, organisation_name),
        "management": management,
        "appendix": {
            "assumptions": assumptions,
            "prices": prices_section(inputs),
            "methods": methods_summary(),
            "references": references(inputs, case, works),
            "method_sources": method_sources(),
            "nice_threshold": nice_threshold_note(analysis),
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
        ("Net present value (NPV), central estimate", money(result.npv)),
        ("Expected NPV (average of the simulations)", money(psa.npv_mean)),
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
        f"Over {horizon} years at {inputs.price_year or 'constant'} prices, the central "
        f"estimate is that the service costs {board_money(result.pv_costs)} and produces "
        f"benefits worth {board_money(result.pv_benefits)} in present value: a net present "
        f"value of {board_money(result.npv)}"
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
        f"interval for the NPV is {board_money(psa.npv_p5)} to {board_money(psa.npv_p95)}."
    )
    return {
        "figures": figures,
        "verdict": verdict,
        "fiscal": fiscal,
        "switching": result.switching_sentence,
        "psa": psa_sentence,
        "expected": expected_block(analysis),
        "bcr_note": BCR_NOTE,
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
