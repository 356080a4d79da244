"""Properties of the appraisal (``cases/METHODS.md`` §10), on hypothesis-generated cases."""

from dataclasses import replace
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commissioning.cases.economics import CostLine, DiscountSchedule, appraise, with_value
from tests.cases.support import EXACT, cases, make_case, make_outcome, reference_flows, scaled

D = Decimal
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


@PROPERTY_SETTINGS
@given(cases())
def test_npv_at_a_zero_rate_is_the_undiscounted_sum(case):
    flat = replace(case, discounting=DiscountSchedule.flat(D(0)))
    result = appraise(flat)
    costs, benefits = reference_flows(flat)
    with localcontext(EXACT):
        assert result.npv == sum(benefits) - sum(costs)
        assert result.pv_costs == sum(costs)
        assert [row.cost for row in result.years] == costs
        assert [row.benefit for row in result.years] == benefits


@PROPERTY_SETTINGS
@given(cases())
def test_discounted_flows_match_the_reference_model(case):
    costs, benefits = reference_flows(case)
    result = appraise(case)
    assert [row.cost for row in result.years] == costs
    assert [row.benefit for row in result.years] == benefits


@PROPERTY_SETTINGS
@given(cases(), st.decimals(min_value=D("0.01"), max_value=10, places=2))
def test_scaling_every_cost_and_value_scales_npv_exactly(case, k):
    base = appraise(case)
    result = appraise(scaled(case, k))
    with localcontext(EXACT):
        assert result.npv == k * base.npv
        assert result.pv_costs == k * base.pv_costs
        assert result.pv_benefits == k * base.pv_benefits


@PROPERTY_SETTINGS
@given(cases())
def test_bcr_is_above_one_exactly_when_npv_is_positive(case):
    result = appraise(case)
    if result.pv_costs == 0:
        assert result.bcr is None and result.roi is None
        return
    assert (result.bcr > 1) == (result.npv > 0)
    assert (result.bcr == 1) == (result.npv == 0)
    assert (result.roi > 0) == (result.npv > 0)


@PROPERTY_SETTINGS
@given(cases())
def test_payback_is_the_first_recovery_and_never_before_the_first_benefit(case):
    result = appraise(case)
    if result.payback_year is None:
        # never recovered from the first benefit on (or no benefit at all)
        start = result.first_benefit_year
        assert start is None or all(row.cumulative_npv < 0 for row in result.years[start:])
        return
    assert result.first_benefit_year is not None
    assert result.payback_year >= result.first_benefit_year
    assert result.years[result.payback_year].cumulative_npv >= 0
    earlier = result.years[result.first_benefit_year : result.payback_year]
    assert all(row.cumulative_npv < 0 for row in earlier)


ADJUSTMENTS = ["deadweight", "attribution", "displacement", "optimism_bias_benefits"]


@PROPERTY_SETTINGS
@given(
    cases(),
    st.sampled_from(
        [*ADJUSTMENTS, "optimism_bias_costs", "outcomes[0].drop_off", "running_cost_scale"]
    ),
    st.decimals(min_value=0, max_value=1, places=2),
    st.decimals(min_value=0, max_value=1, places=2),
)
def test_raising_an_adjustment_or_optimism_bias_never_raises_npv(case, path, a, b):
    low, high = sorted((a, b))
    assert appraise(with_value(case, path, high)).npv <= appraise(with_value(case, path, low)).npv


@PROPERTY_SETTINGS
@given(
    cases(),
    st.decimals(min_value=0, max_value=D("0.2"), places=3),
    st.decimals(min_value=0, max_value=D("0.2"), places=3),
)
def test_raising_the_discount_rate_never_raises_pv_of_benefits(case, a, b):
    low, high = sorted((a, b))
    at_low = appraise(replace(case, discounting=DiscountSchedule.flat(low)))
    at_high = appraise(replace(case, discounting=DiscountSchedule.flat(high)))
    assert at_high.pv_benefits <= at_low.pv_benefits
    assert at_high.pv_costs <= at_low.pv_costs


@PROPERTY_SETTINGS
@given(cases())
def test_npv_is_zero_at_the_switching_value(case):
    result = appraise(case)
    f = result.switching_value
    assume(f is not None and f > 0)
    assume(all(f * o.relative_reduction <= 1 for o in case.outcomes))
    switched = case
    for i, outcome in enumerate(case.outcomes):
        with localcontext() as context:
            context.prec = 100
            effect = (f * outcome.relative_reduction).quantize(D("1e-30"), ROUND_HALF_EVEN)
        switched = with_value(switched, f"outcomes[{i}].relative_reduction", effect)
    at_switch = appraise(switched)
    assert at_switch.pv_costs == result.pv_costs
    assert abs(at_switch.npv) <= D("1e-9") * result.pv_costs


@PROPERTY_SETTINGS
@given(cases())
def test_pv_by_type_and_by_agency_add_up_to_the_total(case):
    result = appraise(case)
    with localcontext(EXACT):
        assert sum(result.pv_benefits_by_type.values()) == result.pv_benefits
        assert sum(result.pv_benefits_by_agency.values()) == result.pv_benefits
        assert result.years[-1].cumulative_npv == result.npv


def test_inputs_at_the_limits_of_precision_stay_exact():
    # 40 decimal places everywhere and a 60-year drop-off: the longest numbers validated
    # inputs can produce (about 2,800 digits) are still computed without rounding.
    x = D("0.1234567890123456789012345678901234567891")
    outcome = make_outcome(
        baseline_risk=x,
        relative_reduction=x,
        value_per_case=D(9_999_999) + x,
        duration_years=60,
        drop_off=x,
    )
    case = make_case(
        horizon_years=60,
        service_years=60,
        births_per_year=D(999_999) + x,
        prevalence=x,
        reach=x,
        outcomes=(outcome, replace(outcome, is_health=True)),
        deadweight=x,
        attribution=x,
        displacement=x,
        optimism_bias_benefits=x,
        optimism_bias_costs=D(1) + x,
        non_staff=(CostLine("Running", D(99_999_999) + x),),
    )
    costs, benefits = reference_flows(case)
    with localcontext(EXACT):
        assert appraise(case).npv == sum(benefits) - sum(costs)
    appraise(replace(case, discounting=DiscountSchedule.green_book()))  # no Inexact trap
