"""One price year for a case: money inputs given in another year's prices are uprated.

A case has one price year (``CaseInputs.price_year``, e.g. "2024/25"; by default the
latest outturn year of the deflator series). Any money input written in object form may
say which year's prices it is in::

    "value_per_case": {"value": 50000, "low": 40000, "high": 60000, "price_year": "2012/13"}

Before the appraisal its value, low and high are multiplied by the deflator ratio
(``commissioning.prices.deflators.factor``) and rounded to the penny, so every figure the
engine sees is in the case's prices. ``"price_year": "not known"`` keeps the value as
it is and is reported, so the results and the document can warn beside it.

Money inputs (and only these may carry a price year): ``setup_cost``,
``unit_costs.<band>``, ``staff[i].annual_cost_per_wte``, ``non_staff[i].annual_cost``
and ``outcomes[i].value_per_case``. A price year that is not a financial year, lies
outside the series or has not started yet is refused, naming the field
(``outcomes[1].value_per_case.price_year``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from commissioning.cases.economics.inputs import CaseInputs, Range
from commissioning.prices.deflators import (
    NOT_KNOWN,
    PriceYearError,
    Series,
    check_price_year,
    factor,
    label,
    uprate,
)

NOT_MONEY = "Remove price_year: only an amount of money has a price year"
_LINE = re.compile(r"^(staff|non_staff|outcomes)\[(\d+)\]\.(\w+)$")


@dataclass(frozen=True)
class PricedInput:
    """One money input that said which year's prices it is in, and what became of it.
    ``factor`` is None when the price year is not known (the value is then used as
    given); ``forecast`` when either year's index is a forecast."""

    path: str
    price_year: str  # as given: "2012/13" or NOT_KNOWN
    to_year: str  # the case's price year
    factor: Decimal | None
    value: Decimal
    uprated_value: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    uprated_low: Decimal | None = None
    uprated_high: Decimal | None = None
    forecast: bool = False

    @property
    def known(self) -> bool:
        return self.factor is not None

    @property
    def uprated(self) -> bool:
        return self.factor is not None and self.price_year != self.to_year


@dataclass(frozen=True)
class Years:
    """The checked price years of one case: the case's (``to``) and each declared
    input's (None when not known)."""

    to: int
    inputs: Mapping[str, int | None]


def check_years(
    case_year: str | None,
    declared: Mapping[str, Any],
    series: Series,
    *,
    today: date,
    errors: dict[str, str],
) -> Years:
    """Check the case's price year (default: the series' latest outturn year) and every
    declared one, adding a message per bad field to ``errors``."""
    to = series.latest_outturn
    if case_year:
        try:
            to = check_price_year(series, case_year, today=today, what="the case")
        except PriceYearError as error:
            errors["price_year"] = str(error)
    years: dict[str, int | None] = {}
    for path, raw in declared.items():
        if isinstance(raw, str) and raw.strip().lower() == NOT_KNOWN:
            years[path] = None
            continue
        try:
            years[path] = check_price_year(series, raw, today=today, what="this figure")
        except PriceYearError as error:
            message = str(error)
            if not isinstance(raw, str) or "financial year such as" in message:
                message += ', or "not known"'
            errors[f"{path}.price_year"] = message
    return Years(to, years)


def money_at(inputs: CaseInputs, path: str) -> Decimal | None:
    """The money input at ``path`` (None for a staff line priced by its band)."""
    if path == "setup_cost":
        return inputs.setup_cost
    if path.startswith("unit_costs."):
        return inputs.unit_costs[path.removeprefix("unit_costs.")]
    match = _LINE.match(path)
    if not match:
        raise KeyError(path)
    item = getattr(inputs, match[1])[int(match[2])]
    return getattr(item, match[3])


def _with_money(inputs: CaseInputs, path: str, value: Decimal) -> CaseInputs:
    if path == "setup_cost":
        return replace(inputs, setup_cost=value)
    if path.startswith("unit_costs."):
        return replace(inputs, unit_costs={**inputs.unit_costs, path[11:]: value})
    match = _LINE.match(path)
    if not match:
        raise KeyError(path)
    items = list(getattr(inputs, match[1]))
    index = int(match[2])
    field_change: dict[str, Any] = {match[3]: value}  # fields named at run time
    items[index] = replace(items[index], **field_change)
    lines: dict[str, Any] = {match[1]: tuple(items)}
    return replace(inputs, **lines)


def _moved(value: Decimal, by: Decimal) -> Decimal:
    return value if by == 1 else uprate(value, by)


def apply_prices(inputs: CaseInputs, years: Years, series: Series) -> CaseInputs:
    """``inputs`` with every declared money input (and its range) in the case's prices,
    the case's price year set, and the record of each in ``priced``."""
    to_label = label(years.to)
    priced = []
    ranges = dict(inputs.ranges)
    to_point = series.point(years.to)
    for path, year in years.inputs.items():
        value = money_at(inputs, path)
        if value is None:
            continue
        rng = ranges.get(path)
        low, high = (rng.low, rng.high) if rng is not None else (None, None)
        if year is None:
            priced.append(
                PricedInput(path, NOT_KNOWN, to_label, None, value, value, low, high, low, high)
            )
            continue
        by = factor(series, year, years.to)
        new_low = None if low is None else _moved(low, by)
        new_high = None if high is None else _moved(high, by)
        from_point = series.point(year)
        forecast = bool(from_point and from_point.forecast) or bool(to_point and to_point.forecast)
        priced.append(
            PricedInput(
                path,
                label(year),
                to_label,
                by,
                value,
                _moved(value, by),
                low,
                high,
                new_low,
                new_high,
                forecast,
            )
        )
        inputs = _with_money(inputs, path, _moved(value, by))
        if rng is not None:
            ranges[path] = Range(new_low, new_high, rng.distribution)
    return replace(
        inputs,
        ranges=ranges,
        price_year=to_label,
        priced=tuple(priced),
        deflators=series.description,
    )


def label_of(inputs: CaseInputs, path: str) -> str:
    """A reader's name for a money input: "Set-up cost", "Unit cost: Band 7",
    "Staff: Clinical psychologist, cost per WTE", "Non-staff: Travel",
    "Child maltreatment avoided: value per case"."""
    if path == "setup_cost":
        return "Set-up cost"
    if path.startswith("unit_costs."):
        return f"Unit cost: {path.removeprefix('unit_costs.')}"
    match = _LINE.match(path)
    if not match:
        return path
    item = getattr(inputs, match[1])[int(match[2])]
    if match[1] == "staff":
        return f"Staff: {item.role}, cost per WTE"
    if match[1] == "non_staff":
        return f"Non-staff: {item.label}"
    return f"{item.name}: value per case"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def prices_to_dict(inputs: CaseInputs) -> dict[str, Any]:
    """The case's prices as JSON-ready data: the price year, the deflator series, each
    uprating (input, from, to, factor and the values before and after) and the inputs
    whose price year is not known."""
    return {
        "price_year": inputs.price_year,
        "deflators": inputs.deflators,
        "upratings": [
            {
                "input": p.path,
                "label": label_of(inputs, p.path),
                "from": p.price_year,
                "to": p.to_year,
                "factor": str(p.factor),
                "value": _text(p.value),
                "uprated_value": _text(p.uprated_value),
                "low": _text(p.low),
                "uprated_low": _text(p.uprated_low),
                "high": _text(p.high),
                "uprated_high": _text(p.uprated_high),
                "forecast_index": p.forecast,
            }
            for p in inputs.priced
            if p.uprated
        ],
        "price_year_not_known": [p.path for p in inputs.priced if not p.known],
    }
