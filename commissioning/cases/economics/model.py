"""The deterministic appraisal: costs, benefits, discounting, NPV and the ratios.

Notation (the method in words: ``cases/METHODS.md``): years t = 0..H-1 (year 0 is the
first year of the service and is undiscounted); the service runs S years, serving one
cohort a year (cohort s in year s). All money is in pounds, real terms, at the case's
price year. Costs and benefits are positive numbers; NPV = PV(benefits) - PV(costs), so
a positive NPV is a gain.

Families reached by each cohort (METHODS.md §1)::

    F_uncapped = births × prevalence × reach
    F          = min(F_uncapped, capacity)        (no cap when capacity is not given)

The cap *binds* when F_uncapped > capacity.

Costs (§2)::

    running  = (sum of WTE × cost per WTE + sum of non-staff lines)
               × (1 + overhead rate) × running-cost scale
    cost_t   = (set-up [t = 0] + running [t < S]) × (1 + OB_costs)

Benefits (§3), for each outcome o and cohort s = 0..S-1::

    cases_o          = F × p_o × e_o × (1 - deadweight) × (1 - attribution)
                       × (1 - displacement)                      net cases a cohort
    benefit_(o,s,k)  = cases_o × V_o × (1 - d_o)^k × (1 - OB_benefits)
                       in year t = s + L_o + k,  k = 0..D_o - 1

Flows falling in year H or later are outside the appraisal and are dropped.

Discounting (§4; discounting.py): costs and benefits not flagged as health values use
the standard schedule's factors DF_t; health-flagged benefits use the health schedule's::

    PV(costs)    = sum_t cost_t × DF_t
    PV(benefits) = sum_t (benefit_t(non-health) × DF_t + benefit_t(health) × DFh_t)

Results (§5 and §6)::

    NPV        = PV(benefits) - PV(costs)
    BCR        = PV(benefits) / PV(costs)
    ROI        = NPV / PV(costs)                                   (= BCR - 1)
    fiscal ROI = PV(fiscal cashable + fiscal non-cashable benefits) / PV(costs)
    payback    = min { T >= first benefit year :
                       sum_(t<=T) PV(benefit_t) >= sum_(t<=T) PV(cost_t) }  (or None)
    switching value of effect  f = PV(costs) / PV(benefits)

Why f: every benefit flow is a product with exactly one factor e_o, and costs (and the
families reached) do not depend on any e_o. Replacing every e_o by f × e_o therefore
multiplies every benefit flow, hence PV(benefits), by f and leaves PV(costs) unchanged:
NPV(f) = f × PV(benefits) - PV(costs), which is zero exactly when f = PV(costs) /
PV(benefits). f < 1 means the case still breaks even with effects that much smaller;
f > 1 means effects would have to be larger. (f × e_o can exceed 1, which no service can
achieve: then the case cannot break even through effects alone.)

Exactness: after the discount factors are fixed to 40 decimal places, every operation up
to and including NPV is an exact Decimal sum or product, carried out in a context of
``EXACT_PRECISION`` digits that traps ``Inexact`` (validated inputs have at most 40
decimal places and 9 integer digits, so no flow has more than about 3,000 digits; an
Inexact signal would be a bug, not a rounding). Hence NPV at a 0% rate equals the
undiscounted sum, and scaling every cost and value by k scales NPV by exactly k. Ratios
are divisions, rounded to 28 significant digits; BCR is rounded away from 1 so that
BCR > 1 exactly when NPV > 0. Nothing is rounded for display here (money.py does that).

Edge cases: ratios to PV(costs) are None when PV(costs) = 0; cost per family is None
when no families are reached; cost per net case is None when there are none; the
switching value is None when PV(benefits) = 0. Each None has a reason in
``Appraisal.unavailable``. Payback is None when costs are not recovered within the
horizon, and is never a year before the first benefit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

from commissioning.cases.economics.checks import check_inputs
from commissioning.cases.economics.discounting import discount_factors
from commissioning.cases.economics.inputs import (
    FISCAL_TYPES,
    VALUE_TYPES,
    CaseInputs,
    staff_annual_cost,
)
from commissioning.cases.economics.money import round_to

EXACT_PRECISION = 10_000
_EXACT = Context(
    prec=EXACT_PRECISION,
    rounding=ROUND_HALF_EVEN,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)
RATIO_PRECISION = 28
_RATIO = Context(prec=RATIO_PRECISION, rounding=ROUND_HALF_EVEN)
ZERO, ONE = Decimal(0), Decimal(1)

NO_COSTS = "Not calculated: the present value of costs is zero, so there is nothing to divide by."
NO_BENEFITS = (
    "Not calculated: the case has no benefits within the horizon, so no change in "
    "effects can make it break even."
)
NO_FAMILIES = "Not calculated: the service reaches no families."
NO_CASES = "Not calculated: the service avoids no net cases."
NO_PAYBACK = "Costs are not recovered within the {h}-year horizon."


@dataclass(frozen=True)
class YearRow:
    """One year of the appraisal. ``benefit`` includes ``health_benefit``, which is
    discounted with ``df_health``; the rest of the benefit and the cost use
    ``df_standard``. ``cumulative_npv`` = sum over years <= t of (pv_benefit - pv_cost)."""

    year: int
    cost: Decimal
    benefit: Decimal
    health_benefit: Decimal
    df_standard: Decimal
    df_health: Decimal
    pv_cost: Decimal
    pv_benefit: Decimal
    cumulative_npv: Decimal


@dataclass(frozen=True)
class OutcomeResult:
    name: str
    value_type: str
    agency: str
    is_health: bool
    net_cases_per_cohort: Decimal
    pv_benefits: Decimal


@dataclass(frozen=True)
class Appraisal:
    """The results of ``appraise`` (see the module docstring for every formula)."""

    horizon_years: int
    service_years: int
    pv_costs: Decimal
    pv_benefits: Decimal
    pv_benefits_by_type: Mapping[str, Decimal]  # every VALUE_TYPES key, zeros included
    pv_benefits_by_agency: Mapping[str, Decimal]  # agencies in first-seen order
    outcomes: tuple[OutcomeResult, ...]
    total_costs: Decimal  # undiscounted, within the horizon
    total_benefits: Decimal  # undiscounted, within the horizon
    npv: Decimal
    bcr: Decimal | None
    roi: Decimal | None
    fiscal_roi: Decimal | None
    payback_year: int | None  # year index t (0 = first year)
    first_benefit_year: int | None
    families_per_cohort: tuple[Decimal, ...]
    families_total: Decimal
    families_uncapped_per_cohort: Decimal
    capacity_binds: bool
    net_cases_total: Decimal  # over all S cohorts and outcomes, undiscounted
    cost_per_family: Decimal | None  # PV(costs) / families_total
    cost_per_net_case: Decimal | None  # PV(costs) / net_cases_total
    switching_value: Decimal | None  # f = PV(costs) / PV(benefits)
    switching_sentence: str
    years: tuple[YearRow, ...]
    unavailable: Mapping[str, str]  # metric name -> why it is None


def appraise(inputs: CaseInputs) -> Appraisal:
    """Appraise a case exactly (module docstring). Raises ValueError naming every bad
    input when ``check_inputs`` finds any."""
    errors = check_inputs(inputs)
    if errors:
        detail = "; ".join(f"{path}: {message}" for path, message in errors.items())
        raise ValueError(f"Invalid case inputs: {detail}")
    with localcontext(_EXACT):
        return _appraise(inputs)


def _appraise(inputs: CaseInputs) -> Appraisal:
    horizon, service = inputs.horizon_years, inputs.service_years
    df_std = discount_factors(inputs.discounting.standard, horizon)
    df_health = discount_factors(inputs.discounting.health, horizon)

    uncapped = inputs.births_per_year * inputs.prevalence * inputs.reach
    cap = inputs.capacity_families_per_year
    families = uncapped if cap is None else min(uncapped, cap)
    binds = cap is not None and uncapped > cap

    running = sum(
        (staff_annual_cost(line, inputs.unit_costs) for line in inputs.staff), ZERO
    ) + sum((line.annual_cost for line in inputs.non_staff), ZERO)
    running = running * (ONE + inputs.overhead_rate) * inputs.running_cost_scale
    cost_uplift = ONE + inputs.optimism_bias_costs
    costs = [ZERO] * horizon
    costs[0] = inputs.setup_cost * cost_uplift
    for t in range(service):
        costs[t] += running * cost_uplift

    adjustment = (ONE - inputs.deadweight) * (ONE - inputs.attribution)
    adjustment *= ONE - inputs.displacement
    benefit_keep = ONE - inputs.optimism_bias_benefits
    other = [ZERO] * horizon  # benefits discounted at the standard rate
    health = [ZERO] * horizon
    outcome_results = []
    by_type = dict.fromkeys(VALUE_TYPES, ZERO)
    by_agency: dict[str, Decimal] = {}
    net_cases = ZERO
    for outcome in inputs.outcomes:
        cases = families * outcome.baseline_risk * outcome.relative_reduction * adjustment
        net_cases += cases * service
        first_year_value = cases * outcome.value_per_case * benefit_keep
        keep = ONE - outcome.drop_off
        yearly = [first_year_value]
        for _ in range(1, outcome.duration_years):
            yearly.append(yearly[-1] * keep)
        flows = health if outcome.is_health else other
        factors = df_health if outcome.is_health else df_std
        pv = ZERO
        for t, value in cohort_flows(yearly, outcome.lag_years, service, horizon):
            flows[t] += value
            pv += value * factors[t]
        outcome_results.append(
            OutcomeResult(
                outcome.name, outcome.value_type, outcome.agency, outcome.is_health, cases, pv
            )
        )
        by_type[outcome.value_type] += pv
        by_agency[outcome.agency] = by_agency.get(outcome.agency, ZERO) + pv

    rows = []
    pv_costs = pv_benefits = cumulative = ZERO
    cum_costs = cum_benefits = ZERO
    first_benefit = payback = None
    for t in range(horizon):
        pv_cost = costs[t] * df_std[t]
        pv_benefit = other[t] * df_std[t] + health[t] * df_health[t]
        pv_costs += pv_cost
        pv_benefits += pv_benefit
        cumulative += pv_benefit - pv_cost
        if first_benefit is None and pv_benefit > 0:
            first_benefit = t
        cum_costs += pv_cost
        cum_benefits += pv_benefit
        if payback is None and first_benefit is not None and cum_benefits >= cum_costs:
            payback = t
        rows.append(
            YearRow(
                t,
                costs[t],
                other[t] + health[t],
                health[t],
                df_std[t],
                df_health[t],
                pv_cost,
                pv_benefit,
                cumulative,
            )
        )
    npv = pv_benefits - pv_costs
    fiscal = sum((by_type[kind] for kind in FISCAL_TYPES), ZERO)
    families_total = families * service

    unavailable: dict[str, str] = {}
    bcr: Decimal | None
    roi: Decimal | None
    fiscal_roi: Decimal | None
    if pv_costs > 0:
        bcr = _bcr(pv_benefits, pv_costs)
        roi = _RATIO.divide(npv, pv_costs)
        fiscal_roi = _RATIO.divide(fiscal, pv_costs)
    else:
        bcr = roi = fiscal_roi = None
        for name in ("bcr", "roi", "fiscal_roi"):
            unavailable[name] = NO_COSTS
    cost_per_family = _ratio_or_none(
        pv_costs, families_total, "cost_per_family", NO_FAMILIES, unavailable
    )
    cost_per_case = _ratio_or_none(pv_costs, net_cases, "cost_per_net_case", NO_CASES, unavailable)
    switching = _ratio_or_none(pv_costs, pv_benefits, "switching_value", NO_BENEFITS, unavailable)
    if payback is None:
        unavailable["payback_year"] = NO_PAYBACK.format(h=horizon)
    return Appraisal(
        horizon_years=horizon,
        service_years=service,
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        pv_benefits_by_type=by_type,
        pv_benefits_by_agency=by_agency,
        outcomes=tuple(outcome_results),
        total_costs=sum(costs, ZERO),
        total_benefits=sum(other, ZERO) + sum(health, ZERO),
        npv=npv,
        bcr=bcr,
        roi=roi,
        fiscal_roi=fiscal_roi,
        payback_year=payback,
        first_benefit_year=first_benefit,
        families_per_cohort=(families,) * service,
        families_total=families_total,
        families_uncapped_per_cohort=uncapped,
        capacity_binds=binds,
        net_cases_total=net_cases,
        cost_per_family=cost_per_family,
        cost_per_net_case=cost_per_case,
        switching_value=switching,
        switching_sentence=switching_sentence(switching),
        years=tuple(rows),
        unavailable=unavailable,
    )


def cohort_flows(
    yearly: list[Decimal], lag: int, service: int, horizon: int
) -> list[tuple[int, Decimal]]:
    """(t, flow in year t) for one outcome, all ``service`` cohorts together: the sum of
    ``yearly[k]`` over the cohorts s = 0..S-1 and years k with s + lag + k = t, for each
    year t < horizon that has any. For fixed t those k run from max(0, t - lag - S + 1)
    to min(D - 1, t - lag), so each flow is a difference of two prefix sums of
    ``yearly``: O(H) exact additions instead of O(S × D), with the same exact values."""
    prefix = [ZERO]
    for value in yearly:
        prefix.append(prefix[-1] + value)
    last = min(horizon, lag + service + len(yearly) - 1)
    return [
        (t, prefix[min(len(yearly), t - lag + 1)] - prefix[max(0, t - lag - service + 1)])
        for t in range(lag, last)
    ]


def _bcr(pv_benefits: Decimal, pv_costs: Decimal) -> Decimal:
    """PV(benefits) / PV(costs) to 28 digits, rounded away from 1 (up when the exact
    ratio is above 1, down when below), so the rounded BCR is > 1, = 1 or < 1 exactly
    when NPV is > 0, = 0 or < 0."""
    rounding = ROUND_UP if pv_benefits > pv_costs else ROUND_DOWN
    return Context(prec=RATIO_PRECISION, rounding=rounding).divide(pv_benefits, pv_costs)


def _ratio_or_none(
    top: Decimal, bottom: Decimal, name: str, reason: str, unavailable: dict[str, str]
) -> Decimal | None:
    if bottom > 0:
        return _RATIO.divide(top, bottom)
    unavailable[name] = reason
    return None


def switching_sentence(fraction: Decimal | None) -> str:
    """Plain English for the switching value of effect ``f`` (module docstring):
    f < 1: "The case still breaks even if effects are 38% of those assumed."
    f > 1: "The case only breaks even if effects are 1.6 times those assumed."
    Percentages are whole numbers, and times have one decimal place, unless more
    places are needed to avoid showing 100%, 0% or 1.0 times for a value that is not
    exactly that."""
    if fraction is None:
        return (
            "No change in effects can make the case break even, because it has no "
            "benefits within the horizon."
        )
    if fraction == 0:
        return "The case breaks even whatever the effects, because it has no costs."
    if fraction == 1:
        return "The case breaks even exactly at the effects assumed."
    if fraction < 1:
        percent = _shown(fraction * 100, 0, lambda p: 0 < p < 100)
        return f"The case still breaks even if effects are {percent}% of those assumed."
    times = _shown(fraction, 1, lambda p: p > 1)
    return f"The case only breaks even if effects are {times} times those assumed."


def _shown(value: Decimal, places: int, honest: Callable[[Decimal], bool]) -> Decimal:
    """``value`` rounded half up to the fewest places (from ``places``, at most 6 more)
    for which ``honest(rounded)`` holds."""
    rounded = round_to(value, places)
    for extra in range(1, 7):
        if honest(rounded):
            break
        rounded = round_to(value, places + extra)
    return rounded
