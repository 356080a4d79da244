"""Display formatting: input labels and units; money, percent, ratio, number and tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from commissioning.cases.economics import format_money, round_to
from commissioning.cases.economics.uncertainty import CASE_PARAMETERS, DISCOUNT_SHIFT

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


def _date(moment: datetime | date) -> str:
    """ "12 March 2026", on the day it was in the site's time zone (``TIME_ZONE``): a
    decision made at 00:30 British Summer Time is dated that day, not the day before
    as in UTC."""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
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
