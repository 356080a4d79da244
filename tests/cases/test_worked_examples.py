"""Hand-computed worked examples for the appraisal, each derived in the comments.

Rates of 0% and 2.4% keep the arithmetic exact: 1 / 1.024 = 125 / 128 = 0.9765625, so
DF_1 = 0.9765625, DF_2 = 0.95367431640625, DF_3 = 0.931322574615478515625 exactly.
"""

from decimal import Decimal, getcontext

import pytest

from commissioning.cases.economics import (
    GREEN_BOOK_HEALTH,
    GREEN_BOOK_STANDARD,
    CostLine,
    DiscountSchedule,
    StaffLine,
    appraise,
    discount_factors,
    rate_for_year,
    round_money,
    switching_sentence,
)
from tests.cases.support import make_case, make_outcome

D = Decimal
RATE_2_4 = DiscountSchedule.flat(D("0.024"))
DF1, DF2, DF3 = D("0.9765625"), D("0.95367431640625"), D("0.931322574615478515625")


def test_simple_single_outcome_with_every_cost_part_and_adjustment():
    case = make_case(
        # families F = 1,000 × 0.1 × 0.5 = 50
        outcomes=(make_outcome(value_per_case=D(2000)),),
        deadweight=D("0.2"),
        attribution=D("0.25"),
        optimism_bias_benefits=D("0.1"),
        # running = (1 WTE × £2,000 + 0.5 WTE × £1,000 (Band 5 from the table) + £500)
        #           × (1 + 0.2 overhead) = 3,000 × 1.2 = 3,600
        # year-0 cost = (720 set-up + 3,600) × (1 + 0.25 optimism bias) = 5,400
        setup_cost=D(720),
        staff=(
            StaffLine("Psychologist", D(1), annual_cost_per_wte=D(2000)),
            StaffLine("Assistant", D("0.5"), band="Band 5"),
        ),
        unit_costs={"Band 5": D(1000)},
        non_staff=(CostLine("Venue", D(500)),),
        overhead_rate=D("0.2"),
        optimism_bias_costs=D("0.25"),
    )
    result = appraise(case)
    # net cases = 50 × 0.4 × 0.5 × (1 - 0.2) × (1 - 0.25) × (1 - 0) = 6
    assert result.outcomes[0].net_cases_per_cohort == D(6)
    # benefit = 6 × £2,000 × (1 - 0.1) = 10,800 in year 0
    assert result.pv_benefits == D(10800)
    assert result.pv_costs == D(5400)
    assert result.npv == D(5400)
    assert result.bcr == D(2)  # 10,800 / 5,400
    assert result.roi == D(1)  # 5,400 / 5,400
    assert result.fiscal_roi == D(2)  # all fiscal cashable
    assert result.switching_value == D("0.5")  # 5,400 / 10,800
    assert result.switching_sentence == (
        "The case still breaks even if effects are 50% of those assumed."
    )
    assert result.payback_year == 0
    assert result.cost_per_family == D(108)  # 5,400 / 50
    assert result.cost_per_net_case == D(900)  # 5,400 / 6
    assert result.families_per_cohort == (D(50),)
    assert not result.capacity_binds
    assert result.pv_benefits_by_type["fiscal_cashable"] == D(10800)
    assert result.pv_benefits_by_type["social"] == 0
    assert result.pv_benefits_by_agency == {"NHS": D(10800)}


def test_drop_off_with_discounting():
    case = make_case(
        horizon_years=3,
        # net cases 50 × 0.4 × 0.5 = 10; first-year value 10 × £1,000 = 10,000
        outcomes=(make_outcome(duration_years=3, drop_off=D("0.5")),),
        non_staff=(CostLine("Running", D(6000)),),
        discounting=RATE_2_4,
    )
    result = appraise(case)
    # benefits: 10,000 (k=0), 10,000 × 0.5 = 5,000 (k=1), 10,000 × 0.25 = 2,500 (k=2)
    assert [row.benefit for row in result.years] == [D(10000), D(5000), D(2500)]
    # PV = 10,000 + 5,000 × 0.9765625 + 2,500 × 0.95367431640625
    #    = 10,000 + 4,882.8125 + 2,384.185791015625 = 17,266.998291015625
    assert result.pv_benefits == D("17266.998291015625")
    assert result.pv_costs == D(6000)
    assert result.npv == D("11266.998291015625")
    assert result.payback_year == 0  # 10,000 >= 6,000 in year 0


def test_lag_delays_benefits_and_payback_waits_for_them():
    case = make_case(
        horizon_years=5,
        service_years=2,
        # each cohort: 10 net cases × £1,000 = 10,000 in years s+2 and s+3
        outcomes=(make_outcome(duration_years=2, lag_years=2),),
        setup_cost=D(5000),
        non_staff=(CostLine("Running", D(3000)),),
    )
    result = appraise(case)
    # costs: year 0 = 5,000 + 3,000 = 8,000; year 1 = 3,000
    assert [row.cost for row in result.years] == [D(8000), D(3000), 0, 0, 0]
    # benefits: cohort 0 in years 2, 3; cohort 1 in years 3, 4
    assert [row.benefit for row in result.years] == [0, 0, D(10000), D(20000), D(10000)]
    assert result.first_benefit_year == 2
    # cumulative: year 2 = 10,000 - 11,000 = -1,000 (not yet); year 3 = 30,000 - 11,000
    assert [row.cumulative_npv for row in result.years] == [
        D(-8000),
        D(-11000),
        D(-1000),
        D(19000),
        D(29000),
    ]
    assert result.payback_year == 3
    assert result.npv == D(29000)  # 40,000 - 11,000


def test_health_values_use_the_health_schedule():
    # Standard 2.4% (exact factors), health 0%: the same benefit discounts differently.
    schedule = DiscountSchedule(((0, D("0.024")),), ((0, D(0)),), "custom")
    fiscal = make_outcome(name="NHS contacts", duration_years=3, value_type="fiscal_non_cashable")
    health = make_outcome(
        name="QALYs", duration_years=3, value_type="social", agency="Parents", is_health=True
    )
    case = make_case(
        horizon_years=3,
        outcomes=(fiscal, health),
        non_staff=(CostLine("Running", D(1000)),),
        discounting=schedule,
    )
    result = appraise(case)
    # each outcome: 10 net cases × £1,000 = 10,000 in years 0, 1, 2
    # standard: 10,000 × (1 + 0.9765625 + 0.95367431640625) = 29,302.3681640625
    # health:   10,000 × 3 = 30,000
    by_outcome = {o.name: o.pv_benefits for o in result.outcomes}
    assert by_outcome == {"NHS contacts": D("29302.3681640625"), "QALYs": D(30000)}
    assert result.pv_benefits == D("59302.3681640625")
    assert result.pv_benefits_by_agency == {"NHS": D("29302.3681640625"), "Parents": D(30000)}
    assert result.years[1].df_standard == DF1
    assert result.years[1].df_health == 1
    assert result.years[1].health_benefit == D(10000)
    # costs use the standard schedule: 1,000 in year 0 only
    assert result.pv_costs == D(1000)
    # fiscal ROI counts only the fiscal outcome: 29,302.3681640625 / 1,000
    assert result.fiscal_roi == D("29.3023681640625")


def test_horizon_cut_drops_flows_at_or_beyond_the_horizon():
    case = make_case(
        horizon_years=3,
        service_years=2,
        outcomes=(make_outcome(duration_years=3),),
        non_staff=(CostLine("Running", D(10000)),),
    )
    result = appraise(case)
    # cohort 0: years 0, 1, 2; cohort 1: years 1, 2 and 3 (3 = H: dropped)
    assert [row.benefit for row in result.years] == [D(10000), D(20000), D(20000)]
    assert result.total_benefits == D(50000)  # not 60,000
    assert result.total_costs == D(20000)
    assert result.npv == D(30000)
    # net cases still count both cohorts in full: 10 × 2
    assert result.net_cases_total == D(20)


def test_capacity_cap_binds():
    case = make_case(
        # uncapped: 10,000 × 0.2 × 0.5 = 1,000 families; capacity 120
        births_per_year=D(10000),
        prevalence=D("0.2"),
        capacity_families_per_year=D(120),
        outcomes=(make_outcome(baseline_risk=D("0.25"), value_per_case=D(400)),),
        non_staff=(CostLine("Running", D(3000)),),
    )
    result = appraise(case)
    assert result.capacity_binds
    assert result.families_uncapped_per_cohort == D(1000)
    assert result.families_per_cohort == (D(120),)
    # net cases = 120 × 0.25 × 0.5 = 15; benefit 15 × £400 = 6,000
    assert result.net_cases_total == D(15)
    assert result.pv_benefits == D(6000)
    assert result.bcr == D(2)
    assert result.cost_per_family == D(25)  # 3,000 / 120
    loose = appraise(make_case(births_per_year=D(10000), capacity_families_per_year=D(2000)))
    assert not loose.capacity_binds
    assert loose.families_per_cohort == (D(500),)


def test_multiple_cohorts_with_discounting():
    case = make_case(
        horizon_years=4,
        service_years=3,
        outcomes=(make_outcome(duration_years=2, drop_off=D("0.5")),),
        setup_cost=D(4000),
        non_staff=(CostLine("Running", D(8000)),),
        discounting=RATE_2_4,
    )
    result = appraise(case)
    # each cohort: 10,000 in its year, 5,000 the year after
    # year 0: 10,000; year 1: 5,000 + 10,000; year 2: 5,000 + 10,000; year 3: 5,000
    assert [row.benefit for row in result.years] == [D(10000), D(15000), D(15000), D(5000)]
    assert [row.cost for row in result.years] == [D(12000), D(8000), D(8000), 0]
    assert [row.df_standard for row in result.years] == [1, DF1, DF2, DF3]
    # PV benefits = 10,000 + 15,000 × 0.9765625 + 15,000 × 0.95367431640625
    #               + 5,000 × 0.931322574615478515625
    #             = 10,000 + 14,648.4375 + 14,305.11474609375 + 4,656.612873077392578125
    #             = 43,610.165119171142578125
    assert result.pv_benefits == D("43610.165119171142578125")
    # PV costs = 12,000 + 8,000 × 0.9765625 + 8,000 × 0.95367431640625 = 27,441.89453125
    assert result.pv_costs == D("27441.89453125")
    assert result.npv == D("16168.270587921142578125")
    # cumulative NPV: year 0 = -2,000; year 1 = -2,000 + 14,648.4375 - 7,812.5 = 4,835.9375
    assert result.years[1].cumulative_npv == D("4835.9375")
    assert result.payback_year == 1
    assert result.families_total == D(150)  # 3 cohorts of 50
    # BCR = 43,610.165119171142578125 / 27,441.89453125 = 1.589182010356799701072934645|29...
    # to 28 significant digits, rounded away from 1 (here: up, although the next digit is
    # 2), so the rounded BCR can never reach 1 from the wrong side.
    assert result.bcr == D("1.589182010356799701072934646")
    assert round_money(result.npv) == D("16168.27")


def test_green_book_rates_switch_in_year_31():
    assert rate_for_year(GREEN_BOOK_STANDARD, 30) == D("0.035")
    assert rate_for_year(GREEN_BOOK_STANDARD, 31) == D("0.030")
    assert rate_for_year(GREEN_BOOK_STANDARD, 75) == D("0.030")
    assert rate_for_year(GREEN_BOOK_STANDARD, 76) == D("0.025")
    assert rate_for_year(GREEN_BOOK_HEALTH, 31) == D("0.0129")
    factors = discount_factors(GREEN_BOOK_STANDARD, 33)
    context = getcontext().copy()
    context.prec = 60
    df30 = context.divide(1, context.power(D("1.035"), 30))
    assert abs(factors[30] - df30) < D("1e-39")
    # year 31 is the first discounted at 3.0%: DF_31 = DF_30 / 1.03, DF_32 = DF_30 / 1.03^2
    assert abs(factors[31] - context.divide(df30, D("1.03"))) < D("1e-39")
    assert abs(factors[32] - context.divide(df30, context.power(D("1.03"), 2))) < D("1e-39")
    assert factors[0] == 1
    assert abs(factors[1] - context.divide(1, D("1.035"))) < D("1e-39")
    health = discount_factors(GREEN_BOOK_HEALTH, 32)
    ratio = context.divide(health[31], health[30])
    assert abs(ratio - context.divide(1, D("1.0129"))) < D("1e-35")


def test_payback_is_never_before_the_first_benefit():
    # No costs at all: cumulative 0 >= 0 from year 0, but benefits start in year 2.
    result = appraise(make_case(horizon_years=4, outcomes=(make_outcome(lag_years=2),)))
    assert result.first_benefit_year == 2
    assert result.payback_year == 2


def test_no_costs_and_no_benefits_give_reasons_not_errors():
    free = appraise(make_case())
    assert free.bcr is None and free.roi is None and free.fiscal_roi is None
    assert "present value of costs is zero" in free.unavailable["bcr"]
    assert free.switching_value == 0
    assert free.switching_sentence == (
        "The case breaks even whatever the effects, because it has no costs."
    )
    useless = appraise(
        make_case(
            outcomes=(make_outcome(relative_reduction=D(0)),),
            non_staff=(CostLine("Running", D(100)),),
        )
    )
    assert useless.switching_value is None
    assert "no benefits" in useless.unavailable["switching_value"]
    assert useless.cost_per_net_case is None
    assert useless.payback_year is None
    assert (
        useless.unavailable["payback_year"] == "Costs are not recovered within the 1-year horizon."
    )
    assert useless.bcr == 0 and useless.roi == -1
    nobody = appraise(make_case(births_per_year=D(0), non_staff=(CostLine("Running", D(100)),)))
    assert nobody.cost_per_family is None
    assert (
        nobody.unavailable["cost_per_family"] == "Not calculated: the service reaches no families."
    )


@pytest.mark.parametrize(
    ("fraction", "sentence"),
    [
        ("0.38", "The case still breaks even if effects are 38% of those assumed."),
        ("0.384", "The case still breaks even if effects are 38% of those assumed."),
        ("0.385", "The case still breaks even if effects are 39% of those assumed."),
        ("0.996", "The case still breaks even if effects are 99.6% of those assumed."),
        ("0.001", "The case still breaks even if effects are 0.1% of those assumed."),
        ("1", "The case breaks even exactly at the effects assumed."),
        ("1.6", "The case only breaks even if effects are 1.6 times those assumed."),
        ("1.03", "The case only breaks even if effects are 1.03 times those assumed."),
        ("12.25", "The case only breaks even if effects are 12.3 times those assumed."),
    ],
)
def test_switching_sentences(fraction, sentence):
    assert switching_sentence(D(fraction)) == sentence


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("1.005", "1.01"),
        ("-1.005", "-1.01"),
        ("2.675", "2.68"),
        ("2.674999", "2.67"),
        ("7", "7.00"),
        ("-0.004", "0.00"),
    ],
)
def test_round_money_is_half_up_to_pence(value, rounded):
    assert str(round_money(D(value))) == rounded
