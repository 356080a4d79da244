"""The strategic case: need and reach, and the self-assessment's findings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from commissioning.assessment.diagnosis import DiagnosisSummary
from commissioning.cases.document.formatting import (
    ILLUSTRATIVE_NOTE,
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
    diagnosis: DiagnosisSummary | None,
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


def diagnosis_block(diagnosis: DiagnosisSummary | None) -> dict[str, Any] | None:
    """The self-assessment's findings for the strategic case, with a chart of section
    scores (``lib.charts.bar_svg``), its table and the assessment's own reading (never
    re-derived here); None when no assessment is linked."""
    if diagnosis is None:
        return None
    rows, data = [], []
    for section in diagnosis.sections:
        score = section.score
        shown = "Not enough answers" if score is None else f"{round_to(Decimal(score), 0):f}"
        rows.append([section.title, shown])
        valid = score is not None and 0 <= Decimal(score) <= 100
        data.append(Datum(section.title, Decimal(score) if valid else None))
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
            "reading": " ".join(diagnosis.reading),
        }
    submitted = diagnosis.submitted_at
    return {
        "title": diagnosis.title,
        "area_name": diagnosis.area_name,
        "submitted_on": _date(submitted) if isinstance(submitted, datetime) else "",
        "provisional": diagnosis.provisional,
        "priorities": [p.title for p in diagnosis.priorities],
        "evidence_gaps": diagnosis.evidence_gaps,
        "unanswered": diagnosis.unanswered,
        "chart": chart,
    }
