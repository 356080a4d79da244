"""parse_case: one message per bad field, by dotted path; and the engine's own re-check."""

import copy
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from commissioning.cases.economics import (
    CaseInvalid,
    DiscountSchedule,
    Range,
    StaffLine,
    appraise,
    check_inputs,
    parse_case,
    validation,
)
from tests.cases.support import EXAMPLES, make_case, make_outcome

D = Decimal
SCHEMA = Path(EXAMPLES).parent / "schema" / "case.schema.json"
SHARE = "Enter a number between 0 and 1"

VALID = {
    "name": "Minimal case",
    "horizon_years": 10,
    "service_years": 3,
    "births_per_year": 3500,
    "prevalence": "0.15",
    "reach": 0.2,
    "staff": [{"role": "Clinical psychologist", "band": "Band 7", "wte": 1}],
    "unit_costs": {"Band 7": 106873},
    "outcomes": [
        {
            "name": "Entry to care avoided",
            "value_type": "fiscal_cashable",
            "agency": "Local authority children's services",
            "baseline_risk": 0.04,
            "relative_reduction": 0.25,
            "value_per_case": 50000,
            "duration_years": 5,
        },
        {
            "name": "QALYs",
            "value_type": "social",
            "agency": "Parents",
            "is_health": True,
            "baseline_risk": 0.5,
            "relative_reduction": 0.3,
            "value_per_case": 3500,
            "duration_years": 2,
            "drop_off": 0.5,
        },
    ],
}


def errors_for(**changes):
    """parse_case's errors for VALID with top-level changes (None deletes a field)."""
    data = copy.deepcopy(VALID)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    with pytest.raises(CaseInvalid) as caught:
        parse_case(data)
    return caught.value.errors


def outcome_errors(index, **changes):
    outcomes = copy.deepcopy(VALID["outcomes"])
    outcomes[index].update(changes)
    return errors_for(outcomes=outcomes)


def test_a_valid_case_parses_with_defaults():
    case = parse_case(VALID)
    assert case.births_per_year == D(3500)
    assert case.prevalence == D("0.15")
    assert case.reach == D("0.2")  # a float becomes the Decimal of its shortest repr
    assert case.optimism_bias_costs == D("0.41")  # Green Book upper bound by default
    assert case.discounting == DiscountSchedule.green_book()
    assert case.outcomes[0].lag_years == 0 and case.outcomes[0].drop_off == 0
    assert case.outcomes[1].is_health is True
    assert case.staff[0].annual_cost_per_wte is None
    assert isinstance(case.horizon_years, int) and isinstance(case.outcomes[0].duration_years, int)
    appraise(case)


@pytest.mark.parametrize("name", ["new-team", "system-champions"])
def test_example_files_parse(name):
    case = parse_case(json.loads((EXAMPLES / f"{name}.json").read_text(), parse_float=Decimal))
    assert case.illustrative, "examples mark their illustrative figures"
    assert case.sources
    assert appraise(case).pv_costs > 0


@pytest.mark.parametrize(
    ("births", "message"),
    [
        (-5, "Enter a number between 0 and 1,000,000"),
        ("abc", "Enter a number between 0 and 1,000,000"),
        (True, "Enter a number between 0 and 1,000,000"),
        (float("nan"), "Enter a number between 0 and 1,000,000"),
        (float("inf"), "Enter a number between 0 and 1,000,000"),
        ("NaN", "Enter a number between 0 and 1,000,000"),
        ("-Infinity", "Enter a number between 0 and 1,000,000"),
        (1e30, "Enter a number between 0 and 1,000,000"),
        (D("1E+30"), "Enter a number between 0 and 1,000,000"),
        ([3500], "Enter a number between 0 and 1,000,000"),
        ("", "Enter the number of births a year"),
        ("0.12345678901", "Enter a number with no more than 10 decimal places"),
        ({"value": None}, "Enter the number of births a year"),
    ],
)
def test_bad_births(births, message):
    assert errors_for(births_per_year=births) == {"births_per_year": message}


def test_missing_births_and_accepted_spellings():
    assert errors_for(births_per_year=None) == {
        "births_per_year": "Enter the number of births a year"
    }
    data = copy.deepcopy(VALID)
    data["births_per_year"] = "3,500"
    data["setup_cost"] = "£25,000.50"
    case = parse_case(data)
    assert case.births_per_year == D(3500) and case.setup_cost == D("25000.50")


@pytest.mark.parametrize(
    ("field", "value"),
    [("prevalence", "1.5"), ("reach", -0.1), ("deadweight", 2), ("attribution", "1.01")],
)
def test_shares_outside_zero_to_one(field, value):
    assert errors_for(**{field: value}) == {field: SHARE}


def test_the_outcome_path_names_the_field():
    assert outcome_errors(1, relative_reduction=2) == {"outcomes[1].relative_reduction": SHARE}
    assert outcome_errors(0, baseline_risk="x", value_per_case=-1) == {
        "outcomes[0].baseline_risk": SHARE,
        "outcomes[0].value_per_case": "Enter a number between 0 and 10,000,000",
    }


@pytest.mark.parametrize(
    ("horizon", "errors"),
    [
        (0, {"horizon_years": "Enter a whole number between 1 and 60"}),
        (500, {"horizon_years": "Enter a whole number between 1 and 60"}),
        (2.5, {"horizon_years": "Enter a whole number between 1 and 60"}),
        (None, {"horizon_years": "Enter the appraisal horizon in years"}),
        (2, {"service_years": "Enter a number of service years no greater than the horizon (2)"}),
    ],
)
def test_bad_horizon(horizon, errors):
    assert errors_for(horizon_years=horizon) == errors


def test_bad_service_years():
    assert errors_for(service_years=0) == {"service_years": "Enter a whole number between 1 and 60"}
    assert errors_for(service_years=11) == {
        "service_years": "Enter a number of service years no greater than the horizon (10)"
    }


def test_empty_required_fields():
    assert errors_for(name="  ") == {"name": "Enter a name for the case"}
    assert errors_for(name=None) == {"name": "Enter a name for the case"}
    assert errors_for(outcomes=[]) == {"outcomes": "Enter at least one outcome"}
    assert errors_for(outcomes=None) == {"outcomes": "Enter at least one outcome"}
    assert outcome_errors(0, name="", agency="") == {
        "outcomes[0].name": "Enter a name for the outcome",
        "outcomes[0].agency": "Enter the agency that gains",
    }
    assert outcome_errors(1, duration_years=None) == {
        "outcomes[1].duration_years": "Enter the duration in years"
    }


def test_bad_outcome_fields():
    assert outcome_errors(0, value_type="cashable", is_health="yes", lag_years=-1) == {
        "outcomes[0].value_type": (
            "Select fiscal (cashable), fiscal (non-cashable), economic or social"
        ),
        "outcomes[0].is_health": "Enter true or false",
        "outcomes[0].lag_years": "Enter a whole number between 0 and 59",
    }
    assert outcome_errors(0, duration_years=0, drop_off=1.2) == {
        "outcomes[0].duration_years": "Enter a whole number between 1 and 60",
        "outcomes[0].drop_off": SHARE,
    }


def test_every_bad_field_is_reported_at_once():
    outcomes = copy.deepcopy(VALID["outcomes"])
    outcomes[1]["relative_reduction"] = "lots"
    errors = errors_for(
        births_per_year=-1, prevalence=7, horizon_years=500, outcomes=outcomes, reech=0.2
    )
    assert set(errors) == {
        "births_per_year",
        "prevalence",
        "horizon_years",
        "outcomes[1].relative_reduction",
        "reech",
    }
    assert errors["reech"] == "Remove this field: it is not part of the case format"


def test_costs():
    no_cost = "Enter an annual cost per WTE, or a band that has a unit cost"
    assert errors_for(staff=[{"role": "Psychologist", "band": "Band 9", "wte": 1}]) == {
        "staff[0].annual_cost_per_wte": no_cost
    }
    assert errors_for(staff=[{"role": "", "wte": -1, "annual_cost_per_wte": "x"}]) == {
        "staff[0].role": "Enter a role",
        "staff[0].wte": "Enter a number between 0 and 1,000",
        "staff[0].annual_cost_per_wte": "Enter a number between 0 and 1,000,000",
    }
    assert errors_for(non_staff=[{"label": "Travel"}, "rent"]) == {
        "non_staff[0].annual_cost": "Enter the annual cost",
        "non_staff[1]": "Enter an object with named fields",
    }
    assert errors_for(setup_cost=1e9) == {"setup_cost": "Enter a number between 0 and 100,000,000"}
    assert errors_for(optimism_bias_costs=2.5) == {
        "optimism_bias_costs": "Enter a number between 0 and 2"
    }
    assert errors_for(capacity_families_per_year=0) == {
        "capacity_families_per_year": "Enter a number between 1 and 1,000,000"
    }


def test_unit_costs_come_from_the_caller_and_the_case_overrides_them():
    data = copy.deepcopy(VALID)
    del data["unit_costs"]
    with pytest.raises(CaseInvalid):
        parse_case(data)
    case = parse_case(data, unit_costs={"Band 7": D(100000)})
    assert case.unit_costs == {"Band 7": D(100000)}
    data["unit_costs"] = {"Band 7": 90000}
    assert parse_case(data, unit_costs={"Band 7": D(100000)}).unit_costs == {"Band 7": D(90000)}


def test_ranges_sources_and_illustrative_marks():
    data = copy.deepcopy(VALID)
    data["births_per_year"] = {
        "value": 3500,
        "low": 3000,
        "high": 4000,
        "source": "ONS",
        "illustrative": True,
    }
    data["outcomes"][0]["relative_reduction"] = {"value": 0.25, "distribution": "uniform"}
    case = parse_case(data)
    assert case.ranges["births_per_year"] == Range(D(3000), D(4000), "triangular")
    assert case.ranges["outcomes[0].relative_reduction"] == Range(None, None, "uniform")
    assert case.sources == {"births_per_year": "ONS"}
    assert case.illustrative == {"births_per_year"}


def test_bad_ranges():
    assert errors_for(births_per_year={"value": 3500, "low": 4000, "high": 3000}) == {
        "births_per_year.low": "Enter a low value no greater than the central value",
        "births_per_year.high": "Enter a high value no less than the central value",
    }
    assert errors_for(prevalence={"value": 0.15, "high": 1.5, "distribution": "normal"}) == {
        "prevalence.high": SHARE,
        "prevalence.distribution": "Select triangular, uniform or fixed",
    }
    assert errors_for(prevalence={"value": 0.15, "mode": 0.1, "illustrative": "yes"}) == {
        "prevalence.mode": "Remove this field: it is not part of the case format",
        "prevalence.illustrative": "Enter true or false",
    }
    # ranges only on inputs that take part in the uncertainty analysis
    assert errors_for(horizon_years={"value": 10, "low": 5}) == {
        "horizon_years.low": "Remove this field: it is not part of the case format"
    }


def test_discounting():
    flat = parse_case({**VALID, "discounting": {"method": "flat", "rate": 0}})
    assert flat.discounting == DiscountSchedule.flat(D(0))
    custom = parse_case(
        {
            **VALID,
            "discounting": {
                "method": "custom",
                "standard": [{"from_year": 0, "rate": 0.035}, {"from_year": 31, "rate": 0.03}],
                "health": [{"from_year": 0, "rate": 0.015}],
                "sensitivity_shift": {"low": -0.02, "high": 0.01},
            },
        }
    )
    assert custom.discounting.standard == ((0, D("0.035")), (31, D("0.03")))
    assert custom.ranges["discount_shift"] == Range(D("-0.02"), D("0.01"))
    assert errors_for(discounting={"method": "flat"}) == {
        "discounting.rate": "Enter the discount rate"
    }
    assert errors_for(discounting={"method": "flat", "rate": 0.5}) == {
        "discounting.rate": "Enter a number between 0 and 0.2"
    }
    assert errors_for(discounting={"method": "stern"}) == {
        "discounting.method": "Select green_book, flat or custom"
    }
    assert errors_for(
        discounting={
            "method": "custom",
            "standard": [{"from_year": 5, "rate": 0.035}],
            "health": [],
        }
    ) == {
        "discounting.standard[0].from_year": (
            "Enter 0 for the first band and a later year for each band after it"
        ),
        "discounting.health": "Enter at least one discount-rate band",
    }
    assert errors_for(discounting={"sensitivity_shift": {"low": 0.01}}) == {
        "discounting.sensitivity_shift.low": "Enter a number between -0.2 and 0"
    }


def test_not_an_object():
    with pytest.raises(CaseInvalid) as caught:
        parse_case(["not", "a", "case"])
    assert caught.value.errors == {"case": "The case must be a JSON object with named fields"}
    assert errors_for(schema_version=2) == {"schema_version": "Enter 1, the only format version"}


# --- the engine re-checks what it is given directly ------------------------------------


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"births_per_year": D(-1)}, "births_per_year"),
        ({"births_per_year": 1000.0}, "births_per_year"),  # floats are not accepted
        ({"births_per_year": D("NaN")}, "births_per_year"),
        ({"births_per_year": D("Infinity")}, "births_per_year"),
        ({"births_per_year": D("1e30")}, "births_per_year"),
        ({"prevalence": D("1.1")}, "prevalence"),
        ({"horizon_years": 0}, "horizon_years"),
        ({"horizon_years": 500}, "horizon_years"),
        ({"horizon_years": D(10)}, "horizon_years"),  # years are ints
        ({"horizon_years": 2, "service_years": 3}, "service_years"),
        ({"name": ""}, "name"),
        ({"outcomes": ()}, "outcomes"),
        ({"outcomes": (make_outcome(relative_reduction=D(2)),)}, "outcomes[0].relative_reduction"),
        ({"outcomes": (make_outcome(value_type="cash"),)}, "outcomes[0].value_type"),
        ({"outcomes": (make_outcome(duration_years=0),)}, "outcomes[0].duration_years"),
        ({"staff": (StaffLine("Nurse", D(1), band="Band 6"),)}, "staff[0].annual_cost_per_wte"),
        ({"discounting": DiscountSchedule.flat(D("-0.01"))}, "discounting.standard[0].rate"),
        ({"ranges": {"reach": Range(D("0.9"))}}, "reach.low"),
        ({"births_per_year": D("1e-50")}, "births_per_year"),  # beyond 40 decimal places
    ],
)
def test_the_engine_rejects_what_the_forms_would(changes, path):
    case = replace(make_case(), **changes)
    assert path in check_inputs(case)
    with pytest.raises(ValueError, match=path.replace("[", r"\[").replace("]", r"\]")):
        appraise(case)


# --- the schema describes the same format ----------------------------------------------


def test_schema_is_draft_2020_12_and_names_the_fields_parse_case_accepts():
    schema = json.loads(SCHEMA.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # "narrative" is read by the appraise command for documents, not by parse_case.
    read_by_the_command = {"narrative", "options", "preferred_option", "preferred_reason"}
    assert set(schema["properties"]) - read_by_the_command == validation.TOP_LEVEL
    assert set(schema["required"]) == {
        "name",
        "horizon_years",
        "service_years",
        "births_per_year",
        "prevalence",
        "reach",
        "outcomes",
    }
    defs = schema["$defs"]
    assert set(defs["outcome"]["properties"]) == validation.OUTCOME_KEYS
    assert set(defs["staffLine"]["properties"]) == validation.STAFF_KEYS
    assert set(defs["nonStaffLine"]["properties"]) == validation.NON_STAFF_KEYS
    assert set(defs["discounting"]["properties"]) == validation.DISCOUNT_KEYS
    assert schema["properties"]["optimism_bias_costs"]["default"] == 0.41
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{name} has no description"
