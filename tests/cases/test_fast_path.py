"""The float fast path (used by the PSA) agrees with the exact Decimal engine."""

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings

from commissioning.cases.economics import (
    CostLine,
    DiscountSchedule,
    FloatModel,
    appraise,
    float_appraise,
    parse_case,
    with_value,
)
from tests.cases.support import EXAMPLES, cases, make_case, make_outcome

D = Decimal
TOLERANCE = 1e-6


def assert_agrees(case):
    exact = appraise(case)
    pv_costs, pv_benefits = float_appraise(case)
    assert pv_costs == pytest.approx(float(exact.pv_costs), rel=TOLERANCE, abs=1e-9)
    assert pv_benefits == pytest.approx(float(exact.pv_benefits), rel=TOLERANCE, abs=1e-9)
    # NPV can be a small difference of large numbers: compare on the scale of the flows.
    scale = float(exact.pv_costs + exact.pv_benefits) or 1.0
    assert abs((pv_benefits - pv_costs) - float(exact.npv)) <= TOLERANCE * scale


def load(name):
    text = (EXAMPLES / f"{name}.json").read_text()
    return parse_case(json.loads(text, parse_float=Decimal))


@pytest.mark.parametrize(
    "case",
    [
        make_case(),
        make_case(
            horizon_years=4,
            service_years=3,
            outcomes=(make_outcome(duration_years=2, drop_off=D("0.5")),),
            setup_cost=D(4000),
            non_staff=(CostLine("Running", D(8000)),),
            discounting=DiscountSchedule.flat(D("0.024")),
        ),
        make_case(
            horizon_years=60,
            service_years=10,
            capacity_families_per_year=D(20),
            outcomes=(
                make_outcome(duration_years=40, lag_years=5, drop_off=D("0.05")),
                make_outcome(is_health=True, duration_years=60, value_type="social"),
            ),
            non_staff=(CostLine("Running", D(50000)),),
            discounting=DiscountSchedule.green_book(),
        ),
        load("new-team"),
        load("system-champions"),
    ],
    ids=["simple", "cohorts", "long-green-book", "new-team", "system-champions"],
)
def test_fast_path_agrees_on_worked_cases(case):
    assert_agrees(case)


@settings(max_examples=200, deadline=None)
@given(cases(max_horizon=60))
def test_fast_path_agrees_on_generated_cases(case):
    assert_agrees(case)


def test_fast_path_follows_changed_inputs():
    case = load("new-team")
    model = FloatModel(case)
    for path in ("births_per_year", "outcomes[1].lag_years", "outcomes[3].drop_off"):
        index = model.paths.index(path)
        x = list(model.central)
        changed_value = 2 if path.endswith("lag_years") else D("0.3")
        if path == "births_per_year":
            changed_value = D(4000)
        x[index] = float(changed_value)
        pv_costs, pv_benefits = model.evaluate(x)
        exact = appraise(with_value(case, path, changed_value))
        assert pv_benefits == pytest.approx(float(exact.pv_benefits), rel=TOLERANCE)
        assert pv_costs == pytest.approx(float(exact.pv_costs), rel=TOLERANCE)


def test_fast_path_handles_a_flat_zero_rate():
    case = replace(load("system-champions"), discounting=DiscountSchedule.flat(D(0)))
    assert_agrees(case)
