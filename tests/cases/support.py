"""Builders, a brute-force reference model and hypothesis strategies for engine tests."""

from dataclasses import replace
from decimal import Context, Decimal, localcontext
from pathlib import Path

from hypothesis import strategies as st

from commissioning.cases.economics import (
    CaseInputs,
    CostLine,
    DiscountSchedule,
    Outcome,
    StaffLine,
)

D = Decimal
EXAMPLES = Path(__file__).resolve().parents[2] / "commissioning" / "cases" / "examples"
EXACT = Context(prec=10_000)


def make_outcome(**overrides) -> Outcome:
    """p 0.4, e 0.5, £1,000 a case for one year, no lag or drop-off, fiscal cashable."""
    fields = {
        "name": "Outcome",
        "baseline_risk": D("0.4"),
        "relative_reduction": D("0.5"),
        "value_per_case": D(1000),
        "value_type": "fiscal_cashable",
        "agency": "NHS",
    }
    fields.update(overrides)
    return Outcome(**fields)


def make_case(**overrides) -> CaseInputs:
    """1,000 births × 0.1 × 0.5 = 50 families; one default outcome; no costs, no
    optimism bias, a 0% flat rate, a one-year horizon and service."""
    fields = {
        "name": "Test case",
        "horizon_years": 1,
        "service_years": 1,
        "births_per_year": D(1000),
        "prevalence": D("0.1"),
        "reach": D("0.5"),
        "outcomes": (make_outcome(),),
        "optimism_bias_costs": D(0),
        "discounting": DiscountSchedule.flat(D(0)),
    }
    fields.update(overrides)
    return CaseInputs(**fields)


def reference_flows(inputs: CaseInputs) -> tuple[list[Decimal], list[Decimal]]:
    """Undiscounted (costs, benefits) by year, straight from the brief's wording, with
    no shared code: a check on model.py."""
    with localcontext(EXACT):
        horizon = inputs.horizon_years
        costs = [D(0)] * horizon
        benefits = [D(0)] * horizon
        staff = D(0)
        for line in inputs.staff:
            per_wte = line.annual_cost_per_wte
            staff += line.wte * (per_wte if per_wte is not None else inputs.unit_costs[line.band])
        running = (staff + sum(line.annual_cost for line in inputs.non_staff)) * (
            1 + inputs.overhead_rate
        )
        running *= inputs.running_cost_scale
        for t in range(horizon):
            cost = (inputs.setup_cost if t == 0 else 0) + (
                running if t < inputs.service_years else 0
            )
            costs[t] = cost * (1 + inputs.optimism_bias_costs)
        families = inputs.births_per_year * inputs.prevalence * inputs.reach
        if inputs.capacity_families_per_year is not None:
            families = min(families, inputs.capacity_families_per_year)
        for s in range(inputs.service_years):
            for o in inputs.outcomes:
                net = (
                    families
                    * o.baseline_risk
                    * o.relative_reduction
                    * (1 - inputs.deadweight)
                    * (1 - inputs.attribution)
                    * (1 - inputs.displacement)
                )
                for k in range(o.duration_years):
                    t = s + o.lag_years + k
                    if t < horizon:
                        value = net * o.value_per_case * (1 - o.drop_off) ** k
                        benefits[t] += value * (1 - inputs.optimism_bias_benefits)
        return costs, benefits


def scaled(inputs: CaseInputs, k: Decimal) -> CaseInputs:
    """Every cost and every value per case multiplied by k (exactly)."""
    with localcontext(EXACT):
        return replace(
            inputs,
            setup_cost=inputs.setup_cost * k,
            staff=tuple(
                replace(
                    line,
                    annual_cost_per_wte=None
                    if line.annual_cost_per_wte is None
                    else line.annual_cost_per_wte * k,
                )
                for line in inputs.staff
            ),
            unit_costs={band: cost * k for band, cost in inputs.unit_costs.items()},
            non_staff=tuple(
                replace(line, annual_cost=line.annual_cost * k) for line in inputs.non_staff
            ),
            outcomes=tuple(
                replace(o, value_per_case=o.value_per_case * k) for o in inputs.outcomes
            ),
        )


# --- hypothesis strategies ----------------------------------------------------------------

shares = st.decimals(min_value=0, max_value=1, places=2)
low_shares = st.decimals(min_value=0, max_value=D("0.6"), places=2)
money = st.integers(min_value=0, max_value=100_000).map(D)
schedules = st.one_of(
    st.just(DiscountSchedule.green_book()),
    st.sampled_from(["0", "0.015", "0.035", "0.1"]).map(lambda r: DiscountSchedule.flat(D(r))),
    st.just(DiscountSchedule(((0, D("0.035")), (3, D("0.02"))), ((0, D("0.015")),), "custom")),
)


@st.composite
def outcomes(draw: st.DrawFn, index: int = 0) -> Outcome:
    return Outcome(
        name=f"Outcome {index}",
        baseline_risk=draw(shares),
        relative_reduction=draw(shares),
        value_per_case=draw(st.integers(0, 10_000).map(D)),
        value_type=draw(
            st.sampled_from(["fiscal_cashable", "fiscal_non_cashable", "economic", "social"])
        ),
        agency=draw(st.sampled_from(["NHS", "Local authority children's services", "Families"])),
        is_health=draw(st.booleans()),
        duration_years=draw(st.integers(1, 8)),
        lag_years=draw(st.integers(0, 4)),
        drop_off=draw(low_shares),
    )


@st.composite
def cases(draw: st.DrawFn, *, max_horizon: int = 40) -> CaseInputs:
    horizon = draw(st.integers(1, max_horizon))
    service = draw(st.integers(1, min(horizon, 6)))
    n_outcomes = draw(st.integers(1, 3))
    staff = draw(
        st.lists(
            st.builds(
                lambda wte, cost, use_band: StaffLine(
                    "Practitioner",
                    wte,
                    band="Band 7" if use_band else "",
                    annual_cost_per_wte=None if use_band else cost,
                ),
                st.decimals(min_value=0, max_value=3, places=1),
                money,
                st.booleans(),
            ),
            max_size=3,
        )
    )
    capacity = draw(st.one_of(st.none(), st.integers(1, 500).map(D)))
    return CaseInputs(
        name="Generated",
        horizon_years=horizon,
        service_years=service,
        births_per_year=draw(st.integers(0, 8000).map(D)),
        prevalence=draw(shares),
        reach=draw(shares),
        capacity_families_per_year=capacity,
        outcomes=tuple(draw(outcomes(i)) for i in range(n_outcomes)),
        setup_cost=draw(money),
        staff=tuple(staff),
        non_staff=tuple(CostLine("Other", c) for c in draw(st.lists(money, max_size=2))),
        unit_costs={"Band 7": D(90000)},  # x10 stays within the £1m limit
        overhead_rate=draw(st.decimals(min_value=0, max_value=D("0.5"), places=2)),
        optimism_bias_costs=draw(st.decimals(min_value=0, max_value=D("0.5"), places=2)),
        optimism_bias_benefits=draw(low_shares),
        deadweight=draw(low_shares),
        attribution=draw(low_shares),
        displacement=draw(low_shares),
        discounting=draw(schedules),
    )
