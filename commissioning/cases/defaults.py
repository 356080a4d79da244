"""Starting values for the case builders, and where every value came from.

Each builder starts from a template in ``templates_data/<kind>.json``: a case in the
engine's JSON format plus a map of input paths to parameter keys. Where that parameter
is published in the knowledge base's parameter library, its value replaces the
template's and the case records the key in ``Case.provenance`` (the engine's format has
no field for it); where it is not, the template's own value and source text stand.

Staff unit costs come from the library by band (``STAFF_BANDS``): PSSRU annual totals
where the manual gives one, otherwise the cost per working hour times working hours.

Paths are the engine's dotted paths (``outcomes[1].value_per_case``,
``unit_costs.Band 7``, ``discounting.rate``), so an engine error names the same input.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from commissioning.cases.economics.inputs import (
    MAX_COST_PER_WTE,
    MAX_DISCOUNT_RATE,
    MAX_OPTIMISM_BIAS_COSTS,
    MAX_VALUE_PER_CASE,
)
from commissioning.knowledge.models import Parameter
from commissioning.prices.deflators import NOT_KNOWN, is_money_unit

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_data"
LIBRARY = "library"
USER = "user"
REASONS = " Reasons: "

# Band label -> parameter keys whose values multiply to the annual cost per WTE.
STAFF_BANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Band 4", ("pssru2024_sci_prof_band4_hourly", "pssru2024_sci_prof_working_hours")),
    ("Band 5", ("pssru2024_sci_prof_band5_hourly", "pssru2024_sci_prof_working_hours")),
    ("Band 6", ("pssru2024_sci_prof_band6_annual",)),
    ("Band 7", ("pssru2024_sci_prof_band7_annual",)),
    ("Band 8a", ("pssru2024_sci_prof_band8a_annual",)),
    ("Band 8b", ("pssru2024_sci_prof_band8b_annual",)),
    ("Band 8c", ("pssru2024_sci_prof_band8c_annual",)),
    ("Band 8d", ("pssru2024_sci_prof_band8d_hourly", "pssru2024_sci_prof_working_hours")),
    ("Band 9", ("pssru2024_sci_prof_band9_hourly", "pssru2024_sci_prof_working_hours")),
    ("Nurse Band 5", ("pssru2024_nurse_band5_hourly", "pssru2024_nurse_working_hours")),
    ("Nurse Band 6", ("pssru2024_nurse_band6_hourly", "pssru2024_nurse_working_hours")),
    ("Nurse Band 7", ("pssru2024_nurse_band7_hourly", "pssru2024_nurse_working_hours")),
    ("Nurse Band 8a", ("pssru2024_nurse_band8a_hourly", "pssru2024_nurse_working_hours")),
)
CAPACITY_PARAMETERS = ("families_per_team_per_year",)
GREEN_BOOK_PARAMETERS = (
    "stpr_years_0_30",
    "stpr_years_31_75",
    "stpr_years_76_plus",
    "health_discount_years_0_30",
    "health_discount_years_31_75",
    "health_discount_years_76_plus",
)
ADJUSTMENT_PARAMETER = "sroi_{name}_band_{percent}"  # the library's SROI bands


# --- The parameter library ------------------------------------------------------------


@dataclass(frozen=True)
class BandCost:
    band: str
    value: Decimal
    parameters: tuple[Parameter, ...]

    @property
    def derived(self) -> bool:
        return len(self.parameters) > 1


class Library:
    """The published parameters with their sources (read-only once loaded)."""

    def __init__(self, parameters: Iterable[Parameter]) -> None:
        self.by_key: dict[str, Parameter] = {p.key: p for p in parameters}

    @classmethod
    def load(cls) -> Library:
        """The published parameters now. Read from the database once per knowledge-base
        content generation in each process (any save or delete there starts a new
        one): every builder page and results page asks for them."""
        from commissioning.knowledge.caching import kept_for_generation

        return kept_for_generation(
            "cases:library", lambda: cls(Parameter.objects.published().select_related("source"))
        )

    def get(self, key: str) -> Parameter | None:
        return self.by_key.get(key)

    def all_of(self, keys: Iterable[str]) -> list[Parameter] | None:
        """Every named parameter, or None if any is not published."""
        found = [self.by_key.get(key) for key in keys]
        return None if any(p is None for p in found) else found  # type: ignore[return-value]

    def _where(self, predicate: Any) -> list[Parameter]:
        return sorted(
            (p for p in self.by_key.values() if predicate(p)), key=lambda p: (p.name, p.key)
        )

    def prevalence(self) -> list[Parameter]:
        return self._where(lambda p: p.category == "prevalence" and 0 <= p.value <= 1)

    def capacity(self) -> list[Parameter]:
        return [p for key in CAPACITY_PARAMETERS if (p := self.get(key)) and p.value >= 1]

    def per_case_values(self) -> list[Parameter]:
        """Values an outcome can take per case: costs per case, and unit costs per child
        (a year of care, for example)."""
        return self._where(
            lambda p: (
                (
                    p.category == "per_case_cost"
                    or (p.category == "unit_cost" and "per child" in p.unit)
                )
                and p.unit.startswith("GBP")
                and 0 <= p.value <= MAX_VALUE_PER_CASE
            )
        )

    def optimism_bias_costs(self) -> list[Parameter]:
        return self._where(
            lambda p: (
                p.category == "optimism_bias"
                and p.unit.startswith("fraction (uplift to costs)")
                and 0 <= p.value <= MAX_OPTIMISM_BIAS_COSTS
            )
        )

    def discount_rates(self) -> list[Parameter]:
        return self._where(
            lambda p: p.category == "discount_rate" and 0 <= p.value <= MAX_DISCOUNT_RATE
        )

    def adjustment_band(self, name: str, share: Decimal) -> Parameter | None:
        """The library's SROI band parameter for ``name`` at ``share``, if any."""
        percent = share * 100
        if percent != percent.to_integral_value():
            return None
        return self.get(ADJUSTMENT_PARAMETER.format(name=name, percent=int(percent)))

    def band_costs(self) -> list[BandCost]:
        costs = []
        for band, keys in STAFF_BANDS:
            found = self.all_of(keys)
            if found is None:
                continue
            value = product(p.value for p in found)
            if 0 <= value <= MAX_COST_PER_WTE:
                costs.append(BandCost(band, value.normalize(), tuple(found)))
        return costs

    def band_cost(self, band: str) -> BandCost | None:
        return next((cost for cost in self.band_costs() if cost.band == band), None)


def product(values: Iterable[Decimal]) -> Decimal:
    result = Decimal(1)
    for value in values:
        result *= value
    return result


def citation(parameters: Iterable[Parameter]) -> str:
    """The source text a library value carries into the case (and its documents)."""
    parts = []
    for p in parameters:
        price = ""
        if p.price_year == NOT_KNOWN:
            price = ", price year not known"
        elif p.price_year:
            price = f", {p.price_year} prices"
        parts.append(
            f"{p.name}: {p.source.short_citation}{price}; evidence grade {p.source.grade}, "
            f"{p.get_mark_display().split(':')[0].lower()} ({p.mark})"
        )
    lead = "Parameter library" if len(parts) == 1 else "Derived from the parameter library"
    return f"{lead}: " + " x ".join(parts) + "."


# --- Paths into the case's JSON -----------------------------------------------------

_STEP = re.compile(r"^(\w+)\[(\d+)\]$")


def _parent(data: dict, path: str) -> tuple[Any, str | int]:
    """The container holding ``path``'s last part, and that part (a key or index)."""
    if path.startswith("unit_costs."):
        return data.setdefault("unit_costs", {}), path.removeprefix("unit_costs.")
    node: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        match = _STEP.match(part)
        node = node[match[1]][int(match[2])] if match else node.setdefault(part, {})
    last = parts[-1]
    match = _STEP.match(last)
    if match:
        return node[match[1]], int(match[2])
    return node, last


def get_entry(data: Mapping, path: str) -> Any:
    """The raw JSON at ``path`` (a number, a {"value": ...} object, ...) or None.
    Reads without copying or changing ``data`` (pages ask this for every input)."""
    if path.startswith("unit_costs."):
        parts = ["unit_costs", path.removeprefix("unit_costs.")]
    else:
        parts = path.split(".")
    node: Any = data
    try:
        for part in parts:
            match = _STEP.match(part)
            node = node[match[1]][int(match[2])] if match else node.get(part)
            if node is None:
                return None
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return node


def value_of(entry: Any) -> Decimal | None:
    """The number in a plain or object-form entry, as a Decimal (None if absent)."""
    raw = entry.get("value") if isinstance(entry, Mapping) else entry
    if raw is None or isinstance(raw, bool):
        return None
    try:
        return Decimal(str(raw).strip().removeprefix("£").replace(",", ""))
    except ArithmeticError:
        return None


def get_value(data: Mapping, path: str) -> Decimal | None:
    return value_of(get_entry(data, path))


def get_source(data: Mapping, path: str) -> str:
    entry = get_entry(data, path)
    return entry.get("source", "") if isinstance(entry, Mapping) else ""


def is_illustrative(data: Mapping, path: str) -> bool:
    entry = get_entry(data, path)
    return bool(entry.get("illustrative")) if isinstance(entry, Mapping) else False


def json_number(value: Decimal | int) -> int | float | str:
    """A number for the stored JSON: an int when whole, else a float when it has few
    enough digits to survive the round trip exactly, else a string (which the engine
    also accepts)."""
    if isinstance(value, int):
        return value
    value = value.normalize()
    if value == value.to_integral_value():
        return int(value)
    if len(value.as_tuple().digits) <= 15:
        return float(value)
    return f"{value:f}"


def set_number(
    data: dict,
    path: str,
    value: Decimal | int,
    *,
    source: str | None,
    low: Decimal | None = None,
    high: Decimal | None = None,
) -> None:
    """Write one number input in object form, keeping its range when it still brackets
    the new value (else using ``low``/``high`` when given and bracketing, else none, so
    the engine's default range applies). A changed value is no longer illustrative."""
    parent, key = _parent(data, path)
    old = parent[key] if isinstance(key, int) else parent.get(key)
    if not isinstance(old, Mapping) and not source and low is None:
        parent[key] = json_number(value)  # a plain number stays plain
        return
    entry = dict(old) if isinstance(old, Mapping) else {}
    changed = value_of(old) != Decimal(value)
    entry["value"] = json_number(value)
    if source is not None:
        if source:
            entry["source"] = source
        else:
            entry.pop("source", None)
    if changed:
        entry.pop("illustrative", None)
        entry.pop("price_year", None)  # a figure typed in is in the case's prices
        bounds = [value_of(entry.get("low")), value_of(entry.get("high"))]
        keeps = (bounds[0] is None or bounds[0] <= value) and (
            bounds[1] is None or value <= bounds[1]
        )
        if low is not None and high is not None and low <= value <= high:
            entry["low"], entry["high"] = json_number(low), json_number(high)
        elif not keeps:
            entry.pop("low", None)
            entry.pop("high", None)
    parent[key] = entry


def remove_entry(data: dict, path: str) -> None:
    parent, key = _parent(data, path)
    if isinstance(key, str):
        parent.pop(key, None)


# --- Provenance -----------------------------------------------------------------------


def from_library(parameters: Iterable[Parameter]) -> dict[str, Any]:
    return {"origin": LIBRARY, "parameters": [p.key for p in parameters]}


def from_user() -> dict[str, Any]:
    return {"origin": USER}


def library_keys(provenance: Mapping[str, Any], path: str) -> list[str]:
    entry = provenance.get(path)
    if isinstance(entry, Mapping) and entry.get("origin") == LIBRARY:
        return list(entry.get("parameters", []))
    return []


def reindex(provenance: Mapping[str, Any], prefix: str, moves: Mapping[int, int]) -> dict:
    """Provenance after list items under ``prefix`` (``outcomes``, ``staff``) moved from
    old to new positions; entries of items not in ``moves`` (removed) are dropped."""
    pattern = re.compile(rf"^{re.escape(prefix)}\[(\d+)\](.*)$")
    result = {}
    for path, entry in provenance.items():
        match = pattern.match(path)
        if not match:
            result[path] = entry
        elif int(match[1]) in moves:
            result[f"{prefix}[{moves[int(match[1])]}]{match[2]}"] = entry
    return result


def use_parameters(
    data: dict,
    provenance: dict,
    path: str,
    parameters: list[Parameter],
    value: Decimal,
    *,
    note: str = "",
) -> None:
    """Set ``path`` to a library value, citing its parameters (and the user's reasons
    for choosing it, when given)."""
    low = high = None
    if len(parameters) == 1 and parameters[0].low is not None and parameters[0].high is not None:
        low, high = parameters[0].low.normalize(), parameters[0].high.normalize()
    source = citation(parameters) + (f"{REASONS}{note}" if note else "")
    set_number(data, path, value.normalize(), source=source, low=low, high=high)
    if is_money_path(path):
        parent, key = _parent(data, path)
        price_year = price_year_of(parameters)
        if price_year:
            parent[key]["price_year"] = price_year
        else:
            parent[key].pop("price_year", None)
    provenance[path] = from_library(parameters)


_MONEY_PATH = re.compile(
    r"^(setup_cost|unit_costs\..+|staff\[\d+\]\.annual_cost_per_wte|non_staff\[\d+\]\."
    r"annual_cost|outcomes\[\d+\]\.value_per_case)$"
)


def is_money_path(path: str) -> bool:
    """Whether ``path`` is a money input, which may carry a price year."""
    return bool(_MONEY_PATH.match(path))


def price_year_of(parameters: Iterable[Parameter]) -> str:
    """The price year of a value taken from (the product of) ``parameters``: that of
    its money parameters when they agree, "not known" when any is not known or they
    differ, "" when none is money."""
    years = {p.price_year for p in parameters if is_money_unit(p.unit)}
    if not years:
        return ""
    return years.pop() if len(years) == 1 and "" not in years else NOT_KNOWN


# --- Templates ------------------------------------------------------------------------


@functools.cache
def _template(kind: str) -> dict:
    path = TEMPLATES_DIR / f"{kind}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def template(kind: str) -> dict:
    """The template for a builder kind (a fresh copy the caller may change)."""
    return copy.deepcopy(_template(kind))


def starting_case(
    *, kind: str, title: str, library: Library, price_year: str | None = None
) -> tuple[dict, dict]:
    """A new case's inputs and provenance: the template, with library values wherever
    the template names a published parameter and for every staff band the library
    costs, in ``price_year``'s prices (default: the template's)."""
    spec = template(kind)
    data, provenance = spec["case"], {}
    data["name"] = title
    if price_year:
        data["price_year"] = price_year
    for path, keys in spec.get("parameters", {}).items():
        keys = [keys] if isinstance(keys, str) else keys
        found = library.all_of(keys)
        if found is not None:
            use_parameters(data, provenance, path, found, product(p.value for p in found))
    bands = {line.get("band") for line in data.get("staff", []) if line.get("band")}
    for band in sorted(bands):
        cost = library.band_cost(band)
        if cost is not None:
            use_parameters(
                data, provenance, f"unit_costs.{band}", list(cost.parameters), cost.value
            )
    return data, provenance


def template_summary(kind: str) -> str:
    return _template(kind).get("summary", "")
