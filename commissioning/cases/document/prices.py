"""The case's prices for people: the price year, the deflator series, every uprated
input (value as given, its price year, the factor, the value used) and a warning for
each money input whose price year is not known. Shared by the results page, the
business case (Appendix A) and the CSV."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from commissioning.cases.document.formatting import input_text, table
from commissioning.cases.economics.inputs import CaseInputs
from commissioning.cases.economics.money import round_to
from commissioning.cases.economics.uprating import PricedInput, label_of

FIELD = "unit_cost"  # any money field: input_text shows pounds for all of them
NOT_KNOWN_WARNING = (
    "Price year not known: used as given, not uprated, so it may not be in {year} prices."
)


def _factor(priced: PricedInput) -> str:
    return "Not known" if priced.factor is None else f"{round_to(priced.factor, 4):f}"


def _range(low: Any, high: Any) -> str:
    if low is None or high is None:
        return ""
    return f"{input_text(FIELD, low)} to {input_text(FIELD, high)}"


def price_note(inputs: CaseInputs, path: str) -> tuple[str, bool]:
    """What to say beside one input about its price year: (text, is a warning). Empty
    text for an input given in the case's prices (or not money)."""
    for priced in inputs.priced:
        if priced.path != path:
            continue
        if not priced.known:
            return NOT_KNOWN_WARNING.format(year=inputs.price_year), True
        if priced.uprated:
            return (
                f"Uprated from {input_text(FIELD, priced.value)} in {priced.price_year} "
                f"prices (factor {_factor(priced)}).",
                False,
            )
    return "", False


def prices_section(inputs: CaseInputs) -> dict[str, Any]:
    """The price year, the series used, a table of every money input that gave a price
    year and the warnings, ready for templates/cases/_prices.html."""
    rows = []
    for p in inputs.priced:
        rows.append(
            [
                label_of(inputs, p.path),
                input_text(FIELD, p.value),
                p.price_year if p.known else "Not known",
                _factor(p),
                input_text(FIELD, p.uprated_value),
                _range(p.uprated_low, p.uprated_high) or "–",
            ]
        )
    uprated = [p for p in inputs.priced if p.uprated]
    warnings = [
        f"{label_of(inputs, p.path)}: " + NOT_KNOWN_WARNING.format(year=inputs.price_year)
        for p in inputs.priced
        if not p.known
    ]
    forecast = [label_of(inputs, p.path) for p in uprated if p.forecast]
    return {
        "price_year": inputs.price_year,
        "deflators": inputs.deflators,
        "uprated_count": len(uprated),
        "warnings": warnings,
        "forecast": forecast,
        "table": table(
            f"Money inputs and their price years, uprated to {inputs.price_year} prices",
            [
                "Input",
                "Value as given",
                "Price year given",
                "Factor",
                f"Value used ({inputs.price_year} prices)",
                "Range used",
            ],
            rows,
            text_cols=(2, 5),
            css="prices",
        )
        if rows
        else None,
    }


def prices_csv_rows(inputs: CaseInputs) -> Iterable[list[Any]]:
    """The CSV's "Prices" block: the case's price year and series, then one row per
    money input that gave a price year (the values as given and as used, exact)."""
    yield ["Prices", f"{inputs.price_year} prices", inputs.deflators]
    yield [
        "Input",
        "Label",
        "Value as given (£)",
        "Price year given",
        "Case price year",
        "Factor",
        "Value used (£)",
        "Low as given (£)",
        "Low used (£)",
        "High as given (£)",
        "High used (£)",
        "Note",
    ]
    for p in inputs.priced:
        note = "" if p.known else NOT_KNOWN_WARNING.format(year=inputs.price_year)
        if p.forecast:
            note = "A forecast index was used."
        yield [
            p.path,
            label_of(inputs, p.path),
            p.value,
            p.price_year,
            p.to_year,
            "" if p.factor is None else p.factor,
            p.uprated_value,
            "" if p.low is None else p.low,
            "" if p.uprated_low is None else p.uprated_low,
            "" if p.high is None else p.high,
            "" if p.uprated_high is None else p.uprated_high,
            note,
        ]
