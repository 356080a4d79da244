"""One-way sensitivity, scenarios and the probabilistic analysis."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings

from commissioning.cases.economics import (
    CostLine,
    Range,
    appraise,
    one_way,
    parse_case,
    probabilistic,
    scenarios,
    with_value,
)
from tests.cases.support import EXAMPLES, cases, make_case, make_outcome

D = Decimal


def load(name):
    return parse_case(json.loads((EXAMPLES / f"{name}.json").read_text(), parse_float=Decimal))


def ordinary_case(**overrides):
    fields = {
        "horizon_years": 10,
        "service_years": 3,
        "outcomes": (make_outcome(duration_years=4, drop_off=D("0.2"), lag_years=1),),
        "setup_cost": D(2000),
        "non_staff": (CostLine("Running", D(6000)),),
    }
    fields.update(overrides)
    return make_case(**fields)


def test_default_ranges_and_rows_sorted_by_swing():
    case = ordinary_case()
    rows = one_way(case)
    swings = [row.swing for row in rows]
    assert swings == sorted(swings, reverse=True)
    by_path = {row.path: row for row in rows}
    births = by_path["births_per_year"]
    assert (births.low, births.central, births.high) == (D(800), D(1000), D(1200))  # ±20%
    reach = by_path["reach"]
    assert (reach.low, reach.high) == (D("0.4"), D("0.6"))
    deadweight = by_path["deadweight"]
    assert (deadweight.low, deadweight.high) == (D(0), D("0.1"))  # ±0.1, floored at 0
    duration = by_path["outcomes[0].duration_years"]
    assert (duration.low, duration.high) == (3, 5)  # 80%/120% of 4, at least a year
    lag = by_path["outcomes[0].lag_years"]
    assert (lag.low, lag.high) == (0, 2)
    shift = by_path["discount_shift"]
    assert (shift.low, shift.high) == (D("-0.01"), D("0.01"))
    # every row is a real re-appraisal at the low and the high value
    assert births.npv_low == appraise(with_value(case, "births_per_year", D(800))).npv
    assert births.npv_high == appraise(with_value(case, "births_per_year", D(1200))).npv
    assert births.swing == births.npv_high - births.npv_low


def test_given_ranges_are_used_and_fixed_inputs_left_out():
    case = ordinary_case(
        ranges={
            "births_per_year": Range(D(900), D(1500)),
            "reach": Range(distribution="fixed"),
            "discount_shift": Range(distribution="fixed"),
        }
    )
    by_path = {row.path: row for row in one_way(case)}
    assert (by_path["births_per_year"].low, by_path["births_per_year"].high) == (D(900), D(1500))
    assert "reach" not in by_path
    assert "discount_shift" not in by_path
    # an input at zero with a relative default range cannot swing: no row
    assert "overhead_rate" not in by_path


def test_scenarios_bracket_the_central_case():
    case = load("new-team")
    conservative, central, optimistic = scenarios(case)
    assert (conservative.name, central.name, optimistic.name) == (
        "conservative",
        "central",
        "optimistic",
    )
    assert central.values == {}
    assert central.appraisal.npv == appraise(case).npv
    assert conservative.appraisal.npv < central.appraisal.npv < optimistic.appraisal.npv
    # conservative: low ends of benefit drivers, high ends of cost drivers
    assert conservative.values["births_per_year"] == D(4700)
    assert conservative.values["optimism_bias_costs"] == D("0.41")
    assert conservative.values["outcomes[1].lag_years"] == 2
    assert optimistic.values["optimism_bias_costs"] == D(0)
    assert optimistic.values["outcomes[0].relative_reduction"] == D("0.4")
    # fixed inputs are never changed
    assert "outcomes[0].duration_years" not in conservative.values


def test_psa_is_reproducible_with_a_seed_and_differs_with_another():
    case = ordinary_case()
    first = probabilistic(case, draws=5000, seed=7)
    again = probabilistic(case, draws=5000, seed=7)
    other = probabilistic(case, draws=5000, seed=8)
    assert first == again
    assert first.npv_draws == again.npv_draws
    assert first.npv_draws != other.npv_draws
    assert first.npv_p5 != other.npv_p5
    assert len(first.npv_draws) == 5000


@pytest.mark.parametrize("name", ["new-team", "system-champions"])
def test_psa_interval_contains_the_central_npv_in_ordinary_cases(name):
    case = load(name)
    result = probabilistic(case)  # 5,000 draws, seed 1
    central = appraise(case)
    assert result.draws == 5000 and result.seed == 1
    assert result.npv_p5 < central.npv < result.npv_p95
    assert result.npv_p5 <= result.npv_median <= result.npv_p95
    assert result.bcr_p5 < central.bcr < result.bcr_p95
    assert 0 < result.probability_npv_positive < 1


def test_psa_of_the_simple_ordinary_case():
    case = ordinary_case()
    result = probabilistic(case, draws=5000, seed=1)
    assert result.npv_p5 < appraise(case).npv < result.npv_p95
    positive = sum(1 for v in result.npv_draws if v > 0)
    assert result.probability_npv_positive == D(positive) / D(5000)


def test_psa_with_nothing_uncertain_gives_the_central_npv():
    fixed = Range(distribution="fixed")
    case = ordinary_case()
    paths = [row.path for row in one_way(case) if row.path != "discount_shift"]
    case = ordinary_case(ranges=dict.fromkeys(paths, fixed))
    result = probabilistic(case, draws=200)
    npv = float(appraise(case).npv)
    assert float(result.npv_p5) == pytest.approx(npv)
    assert float(result.npv_p95) == pytest.approx(npv)


def test_psa_without_costs_has_no_bcr_interval():
    result = probabilistic(make_case(), draws=200)
    assert result.bcr_p5 is None and result.bcr_p95 is None
    assert "costs is zero" in result.unavailable["bcr"]


def test_uniform_draws_stay_within_their_range():
    paths = [row.path for row in one_way(ordinary_case()) if row.path != "discount_shift"]
    ranges = dict.fromkeys(paths, Range(distribution="fixed"))
    ranges["births_per_year"] = Range(D(900), D(1100), "uniform")
    case = ordinary_case(ranges=ranges)
    result = probabilistic(case, draws=1000)
    low = float(appraise(with_value(case, "births_per_year", D(900))).npv)
    high = float(appraise(with_value(case, "births_per_year", D(1100))).npv)
    assert all(low - 1e-6 <= v <= high + 1e-6 for v in result.npv_draws)
    # uniform: about a tenth of the draws in each tenth of the range
    first_tenth = sum(1 for v in result.npv_draws if v < low + (high - low) / 10)
    assert 60 < first_tenth < 140


@pytest.mark.parametrize("draws", [0, 99, 1_000_001, True])
def test_psa_rejects_a_bad_number_of_draws(draws):
    with pytest.raises(ValueError, match="draws"):
        probabilistic(make_case(), draws=draws)


@settings(max_examples=60, deadline=None)
@given(cases(max_horizon=20))
def test_scenarios_are_ordered_for_any_case(case):
    conservative, central, optimistic = scenarios(case)
    assert conservative.appraisal.npv <= central.appraisal.npv <= optimistic.appraisal.npv


def test_changing_an_input_outside_its_range_drops_the_range():
    case = ordinary_case(ranges={"births_per_year": Range(D(900), D(1100))})
    kept = with_value(case, "births_per_year", D(1000))
    assert kept.ranges == case.ranges
    moved = with_value(case, "births_per_year", D(5000))
    assert "births_per_year" not in moved.ranges
    appraise(moved)
