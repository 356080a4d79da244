"""The financial case (budget profile, who pays and who gains) and the management case."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from commissioning.cases.document.formatting import money, number, percent, table
from commissioning.cases.economics import CaseAnalysis
from commissioning.cases.economics.inputs import CaseInputs, staff_annual_cost


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
