"""The economic case: options, costs, outcomes, money flow, sensitivity and scenario tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from commissioning.cases.document.appraisal_notes import (
    BCR_NOTE,
    expected_block,
    lower_rate_block,
)
from commissioning.cases.document.formatting import (
    NO_BREAK_EVEN,
    NOT_APPLICABLE,
    NOT_CALCULATED,
    VALUE_TYPE_LABELS,
    field_of,
    input_text,
    money,
    number,
    percent,
    plain,
    ratio,
    table,
)
from commissioning.cases.economics import CaseAnalysis, SensitivityRow
from commissioning.cases.economics.inputs import CaseInputs, staff_annual_cost


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
            "No option has a positive NPV, so on the figures valued in money alone doing "
            "nothing comes out ahead; the decision rests on the strategic case and the "
            "impacts not valued in money."
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
        "expected": expected_block(analysis),
        "lower_rate": lower_rate_block(analysis),
        "bcr_note": BCR_NOTE,
        "chart_list": [
            charts[key] for key in ("costs_benefits", "cumulative_npv") if key in charts
        ],
        "agencies_chart": charts.get("agencies"),
        "tornado_chart": charts.get("tornado"),
    }
