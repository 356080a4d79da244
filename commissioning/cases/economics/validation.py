"""``parse_case``: JSON-like data (a case file, or a form's cleaned data) to ``CaseInputs``.

The format is described field by field in commissioning/cases/schema/case.schema.json.
In short: a flat object whose field names are the ``CaseInputs`` field names; every
number may be written as a JSON number, a numeric string ("3500", "£30,000" — commas
and a leading pound sign are ignored), or an object ``{"value": ..., "low": ...,
"high": ..., "distribution": ..., "source": "...", "illustrative": true}`` (``low``,
``high`` and ``distribution`` only on inputs that take part in the uncertainty
analysis).

Every bad field gets its own message, keyed by its dotted path
(``outcomes[1].relative_reduction``), all collected before ``CaseInvalid`` is raised.
Rejected: missing required fields, empty text, unknown fields (a misspelt optional field
would otherwise be silently replaced by its default), booleans or other non-numbers
where a number is expected, NaN and infinities, numbers with more than 10 decimal
places, numbers outside the limits in inputs.py (so 1e30 and negative births fail), a
horizon outside 1-60, service years longer than the horizon, a low or high value that
does not bracket its central value, and staff lines with neither a cost nor a known band.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from commissioning.cases.economics.checks import check_bands, check_inputs
from commissioning.cases.economics.inputs import (
    CASE_NUMBERS,
    DISTRIBUTIONS,
    MAX_INPUT_PLACES,
    MAX_LINES,
    MAX_OUTCOMES,
    MAX_TEXT,
    OUTCOME_NUMBERS,
    RULES,
    SERVICE_YEARS_TOO_LONG,
    SHIFT_HIGH,
    SHIFT_LOW,
    VALUE_TYPES,
    CaseInputs,
    CostLine,
    DiscountSchedule,
    Outcome,
    Range,
    Rule,
    StaffLine,
)
from commissioning.cases.economics.uprating import NOT_MONEY, apply_prices, check_years
from commissioning.lib.numbers import NumberInvalid, read_number
from commissioning.prices.deflators import Series, shipped_series

SCHEMA_VERSION = 1
MONEY_RULES = tuple(
    RULES[name]
    for name in ("setup_cost", "annual_cost_per_wte", "unit_cost", "annual_cost", "value_per_case")
)
MAX_LONG_TEXT = 5000
_MISSING = object()
TOP_LEVEL = {
    "$schema",
    "schema_version",
    "name",
    "description",
    "price_year",
    "notes",
    "horizon_years",
    "service_years",
    "births_per_year",
    "prevalence",
    "reach",
    "capacity_families_per_year",
    "setup_cost",
    "overhead_rate",
    "running_cost_scale",
    "optimism_bias_costs",
    "optimism_bias_benefits",
    "deadweight",
    "attribution",
    "displacement",
    "staff",
    "non_staff",
    "unit_costs",
    "outcomes",
    "discounting",
}
NOTE_KEYS = {"source", "illustrative", "notes"}
NUMBER_KEYS = {"value", "unit"} | NOTE_KEYS
RANGE_KEYS = {"low", "high", "distribution"}
STAFF_KEYS = {"role", "band", "wte", "annual_cost_per_wte"} | NOTE_KEYS
NON_STAFF_KEYS = {"label", "annual_cost"} | NOTE_KEYS
OUTCOME_KEYS = {"name", "value_type", "agency", "is_health", *OUTCOME_NUMBERS} | NOTE_KEYS
DISCOUNT_KEYS = {"method", "rate", "standard", "health", "sensitivity_shift", "source", "notes"}
UNKNOWN_FIELD = "Remove this field: it is not part of the case format"
NOT_AN_OBJECT = "Enter an object with named fields"


class CaseInvalid(ValueError):
    """Raised by ``parse_case`` with every problem: ``errors`` maps dotted paths to
    messages written for the person who entered the case."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))


def parse_case(
    data: Mapping[str, Any],
    *,
    unit_costs: Mapping[str, Decimal] | None = None,
    deflators: Series | None = None,
    today: date | None = None,
) -> CaseInputs:
    """Validate ``data`` and build ``CaseInputs``, or raise ``CaseInvalid``.

    ``unit_costs`` is the caller's table of annual cost per WTE by band (for example the
    PSSRU table held in the database); entries in the case's own ``unit_costs`` take
    precedence over it. Money inputs with another price year are uprated to the case's
    (``uprating.py``) with ``deflators`` (default: the series shipped with the toolkit);
    ``today`` (default: today) decides which price years have started.
    """
    series = deflators or shipped_series()
    return _Parser(unit_costs or {}, series, today or date.today()).case(data)


class _Parser:
    def __init__(self, unit_costs: Mapping[str, Decimal], series: Series, today: date) -> None:
        self.series, self.today = series, today
        self.price_years: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self.ranges: dict[str, Range] = {}
        self.sources: dict[str, str] = {}
        self.illustrative: set[str] = set()
        self.base_unit_costs = dict(unit_costs)

    # --- the case ----------------------------------------------------------------------

    def case(self, data: Any) -> CaseInputs:
        if not isinstance(data, Mapping):
            raise CaseInvalid({"case": "The case must be a JSON object with named fields"})
        self.unknown(data, TOP_LEVEL, "")
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION or isinstance(version, bool):
            self.errors["schema_version"] = f"Enter {SCHEMA_VERSION}, the only format version"
        name = self.text(data, "name", "name", "a name for the case", required=True)
        horizon = self.number(data, "horizon_years", "horizon_years", required=True)
        service = self.number(data, "service_years", "service_years", required=True)
        if horizon is not None and service is not None and service > horizon:
            self.errors["service_years"] = SERVICE_YEARS_TOO_LONG.format(h=horizon)
        numbers = {}
        for field in CASE_NUMBERS:
            required = field in ("births_per_year", "prevalence", "reach")
            numbers[field] = self.number(
                data, field, field, required=required, rangeable=True, default=_MISSING
            )
        capacity = self.number(data, "capacity_families_per_year", "capacity_families_per_year")
        table = self.unit_costs(data.get("unit_costs", {}))
        staff = self.lines(data, "staff", self.staff_line)
        for i, line in enumerate(staff):
            if line is not None and line.annual_cost_per_wte is None and line.band not in table:
                self.errors[f"staff[{i}].annual_cost_per_wte"] = (
                    "Enter an annual cost per WTE, or a band that has a unit cost"
                )
        non_staff = self.lines(data, "non_staff", self.non_staff_line)
        outcomes = self.outcomes(data.get("outcomes", _MISSING))
        discounting = self.discounting(data.get("discounting", _MISSING))
        description = self.text(
            data, "description", "description", "a description", limit=MAX_LONG_TEXT
        )
        price_year = self.text(data, "price_year", "price_year", "the price year")
        years = check_years(
            price_year, self.price_years, self.series, today=self.today, errors=self.errors
        )
        self.text(data, "notes", "notes", "notes", limit=MAX_LONG_TEXT)
        if self.errors:
            raise CaseInvalid(self.errors)
        optional = {k: v for k, v in numbers.items() if v is not _MISSING and v is not None}
        inputs = CaseInputs(
            name=name or "",  # required: a missing name is in self.errors, raised above
            horizon_years=horizon,
            service_years=service,
            outcomes=tuple(outcomes),
            capacity_families_per_year=capacity,
            staff=tuple(staff),
            non_staff=tuple(non_staff),
            unit_costs=table,
            discounting=discounting,
            ranges=self.ranges,
            sources=self.sources,
            illustrative=frozenset(self.illustrative),
            description=description or "",
            price_year=price_year or "",
            **optional,
        )
        errors = check_inputs(inputs)  # a safety net: parsing above should catch all
        if errors:
            raise CaseInvalid(errors)
        inputs = apply_prices(inputs, years, self.series)
        errors = check_inputs(inputs)  # an uprated value can pass an input's limit
        if errors:
            raise CaseInvalid(errors)
        return inputs

    # --- fields ------------------------------------------------------------------------

    def unknown(self, data: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        for key in data:
            if key not in allowed:
                self.errors[f"{prefix}{key}"] = UNKNOWN_FIELD

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        what: str,
        *,
        required: bool = False,
        limit: int = MAX_TEXT,
    ) -> str | None:
        raw = data.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.errors[path] = f"Enter {what}"
            return None
        if not isinstance(raw, str):
            self.errors[path] = f"Enter {what} as text"
            return None
        if len(raw) > limit:
            self.errors[path] = f"Enter {what} in {limit:,} characters or fewer"
            return None
        return raw.strip()

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        *,
        rule: Rule | None = None,
        required: bool = False,
        rangeable: bool = False,
        default: Any = None,
    ) -> Any:
        """The value of one number input (plain or object form), recording its range,
        source and illustrative mark; None (and an error) when it is bad."""
        rule = rule or RULES[key]
        raw = data.get(key, _MISSING)
        if isinstance(raw, Mapping):
            allowed = NUMBER_KEYS | (RANGE_KEYS if rangeable else set()) | {"price_year"}
            self.unknown(raw, allowed, f"{path}.")
            if "price_year" in raw and rule in MONEY_RULES:
                self.price_years[path] = raw["price_year"]
            elif "price_year" in raw:
                self.errors[f"{path}.price_year"] = NOT_MONEY
            self.notes(raw, path)
            entry, raw = raw, raw.get("value", _MISSING)
        else:
            entry = None
        if raw is _MISSING or raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.errors[path] = f"Enter {rule.what}"
                return None
            return default
        value = self.coerce(raw, rule, path)
        if entry is not None and rangeable and value is not None:
            self.range(entry, path, value, rule, rule)
        return value

    def coerce(self, raw: Any, rule: Rule, path: str) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
            self.errors[path] = rule.message
            return None
        try:
            if isinstance(raw, str):  # as a person types it: "£40,000", "15%" (0.15)
                money = rule in MONEY_RULES
                typed = read_number(raw, pounds_allowed=money, percent_allowed=not money)
                value = typed.value / 100 if typed.percent else typed.value
            elif isinstance(raw, float):
                value = Decimal(repr(raw))
            else:
                value = Decimal(raw)
        except (InvalidOperation, NumberInvalid) as invalid:
            self.errors[path] = getattr(invalid, "sentence", None) or rule.message
            return None
        if not value.is_finite():
            self.errors[path] = rule.message
            return None
        if -value.as_tuple().exponent > MAX_INPUT_PLACES:  # type: ignore[operator]
            self.errors[path] = (
                f"Enter a number with no more than {MAX_INPUT_PLACES} decimal places"
            )
            return None
        if message := rule.check(value):
            self.errors[path] = message
            return None
        return int(value) if rule.integer else value

    def range(
        self, entry: Mapping[str, Any], path: str, central: Any, low_rule: Rule, high_rule: Rule
    ) -> None:
        bounds: dict[str, Decimal | None] = {}
        for end, rule in (("low", low_rule), ("high", high_rule)):
            raw = entry.get(end)
            if raw is None:
                bounds[end] = None
                continue
            bounds[end] = value = self.coerce(raw, rule, f"{path}.{end}")
            if value is None:
                continue
            if end == "low" and value > central:
                self.errors[f"{path}.low"] = "Enter a low value no greater than the central value"
            if end == "high" and value < central:
                self.errors[f"{path}.high"] = "Enter a high value no less than the central value"
        distribution = entry.get("distribution", "triangular")
        if distribution not in DISTRIBUTIONS:
            self.errors[f"{path}.distribution"] = "Select triangular, uniform or fixed"
        if {"low", "high", "distribution"} & set(entry):
            self.ranges[path] = Range(bounds["low"], bounds["high"], distribution)

    def notes(self, entry: Mapping[str, Any], path: str) -> None:
        source = entry.get("source")
        if source is not None:
            if isinstance(source, str) and len(source) <= MAX_LONG_TEXT:
                self.sources[path] = source
            else:
                self.errors[f"{path}.source"] = (
                    f"Enter the source as text of {MAX_LONG_TEXT:,} characters or fewer"
                )
        illustrative = entry.get("illustrative", False)
        if not isinstance(illustrative, bool):
            self.errors[f"{path}.illustrative"] = "Enter true or false"
        elif illustrative:
            self.illustrative.add(path)
        notes = entry.get("notes")
        if notes is not None and not isinstance(notes, str):
            self.errors[f"{path}.notes"] = "Enter the notes as text"

    # --- lists and tables --------------------------------------------------------------

    def unit_costs(self, raw: Any) -> dict[str, Decimal]:
        table = dict(self.base_unit_costs)
        if not isinstance(raw, Mapping):
            self.errors["unit_costs"] = "Enter the unit costs as an object of band: annual cost"
            return table
        if len(raw) > MAX_LINES:
            self.errors["unit_costs"] = f"Enter no more than {MAX_LINES} unit costs"
            return table
        for band in raw:
            value = self.number(
                raw, band, f"unit_costs.{band}", rule=RULES["unit_cost"], required=True
            )
            if value is not None:
                table[band] = value
        return table

    def lines(self, data: Mapping[str, Any], key: str, parse: Any) -> list[Any]:
        raw = data.get(key, [])
        if not isinstance(raw, list):
            self.errors[key] = "Enter a list"
            return []
        if len(raw) > MAX_LINES:
            self.errors[key] = f"Enter no more than {MAX_LINES} lines"
            return []
        result: list[Any] = []
        for i, item in enumerate(raw):
            path = f"{key}[{i}]"
            if not isinstance(item, Mapping):
                self.errors[path] = NOT_AN_OBJECT
                result.append(None)
                continue
            result.append(parse(item, path))
        return result

    def staff_line(self, item: Mapping[str, Any], path: str) -> StaffLine | None:
        self.unknown(item, STAFF_KEYS, f"{path}.")
        self.notes(item, path)
        role = self.text(item, "role", f"{path}.role", "a role", required=True)
        band = self.text(item, "band", f"{path}.band", "a band") or ""
        wte = self.number(item, "wte", f"{path}.wte", required=True)
        cost = self.number(item, "annual_cost_per_wte", f"{path}.annual_cost_per_wte")
        if role is None or wte is None:
            return None
        return StaffLine(role=role, wte=wte, band=band, annual_cost_per_wte=cost)

    def non_staff_line(self, item: Mapping[str, Any], path: str) -> CostLine | None:
        self.unknown(item, NON_STAFF_KEYS, f"{path}.")
        self.notes(item, path)
        label = self.text(
            item, "label", f"{path}.label", "a description of the cost", required=True
        )
        cost = self.number(item, "annual_cost", f"{path}.annual_cost", required=True)
        return None if label is None or cost is None else CostLine(label, cost)

    def outcomes(self, raw: Any) -> list[Outcome]:
        if raw is _MISSING or raw == []:
            self.errors["outcomes"] = "Enter at least one outcome"
            return []
        if not isinstance(raw, list):
            self.errors["outcomes"] = "Enter the outcomes as a list"
            return []
        if len(raw) > MAX_OUTCOMES:
            self.errors["outcomes"] = f"Enter no more than {MAX_OUTCOMES} outcomes"
            return []
        result = []
        for i, item in enumerate(raw):
            path = f"outcomes[{i}]"
            if not isinstance(item, Mapping):
                self.errors[path] = NOT_AN_OBJECT
                continue
            self.unknown(item, OUTCOME_KEYS, f"{path}.")
            self.notes(item, path)
            fields: dict[str, Any] = {
                "name": self.text(
                    item, "name", f"{path}.name", "a name for the outcome", required=True
                ),
                "agency": self.text(
                    item, "agency", f"{path}.agency", "the agency that gains", required=True
                ),
            }
            value_type = item.get("value_type")
            if value_type not in VALUE_TYPES:
                self.errors[f"{path}.value_type"] = (
                    "Select fiscal (cashable), fiscal (non-cashable), economic or social"
                )
            fields["value_type"] = value_type
            is_health = item.get("is_health", False)
            if not isinstance(is_health, bool):
                self.errors[f"{path}.is_health"] = "Enter true or false"
            fields["is_health"] = is_health
            for name in OUTCOME_NUMBERS:
                required = name not in ("lag_years", "drop_off")
                fields[name] = self.number(
                    item,
                    name,
                    f"{path}.{name}",
                    required=required,
                    rangeable=True,
                    default=_MISSING,
                )
            if all(v is not None for v in fields.values()):
                result.append(Outcome(**{k: v for k, v in fields.items() if v is not _MISSING}))
        return result

    def discounting(self, raw: Any) -> DiscountSchedule:
        if raw is _MISSING or raw is None:
            return DiscountSchedule.green_book()
        if not isinstance(raw, Mapping):
            self.errors["discounting"] = NOT_AN_OBJECT
            return DiscountSchedule.green_book()
        self.unknown(raw, DISCOUNT_KEYS, "discounting.")
        method = raw.get("method", "green_book")
        shift = raw.get("sensitivity_shift")
        if shift is not None:
            if isinstance(shift, Mapping):
                self.unknown(shift, RANGE_KEYS, "discounting.sensitivity_shift.")
                self.range(shift, "discount_shift", Decimal(0), SHIFT_LOW, SHIFT_HIGH)
                # Errors are reported under the JSON path the person wrote.
                for end in ("low", "high", "distribution"):
                    if (message := self.errors.pop(f"discount_shift.{end}", None)) is not None:
                        self.errors[f"discounting.sensitivity_shift.{end}"] = message
            else:
                self.errors["discounting.sensitivity_shift"] = NOT_AN_OBJECT
        if method == "green_book":
            for key in ("rate", "standard", "health"):
                if key in raw:
                    self.errors[f"discounting.{key}"] = (
                        "Remove this field, or choose the custom or flat method"
                    )
            return DiscountSchedule.green_book()
        if method == "flat":
            rate = self.number(raw, "rate", "discounting.rate", required=True)
            return DiscountSchedule.flat(rate if rate is not None else Decimal(0))
        if method == "custom":
            standard = self.bands(raw.get("standard", _MISSING), "discounting.standard")
            health = self.bands(raw.get("health", _MISSING), "discounting.health")
            return DiscountSchedule(standard, health, "custom")
        self.errors["discounting.method"] = "Select green_book, flat or custom"
        return DiscountSchedule.green_book()

    def bands(self, raw: Any, path: str) -> tuple[tuple[int, Decimal], ...]:
        if not isinstance(raw, list) or not raw:
            self.errors[path] = "Enter at least one discount-rate band"
            return ()
        bands = []
        for i, item in enumerate(raw[:MAX_LINES]):
            if not isinstance(item, Mapping):
                self.errors[f"{path}[{i}]"] = NOT_AN_OBJECT
                continue
            self.unknown(item, {"from_year", "rate"}, f"{path}[{i}].")
            year = self.number(item, "from_year", f"{path}[{i}].from_year", required=True)
            rate = self.number(item, "rate", f"{path}[{i}].rate", required=True)
            if year is not None and rate is not None:
                bands.append((year, rate))
        if len(bands) == len(raw):
            check_bands(tuple(bands), path, self.errors)
        return tuple(bands)
