"""The options appraisal in the economic case (``economics.options.Comparison``), and the
action plan in the management case (``ActionPlan``): display-ready data for
templates/cases/_document.html (partials ``options_appraisal`` and ``action_plan``) and
the results page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from commissioning.cases.charts import agency_bars_svg
from commissioning.cases.document.appraisal_notes import BCR_NOTE
from commissioning.cases.document.economic import break_even
from commissioning.cases.document.formatting import (
    NOT_APPLICABLE,
    _safe,
    field_of,
    input_text,
    money,
    number,
    percent,
    ratio,
    table,
)
from commissioning.cases.economics import board_money, round_to
from commissioning.cases.economics.options import Comparison, OptionResult

BUSINESS_AS_USUAL = "Business as usual"
PREFERRED_MISSING = (
    "No preferred option recorded. Before the case goes for review, record which "
    "option is preferred and why: a board decides between options, and the reasons "
    "are part of the decision."
)


def _payback(option: OptionResult) -> str:
    year = option.payback_year
    return f"Year {year}" if year is not None else "Not within the horizon"


def _risks(option: OptionResult) -> str:
    if not option.key_risks:
        return "No input with a range moves the NPV"
    parts = []
    for row in option.key_risks:
        crossing = break_even(row, option.npv)
        field = field_of(row.path)
        where = (
            "NPV stays on the same side of zero across the range"
            if crossing is None
            else f"NPV is zero at {input_text(field, crossing)}"
        )
        parts.append(f"{row.label} (swing {money(row.swing)}; {where})")
    return "; ".join(parts)


def options_appraisal(comparison: Comparison, price_year: str) -> dict[str, Any]:
    """The comparison of every option with business as usual: a table (exact figures),
    a chart of the NPVs with its own table, key risks, flags and the preferred option."""
    options = comparison.options
    prices = f"{price_year} prices" if price_year else "constant prices"
    head = ["Measure", f"{BUSINESS_AS_USUAL} (no new service)", *(o.name for o in options)]
    rows = [
        ["Present value of costs", "£0", *(money(o.pv_costs) for o in options)],
        ["Present value of benefits", "£0", *(money(o.pv_benefits) for o in options)],
        ["Net present value (NPV), central estimate", "£0", *(money(o.npv) for o in options)],
        [
            "Benefit-cost ratio (one measure among several)",
            NOT_APPLICABLE,
            *(ratio(o.bcr) for o in options),
        ],
        [
            "Expected NPV (average of the simulations)",
            "£0",
            *(money(o.expected_npv) for o in options),
        ],
        [
            "Chance that the NPV is above zero",
            NOT_APPLICABLE,
            *(percent(o.probability_positive, 0) for o in options),
        ],
        ["Discounted payback", NOT_APPLICABLE, *(_payback(o) for o in options)],
        ["Families reached", "0", *(number(o.families) for o in options)],
        [
            "Appraisal period",
            NOT_APPLICABLE,
            *(f"{o.analysis.appraisal.horizon_years} years" for o in options),
        ],
    ]
    compared = table(
        f"Every option compared with business as usual ({prices}, present values)",
        head,
        rows,
        css="options",
    )
    risks = table(
        "Key risks: the inputs that move each option's NPV most (one-way sensitivity)",
        ["Option", "Largest swings in NPV, and where the NPV would be zero"],
        [[o.name, _risks(o)] for o in options],
        text_cols=[1],
        css="option-risks",
    )
    title = f"Net present value of each option compared with business as usual ({prices})"
    bars = [(BUSINESS_AS_USUAL, 0), *((o.name, o.npv) for o in options)]
    chart = {
        "id": "chart-options-npv",
        "title": title,
        "svg": _safe(agency_bars_svg(bars, chart_id="chart-options-npv", title=title)),
        "reading": _reading(comparison),
        "note": "",
        "table": table(
            f"Net present value of each option ({prices})",
            ["Option", "NPV, central estimate", "Expected NPV"],
            [[BUSINESS_AS_USUAL, "£0", "£0"]]
            + [[o.name, money(o.npv), money(o.expected_npv)] for o in options],
            css="options-npv",
        ),
    }
    return {
        "table": compared,
        "risks": risks,
        "chart": chart,
        "reading": _reading(comparison),
        "flags": [flag.message for flag in comparison.flags],
        "preferred": comparison.preferred,
        "preferred_reason": comparison.preferred_reason,
        "preferred_missing": PREFERRED_MISSING if comparison.preferred_missing else "",
        "bcr_note": BCR_NOTE,
        "count": len(options),
    }


def options_csv_rows(comparison: Comparison) -> list[list[Any]]:
    """The options appraisal for the CSV: exact figures (pounds to the penny), one row
    an option, then the flags and the preferred option."""
    rows: list[list[Any]] = [
        [
            "Option",
            "PV of costs (£)",
            "PV of benefits (£)",
            "NPV (£)",
            "BCR",
            "Expected NPV (£)",
            "Chance NPV above zero",
            "Payback year",
            "Families reached",
        ],
        [BUSINESS_AS_USUAL, 0, 0, 0, "", 0, "", "", 0],
    ]
    for o in comparison.options:
        rows.append(
            [
                o.name,
                round_to(o.pv_costs, 2),
                round_to(o.pv_benefits, 2),
                round_to(o.npv, 2),
                "" if o.bcr is None else round_to(o.bcr, 4),
                round_to(o.expected_npv, 2),
                round_to(o.probability_positive, 4),
                "" if o.payback_year is None else o.payback_year,
                round_to(o.families, 2),
            ]
        )
    rows += [["Check", flag.message] for flag in comparison.flags]
    rows.append(["Preferred option", comparison.preferred or "Not recorded"])
    rows.append(["Why", comparison.preferred_reason])
    return rows


def _reading(comparison: Comparison) -> str:
    best, expected = comparison.highest_npv, comparison.highest_expected_npv
    if best is None:
        return (
            "No option has a central NPV above zero, so on the figures valued in money "
            "business as usual comes out ahead; the choice rests on the strategic case and "
            "the impacts not valued in money."
        )
    top = next(o for o in comparison.options if o.name == best)
    sentence = f"{best} has the highest central NPV ({board_money(top.npv)})"
    if expected and expected != best:
        sentence += f"; {expected} has the highest expected NPV"
    return sentence + ". The BCR is shown as one measure among several, not a pass mark."


# --- the action plan (management case) ----------------------------------------------------


@dataclass(frozen=True)
class PlanAction:
    """One action of an assessment's action plan: who does what, by when."""

    title: str
    owner: str
    due: date | None
    status: str  # the plan's status label ("Planned", "In progress", "Done")
    barrier: str = ""  # the barrier (factor) it addresses, if any


@dataclass(frozen=True)
class ActionPlan:
    """The action plan of the organisation's latest submitted self-assessment."""

    assessment_title: str
    submitted_on: date | None
    actions: tuple[PlanAction, ...]


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "No date set"


def action_plan_block(plan: ActionPlan | None) -> dict[str, Any] | None:
    """The action plan as a table (who, what, when, status), or None without a plan."""
    if plan is None:
        return None
    rows = [
        [a.title, a.owner or "No owner named", _day(a.due), a.status, a.barrier or "–"]
        for a in plan.actions
    ]
    return {
        "source": (
            f'From the action plan of the self-assessment "{plan.assessment_title}"'
            + (f", submitted on {_day(plan.submitted_on)}" if plan.submitted_on else "")
            + "."
        ),
        "empty": not rows,
        "table": table(
            "Action plan: who does what, and when",
            ["Action", "Who", "When", "Status", "Barrier it addresses"],
            rows,
            numeric_from=99,
            css="action-plan",
        ),
    }
