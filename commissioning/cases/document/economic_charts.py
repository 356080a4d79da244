"""The economic case's four charts, each with its table and a reading."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from commissioning.cases.charts import (
    TornadoBar,
    agency_bars_svg,
    costs_benefits_svg,
    cumulative_npv_svg,
    tornado_svg,
)
from commissioning.cases.document.economic import money_flow_table, sensitivity_table
from commissioning.cases.document.formatting import _safe, money, percent, table
from commissioning.cases.economics import CaseAnalysis, YearRow, round_to

TORNADO_BARS = 10  # the chart shows the largest swings
# The table beside it shows more; the rest are in Appendix A and the CSV. Each row
# costs layout time (about 0.01 s a row: the labels are long), so not all 40.
SENSITIVITY_ROWS = 15


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
