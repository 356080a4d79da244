"""The strategic case: need and reach, and the self-assessment's findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from commissioning.cases.document.formatting import (
    ILLUSTRATIVE_NOTE,
    NOT_CALCULATED,
    _date,
    _safe,
    number,
    percent,
    table,
)
from commissioning.cases.economics import round_to
from commissioning.cases.economics.inputs import CaseInputs
from commissioning.lib.charts import Datum, bar_svg


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
