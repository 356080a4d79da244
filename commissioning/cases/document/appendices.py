"""The appendices: every assumption with its range and source, references, the method summary."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from commissioning.cases.document.economic import break_even
from commissioning.cases.document.formatting import (
    CASE_LABELS,
    MONEY_FIELDS,
    NO_BREAK_EVEN,
    NOT_VARIED,
    UNITS,
    field_of,
    grade_of,
    input_text,
    percent,
)
from commissioning.cases.document.prices import price_note
from commissioning.cases.economics import CaseAnalysis
from commissioning.cases.economics.inputs import CaseInputs
from commissioning.cases.economics.uncertainty import (
    DISCOUNT_SHIFT,
    Parameter,
    parameters,
    resolve,
    resolve_discount_shift,
)
from commissioning.knowledge.works import CitedWorks, Work, cited_works, shipped_works
from commissioning.prices.deflators import NOT_KNOWN

METHODS_FILE = Path(__file__).resolve().parent.parent / "METHODS.md"

_MARKUP = re.compile(r"\*\*|`|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")


def _range_row(
    inputs: CaseInputs, parameter: Parameter, crossing: dict[str, Decimal | None]
) -> tuple[str, str, str]:
    """(range tested, note on it, switching value) of one input, for display."""
    rng = resolve(inputs, parameter)
    field = field_of(parameter.path)
    if not rng.varies:
        return NOT_VARIED, "", ""
    notes = [] if rng.distribution == "triangular" else [rng.distribution]
    if parameter.path not in inputs.ranges:
        notes.append("default")
    value = crossing.get(parameter.path)
    return (
        f"{input_text(field, rng.low)} to {input_text(field, rng.high)}",
        ", ".join(notes),
        NO_BREAK_EVEN if value is None else input_text(field, value),
    )


def assumption_rows(
    inputs: CaseInputs,
    case: Mapping[str, Any],
    analysis: CaseAnalysis,
    *,
    data_ages: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Every input with its value, unit, price year, range, switching value, evidence
    grade, source and illustrative flag: display strings plus the raw values (for CSV).
    ``data_ages`` (input path -> "mid-2019 (...): 7 years old") adds the age of an area
    figure to its source."""
    data_ages = data_ages or {}
    central = analysis.appraisal.npv
    crossing = {row.path: break_even(row, central) for row in analysis.sensitivity}
    by_path = {p.path: p for p in parameters(inputs)}
    price_year = inputs.price_year
    rows: list[dict[str, Any]] = []

    def add(
        path: str,
        label: str,
        value: Decimal | int | None,
        field: str,
        *,
        source_path: str | None = None,
        extra_source: str = "",
    ) -> None:
        source_key = source_path or path
        source = inputs.sources.get(source_key) or inputs.sources.get(path) or extra_source
        illustrative = path in inputs.illustrative or source_key in inputs.illustrative
        parameter = by_path.get(path)
        if parameter is not None:
            range_text, range_note, be = _range_row(inputs, parameter, crossing)
            rng = resolve(inputs, parameter)
            low, high = (rng.low, rng.high) if rng.varies else (None, None)
        else:
            range_text, range_note, be, low, high = NOT_VARIED, "", "", None, None
        note, warning = price_note(inputs, path)
        grade = grade_of(source, illustrative)  # from the source's own status mark
        if path in data_ages:
            source = f"{source} Data age: {data_ages[path]}.".strip()
        rows.append(
            {
                "path": path,
                "label": label,
                "value": input_text(field, value),
                "raw_value": value,
                "unit": UNITS.get(field, ""),
                "price_year": (NOT_KNOWN if warning else price_year)
                if field in MONEY_FIELDS
                else "",
                "price_note": note,
                "price_warning": warning,
                "range": range_text,
                "range_note": range_note,
                "low": low,
                "high": high,
                "break_even": be,
                "grade": grade,
                "source": source,
                "illustrative": illustrative,
            }
        )

    for name in ("horizon_years", "service_years", "births_per_year", "prevalence", "reach"):
        add(name, CASE_LABELS[name], getattr(inputs, name), name)
    add(
        "capacity_families_per_year",
        CASE_LABELS["capacity_families_per_year"],
        inputs.capacity_families_per_year,
        "capacity_families_per_year",
    )
    for name in (
        "setup_cost",
        "running_cost_scale",
        "overhead_rate",
        "optimism_bias_costs",
        "optimism_bias_benefits",
        "deadweight",
        "attribution",
        "displacement",
    ):
        add(name, CASE_LABELS[name], getattr(inputs, name), name)
    for band, cost in inputs.unit_costs.items():
        add(f"unit_costs.{band}", f"Unit cost: {band}", cost, "unit_cost")
    for i, line in enumerate(inputs.staff):
        add(f"staff[{i}].wte", f"Staff: {line.role}", line.wte, "wte", source_path=f"staff[{i}]")
        if line.annual_cost_per_wte is not None:
            add(
                f"staff[{i}].annual_cost_per_wte",
                f"Staff: {line.role}, cost per WTE",
                line.annual_cost_per_wte,
                "unit_cost",
                source_path=f"staff[{i}]",
            )
    for i, item in enumerate(inputs.non_staff):
        add(
            f"non_staff[{i}].annual_cost",
            f"Non-staff: {item.label}",
            item.annual_cost,
            "annual_cost",
            source_path=f"non_staff[{i}]",
        )
    for i, outcome in enumerate(inputs.outcomes):
        for parameter in parameters(inputs):
            prefix = f"outcomes[{i}]."
            if parameter.path.startswith(prefix):
                add(
                    parameter.path,
                    parameter.label,
                    getattr(outcome, field_of(parameter.path)),
                    field_of(parameter.path),
                    extra_source=inputs.sources.get(f"outcomes[{i}]", ""),
                )
    discounting = case.get("discounting")
    source = discounting.get("source", "") if isinstance(discounting, Mapping) else ""
    schedule = inputs.discounting
    for key, bands, what in (
        ("discounting.standard", schedule.standard, "costs and non-health benefits"),
        ("discounting.health", schedule.health, "health values"),
    ):
        text = "; ".join(f"{percent(rate, 2)} from year {year}" for year, rate in bands)
        rows.append(
            {
                "path": key,
                "label": f"Discount rate: {what}",
                "value": text,
                "raw_value": text,
                "unit": "a year, real terms",
                "price_year": "",
                "price_note": "",
                "price_warning": False,
                "range": "",
                "range_note": "",
                "low": None,
                "high": None,
                "break_even": "",
                "grade": grade_of(source if isinstance(source, str) else "", False),
                "source": source if isinstance(source, str) else "",
                "illustrative": False,
            }
        )
    shift = resolve_discount_shift(inputs)
    if shift.varies:
        rows[-1]["range"] = (
            f"{input_text(DISCOUNT_SHIFT, shift.low)} to {input_text(DISCOUNT_SHIFT, shift.high)}"
        )
        rows[-2]["range"] = rows[-1]["range"]
        value = crossing.get(DISCOUNT_SHIFT)
        rows[-1]["break_even"] = rows[-2]["break_even"] = (
            NO_BREAK_EVEN if value is None else input_text(DISCOUNT_SHIFT, value)
        )
    return rows


def references(
    inputs: CaseInputs, case: Mapping[str, Any], works: Sequence[Work] | None = None
) -> CitedWorks:
    """The works the case's source notes cite, each once, in the order the inputs use
    them, named in full (authors, year, title, publisher, link) from ``works`` (the
    knowledge base's sources; the shipped ones by default); and any author-and-year
    citation that names no known work, to be checked. Dates in the notes ("March
    2026") are never taken for works. The notes themselves are in the assumptions
    table."""
    notes = [text for text in inputs.sources.values() if text]
    discounting = case.get("discounting")
    source = discounting.get("source") if isinstance(discounting, Mapping) else None
    if isinstance(source, str):
        notes.append(source)
    return cited_works(notes, shipped_works() if works is None else works)


def _strip_markdown(text: str) -> str:
    return _MARKUP.sub("", text)


@lru_cache(maxsize=1)
def _methods() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(numbered sections of METHODS.md with a short summary, its sources)."""
    try:
        lines = METHODS_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return (), ()
    sections: list[tuple[str, list[list[str]]]] = []
    sources: list[str] = []
    in_code = in_sources = False
    paragraph: list[str] = []

    def close() -> None:
        if paragraph and sections:
            sections[-1][1].append(paragraph.copy())
        paragraph.clear()

    for line in lines:
        text = line.strip()
        if text.startswith("```"):
            close()
            in_code = not in_code
            continue
        if in_code:
            continue
        if line.startswith("## "):
            close()
            heading = line[3:].strip()
            in_sources = heading.lower() == "sources"
            if not in_sources and heading[:1].isdigit():
                sections.append((heading, []))
            continue
        if in_sources:
            if line.startswith("- "):
                sources.append(text[2:])
            elif line.startswith("  ") and sources:
                sources[-1] += " " + text
            continue
        if not text or text.startswith(("|", "#")):
            close()
        elif text.startswith("- "):  # a list item is a paragraph of its own
            close()
            paragraph.append(text[2:])
        else:
            paragraph.append(text)
    close()
    summary = tuple(
        (heading, _summarise([_strip_markdown(" ".join(p)) for p in paragraphs]))
        for heading, paragraphs in sections
    )
    return summary, tuple(_strip_markdown(s) for s in sources)


def _summarise(paragraphs: Sequence[str], enough: int = 160) -> str:
    """The opening paragraph (and the next ones while it is short and they carry on the
    same thought), with a colon that introduced a formula made a full stop."""
    chosen: list[str] = []
    for text in paragraphs:
        if chosen and (len(" ".join(chosen)) >= enough or text[:1].islower()):
            break
        chosen.append(text[:-1] + "." if text.endswith(":") else text)
    return " ".join(chosen)


def methods_summary() -> list[tuple[str, str]]:
    """(heading, first paragraph) for each numbered section of METHODS.md."""
    return list(_methods()[0])


def method_sources() -> list[str]:
    """The sources listed at the end of METHODS.md."""
    return list(_methods()[1])
