"""The expected NPV beside the central estimate, and why they differ (economics/expected.py):
worked examples, one for each reason, and the shipped example."""

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from commissioning.cases.economics import (
    Range,
    analyse_case,
    analysis_to_dict,
    explain,
    parse_case,
)
from commissioning.cases.economics.expected import (
    CAPACITY,
    LOPSIDED_RANGES,
    REMAINDER,
    UNEVEN_RESPONSES,
    pull_of,
    share_text,
)
from commissioning.cases.economics.uncertainty import DISCOUNT_SHIFT, SensitivityRow, parameters
from tests.cases.support import EXAMPLES, make_case, make_outcome

D = Decimal
FIXED = Range(distribution="fixed")


def varying_only(case, **ranges):
    """``case`` with every input held fixed except those given (path -> Range)."""
    held = {p.path: FIXED for p in parameters(case)} | {DISCOUNT_SHIFT: FIXED}
    return replace(case, ranges=held | ranges)


def base(**overrides):
    """50 families × 0.4 × 0.5 = 10 net cases a year, at £1,000 a case: £10,000 of
    benefit a year, against a set-up cost of £9,000 (central NPV +£1,000)."""
    return make_case(setup_cost=D(9000), **overrides)


# --- The pull of one input -------------------------------------------------------------


def row(low, central, high, npv_low, npv_central, npv_high):
    return SensitivityRow(
        "x", "x", D(low), D(central), D(high), D(npv_low), D(npv_high), abs(D(npv_high - npv_low))
    ), D(npv_central)


def test_a_lopsided_triangular_range_pulls_by_the_slope_times_the_shift_in_its_mean():
    # NPV = 100 × x; x ~ triangular(0, 1, 4): mean 5/3, so the mean NPV is 100 × 2/3 higher.
    sensitivity, central = row(0, 1, 4, 0, 100, 400)
    assert pull_of(sensitivity, central, "triangular") == D(800) / D(12)


def test_a_uniform_range_uses_its_own_mean():
    # x ~ uniform(0, 4): mean 2, so the mean NPV is 100 higher.
    sensitivity, central = row(0, 1, 4, 0, 100, 400)
    assert pull_of(sensitivity, central, "uniform") == 100


def test_an_even_range_with_a_straight_line_response_does_not_pull():
    sensitivity, central = row(0, 1, 2, 0, 100, 200)
    assert pull_of(sensitivity, central, "triangular") == 0


def test_an_even_range_with_a_kink_pulls_towards_the_flatter_side():
    # NPV rises to x = 1 then stays flat (a cap): the high side gains nothing.
    sensitivity, central = row(0, 1, 2, 0, 100, 100)
    assert pull_of(sensitivity, central, "triangular") == D(-100) / D(6)


@pytest.mark.parametrize(
    ("probability", "shown"),
    [
        (D(0), "0%"),
        (D("0.004"), "under 1%"),
        (D("0.4056"), "41%"),
        (D("0.995"), "over 99%"),
        (D(1), "100%"),
    ],
)
def test_shares_never_round_to_certainty(probability, shown):
    assert share_text(probability) == shown


# --- Reasons, one case each ------------------------------------------------------------


def test_balanced_ranges_and_a_straight_line_give_an_expected_npv_close_to_the_central():
    case = varying_only(base(), **{"outcomes[0].value_per_case": Range(D(800), D(1200))})
    value = explain(analyse_case(case))
    assert value.close
    assert value.reasons == ()
    assert "close to the central estimate of £1k" in value.summary


def test_a_lopsided_range_is_named_with_its_direction_and_size():
    # Value per case from £400 to £1,000 around £1,000 (like a QALY value whose low end
    # is a lower value per QALY): mean draw £800, so the mean NPV is £2,000 lower.
    case = varying_only(base(), **{"outcomes[0].value_per_case": Range(D(400), D(1000))})
    analysis = analyse_case(case)
    value = explain(analysis)
    assert not value.close
    assert abs(value.difference - D(-2000)) < 3 * value.standard_error + 1
    assert [r.kind for r in value.reasons] == [LOPSIDED_RANGES]
    assert value.reasons[0].details == (
        "Outcome: value per case: can fall further below the value entered than rise above "
        "it, which pulls the expected NPV down by about £2k.",
    )
    assert "lower than the central estimate of £1k" in value.summary
    assert "On average the NPV is below zero although the central estimate is above it." in (
        value.summary
    )
    assert value.probability_sentence.startswith("The NPV is above zero in ")


def test_a_capacity_limit_that_the_draws_can_cross_pulls_the_expected_npv_down():
    # Births 800 to 1,200 (50 ± 10 families) against a capacity of 48: the central case
    # is held at 48, draws with fewer births reach fewer, draws with more reach no more.
    case = varying_only(
        base(capacity_families_per_year=D(48)),
        births_per_year=Range(D(800), D(1200)),
    )
    analysis = analyse_case(case)
    assert analysis.appraisal.capacity_binds
    value = explain(analysis)
    assert value.difference < 0 and not value.close
    assert value.reasons[0].kind == CAPACITY
    assert value.reasons[0].sentence.startswith(
        "The service can see at most 48 families a year. The central estimate already reaches it"
    )
    # The births row's unevenness is the capacity limit: not named again as an input.
    assert UNEVEN_RESPONSES not in [r.kind for r in value.reasons]


@pytest.mark.parametrize("capacity", [D(100), D(30)])
def test_a_capacity_the_draws_never_cross_is_not_a_reason(capacity):
    # Above the high end (60 families) it never binds; below the low end (40) it always
    # does, so every draw reaches the same number.
    case = varying_only(
        base(capacity_families_per_year=capacity),
        births_per_year=Range(D(800), D(1200)),
    )
    value = explain(analyse_case(case))
    assert CAPACITY not in [r.kind for r in value.reasons]
    assert value.close


def test_an_even_range_with_an_uneven_response_is_named():
    # Duration 1 to 5 years around 3 within a 3-year horizon: longer durations fall
    # outside the appraisal, shorter ones lose benefit, so the mean NPV is lower.
    case = varying_only(
        base(horizon_years=3, outcomes=(make_outcome(duration_years=3),)),
        **{"outcomes[0].duration_years": Range(1, 5)},
    )
    value = explain(analyse_case(case))
    kinds = [r.kind for r in value.reasons]
    assert value.difference < 0
    assert UNEVEN_RESPONSES in kinds
    (uneven,) = [r for r in value.reasons if r.kind == UNEVEN_RESPONSES]
    assert uneven.details[0].startswith(
        "Outcome: duration: moving it down changes the NPV more than moving it up"
    )
    assert "pulls the expected NPV down" in uneven.details[0]


def test_what_the_inputs_one_at_a_time_do_not_explain_is_reported():
    # Two lopsided inputs multiplied together: the one-at-a-time pulls add up to less
    # than their joint effect when the draws are far from the central values.
    case = varying_only(
        base(),
        **{
            "outcomes[0].value_per_case": Range(D(0), D(1000)),
            "outcomes[0].relative_reduction": Range(D(0), D("0.5")),
        },
    )
    value = explain(analyse_case(case))
    assert [r.kind for r in value.reasons] == [LOPSIDED_RANGES, REMAINDER]
    assert value.reasons[-1].sentence.startswith("Added up one input at a time, the pulls come")


# --- The shipped example and the JSON ----------------------------------------------------


@pytest.fixture(scope="module")
def new_team():
    data = json.loads((EXAMPLES / "new-team.json").read_text(), parse_float=Decimal)
    return analyse_case(parse_case(data))


def test_the_new_team_example_says_why_its_expected_npv_is_far_below_the_central(new_team):
    # In 2024/25 prices (the example's inputs from earlier price years uprated).
    value = explain(new_team)
    assert value.central_npv > value.mean_npv > 0
    assert value.summary.startswith(
        "The expected NPV, the average over 5,000 simulations, is £17.8k: £159k lower "
        "than the central estimate of £177k."
    )
    kinds = [r.kind for r in value.reasons]
    assert kinds[:2] == [CAPACITY, LOPSIDED_RANGES]
    lopsided = " ".join(value.reasons[1].details)
    assert "Attribution: can rise further above the value entered than fall below it" in lopsided
    assert value.probability_sentence == "The NPV is above zero in 49% of the simulations."


def test_the_json_carries_the_expected_value_and_its_reasons(new_team):
    data = analysis_to_dict(new_team)["expected_value"]
    assert data["central_npv"] == "176887.76"
    assert data["mean_npv"] == "17811.88"
    assert data["probability_npv_positive"] == "0.4888"
    assert data["close"] is False
    assert data["reasons"][0]["kind"] == CAPACITY
    assert data["summary"] == explain(new_team).summary
