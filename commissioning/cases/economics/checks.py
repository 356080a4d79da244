"""The engine's re-check of a ``CaseInputs`` built directly in code (not parsed from
data): the same limits and messages as ``validation.parse_case``, from the rules in
``inputs.py``, so the engine refuses whatever the forms would. Each problem is keyed by
the dotted path of the input, as the forms show it.
"""

from __future__ import annotations

from decimal import Decimal

from commissioning.cases.economics.inputs import (
    CASE_NUMBERS,
    DISTRIBUTIONS,
    MAX_ENGINE_PLACES,
    MAX_LINES,
    MAX_OUTCOMES,
    MAX_TEXT,
    OUTCOME_NUMBERS,
    RULES,
    SERVICE_YEARS_TOO_LONG,
    SHIFT_HIGH,
    SHIFT_LOW,
    VALUE_TYPES,
    ZERO,
    CaseInputs,
    DiscountSchedule,
    Outcome,
    Range,
    Rule,
    rule_for,
    value_at,
)


def number_error(value: object, rule: Rule) -> str | None:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return rule.message
    if rule.integer and not isinstance(value, int):
        return rule.message
    if isinstance(value, Decimal):
        if not value.is_finite():
            return rule.message
        if -value.as_tuple().exponent > MAX_ENGINE_PLACES:  # type: ignore[operator]
            return f"Enter a number with no more than {MAX_ENGINE_PLACES} decimal places"
    return rule.check(value)


def _text_error(value: object, what: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"Enter {what}"
    if len(value) > MAX_TEXT:
        return f"Enter {what} in {MAX_TEXT} characters or fewer"
    return None


def check_bands(bands: object, path: str, errors: dict[str, str]) -> None:
    """Discount bands: a non-empty tuple of (first year, rate), the first starting at
    year 0 and first years strictly increasing."""
    if not isinstance(bands, tuple | list) or not bands:
        errors[path] = "Enter at least one discount-rate band"
        return
    previous = -1
    for i, band in enumerate(bands):
        if not isinstance(band, tuple | list) or len(band) != 2:
            errors[f"{path}[{i}]"] = "Enter a first year and a rate"
            continue
        year, rate = band
        if message := number_error(year, RULES["from_year"]):
            errors[f"{path}[{i}].from_year"] = message
        elif (i == 0 and year != 0) or year <= previous:
            errors[f"{path}[{i}].from_year"] = (
                "Enter 0 for the first band and a later year for each band after it"
            )
        else:
            previous = year
        if message := number_error(rate, RULES["rate"]):
            errors[f"{path}[{i}].rate"] = message


def check_range(inputs: CaseInputs, path: str, rng: object, errors: dict[str, str]) -> None:
    """A Range must bracket its input (low <= central <= high) within the input's rule."""
    if not isinstance(rng, Range):
        errors[path] = "Enter a range"
        return
    if rng.distribution not in DISTRIBUTIONS:
        errors[f"{path}.distribution"] = "Select triangular, uniform or fixed"
    central: Decimal | int
    if path == "discount_shift":
        low_rule, high_rule, central = SHIFT_LOW, SHIFT_HIGH, ZERO
    else:
        rule = rule_for(path)
        try:
            central = value_at(inputs, path)
        except (AttributeError, IndexError, TypeError):
            errors[path] = "This input cannot have a range"
            return
        if rule is None or central is None:
            errors[path] = "This input cannot have a range"
            return
        low_rule = high_rule = rule
    for end, rule in (("low", low_rule), ("high", high_rule)):
        bound = getattr(rng, end)
        if bound is None:
            continue
        if message := number_error(bound, rule):
            errors[f"{path}.{end}"] = message
        elif end == "low" and not bound <= central:
            errors[f"{path}.low"] = "Enter a low value no greater than the central value"
        elif end == "high" and not bound >= central:
            errors[f"{path}.high"] = "Enter a high value no less than the central value"


def check_inputs(inputs: CaseInputs) -> dict[str, str]:
    """Every problem with a directly built ``CaseInputs``, as {dotted path: message}.
    Empty when the inputs are valid. The engine raises ValueError on any."""
    errors: dict[str, str] = {}
    if message := _text_error(inputs.name, "a name for the case"):
        errors["name"] = message
    for name in ("horizon_years", "service_years", *CASE_NUMBERS):
        if message := number_error(getattr(inputs, name), RULES[name]):
            errors[name] = message
    if (
        "horizon_years" not in errors
        and "service_years" not in errors
        and inputs.service_years > inputs.horizon_years
    ):
        errors["service_years"] = SERVICE_YEARS_TOO_LONG.format(h=inputs.horizon_years)
    cap = inputs.capacity_families_per_year
    if cap is not None and (message := number_error(cap, RULES["capacity_families_per_year"])):
        errors["capacity_families_per_year"] = message
    _check_costs(inputs, errors)
    if not isinstance(inputs.outcomes, tuple | list) or not inputs.outcomes:
        errors["outcomes"] = "Enter at least one outcome"
    elif len(inputs.outcomes) > MAX_OUTCOMES:
        errors["outcomes"] = f"Enter no more than {MAX_OUTCOMES} outcomes"
    else:
        for i, outcome in enumerate(inputs.outcomes):
            _check_outcome(outcome, f"outcomes[{i}]", errors)
    schedule = inputs.discounting
    if not isinstance(schedule, DiscountSchedule):
        errors["discounting"] = "Enter a discount schedule"
    else:
        check_bands(schedule.standard, "discounting.standard", errors)
        check_bands(schedule.health, "discounting.health", errors)
    if not errors:  # ranges refer to the values above, so check them once those are sound
        for path, rng in inputs.ranges.items():
            check_range(inputs, path, rng, errors)
    return errors


def _check_costs(inputs: CaseInputs, errors: dict[str, str]) -> None:
    for band, cost in inputs.unit_costs.items():
        if message := number_error(cost, RULES["unit_cost"]):
            errors[f"unit_costs.{band}"] = message
    if len(inputs.staff) > MAX_LINES:
        errors["staff"] = f"Enter no more than {MAX_LINES} staff lines"
    for i, line in enumerate(inputs.staff[:MAX_LINES]):
        path = f"staff[{i}]"
        if message := _text_error(line.role, "a role"):
            errors[f"{path}.role"] = message
        if message := number_error(line.wte, RULES["wte"]):
            errors[f"{path}.wte"] = message
        if line.annual_cost_per_wte is not None:
            if message := number_error(line.annual_cost_per_wte, RULES["annual_cost_per_wte"]):
                errors[f"{path}.annual_cost_per_wte"] = message
        elif line.band not in inputs.unit_costs:
            errors[f"{path}.annual_cost_per_wte"] = (
                "Enter an annual cost per WTE, or a band that has a unit cost"
            )
    if len(inputs.non_staff) > MAX_LINES:
        errors["non_staff"] = f"Enter no more than {MAX_LINES} non-staff lines"
    for i, cost_line in enumerate(inputs.non_staff[:MAX_LINES]):
        if message := _text_error(cost_line.label, "a description of the cost"):
            errors[f"non_staff[{i}].label"] = message
        if message := number_error(cost_line.annual_cost, RULES["annual_cost"]):
            errors[f"non_staff[{i}].annual_cost"] = message


def _check_outcome(outcome: Outcome, path: str, errors: dict[str, str]) -> None:
    if not isinstance(outcome, Outcome):
        errors[path] = "Enter an outcome"
        return
    if message := _text_error(outcome.name, "a name for the outcome"):
        errors[f"{path}.name"] = message
    if message := _text_error(outcome.agency, "the agency that gains"):
        errors[f"{path}.agency"] = message
    if outcome.value_type not in VALUE_TYPES:
        errors[f"{path}.value_type"] = (
            "Select fiscal (cashable), fiscal (non-cashable), economic or social"
        )
    if not isinstance(outcome.is_health, bool):
        errors[f"{path}.is_health"] = "Select whether this is a health value"
    for name in OUTCOME_NUMBERS:
        if message := number_error(getattr(outcome, name), RULES[name]):
            errors[f"{path}.{name}"] = message
