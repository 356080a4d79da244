"""The fast paths of the heavy-case work give what the straightforward computations
give: exactly for the one-way table by parts (npv_parts.py) and the appraisal's cohort
flows (model.cohort_flows); to the last bits of a float for the PSA's inner sum (fast.py)."""

import random
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.heavy_case import heaviest_case_data
from commissioning.cases.economics import (
    FloatModel,
    appraise,
    one_way,
    parse_case,
    with_value,
)
from commissioning.cases.economics.fast import N_GLOBAL, N_OUTCOME
from commissioning.cases.economics.model import _EXACT, cohort_flows
from commissioning.cases.economics.npv_parts import NpvByParts
from commissioning.cases.economics.uncertainty import (
    DISCOUNT_SHIFT,
    parameters,
    resolve,
    resolve_discount_shift,
)
from tests.cases.support import cases, make_case, make_outcome

D = Decimal
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)


def straightforward_one_way(inputs):
    """Every row by re-appraising the changed case with the exact engine."""
    items = [(p.path, p.label, resolve(inputs, p)) for p in parameters(inputs)]
    items.append((DISCOUNT_SHIFT, "Discount rates (all shifted)", resolve_discount_shift(inputs)))
    rows = []
    for path, label, rng in items:
        if not rng.varies:
            continue
        low = appraise(with_value(inputs, path, rng.low)).npv
        high = appraise(with_value(inputs, path, rng.high)).npv
        with localcontext(_EXACT):
            swing = abs(high - low)
        rows.append((path, label, rng.low, rng.central, rng.high, low, high, swing))
    rows.sort(key=lambda row: (-row[7], row[0]))
    return rows


def as_tuples(rows):
    return [
        (r.path, r.label, r.low, r.central, r.high, r.npv_low, r.npv_high, r.swing) for r in rows
    ]


@PROPERTY_SETTINGS
@given(cases(max_horizon=12))
def test_one_way_equals_reappraising_every_changed_case(case):
    assert as_tuples(one_way(case)) == straightforward_one_way(case)


@PROPERTY_SETTINGS
@given(cases())
def test_npv_by_parts_is_the_engines_npv_exactly(case):
    parts = NpvByParts()
    assert parts.npv(case) == appraise(case).npv
    assert parts.npv(case) == appraise(case).npv  # and again from its kept parts


def naive_flows(yearly, lag, service, horizon):
    flows = {}
    for s in range(service):
        for k, value in enumerate(yearly):
            t = s + lag + k
            if t < horizon:
                flows[t] = flows.get(t, D(0)) + value
    return sorted(flows.items())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.decimals(min_value=0, max_value=1000, places=3), min_size=1, max_size=12),
    st.integers(0, 10),
    st.integers(1, 12),
    st.integers(1, 20),
)
def test_cohort_flows_equal_the_double_loop(yearly, lag, service, horizon):
    with _exact():
        assert cohort_flows(yearly, lag, service, horizon) == naive_flows(
            yearly, lag, service, horizon
        )


def _exact():
    return localcontext(_EXACT)


def naive_evaluate(model, x):
    """fast.py's benefit sum written as the plain loop it replaces."""
    pv_costs, _ = model.evaluate(x)
    names = dict(zip(model.paths, x, strict=True))
    families = names["births_per_year"] * names["prevalence"] * names["reach"]
    if model.capacity is not None and families > model.capacity:
        families = model.capacity
    base = (
        families
        * (1.0 - names["deadweight"])
        * (1.0 - names["attribution"])
        * (1.0 - names["displacement"])
        * (1.0 - names["optimism_bias_benefits"])
    )
    pv_benefits, offset = 0.0, N_GLOBAL
    for is_health in model.health_flags:
        risk, effect, value, duration, lag, drop_off = x[offset : offset + N_OUTCOME]
        offset += N_OUTCOME
        windows = model.window_health if is_health else model.window_standard
        keep, weight, total = 1.0 - drop_off, 1.0, 0.0
        for j in range(int(lag), min(int(lag) + int(duration), model.horizon)):
            total += weight * windows[j]
            weight *= keep
        pv_benefits += base * risk * effect * value * total
    return pv_costs, pv_benefits


@PROPERTY_SETTINGS
@given(cases(), st.integers(0, 2**32))
def test_psa_inner_sum_agrees_with_the_plain_loop(case, seed):
    # math.sumprod accumulates in extended precision, so the two may differ only in
    # the last bits of the sum, never by a penny's worth on any scale.
    model = FloatModel(case)
    stream = random.Random(seed)
    for _ in range(5):
        x = [value * (0.8 + 0.4 * stream.random()) for value in model.central]
        (costs, benefits), (plain_costs, plain_benefits) = (
            model.evaluate(x),
            naive_evaluate(model, x),
        )
        assert costs == plain_costs
        assert benefits == pytest.approx(plain_benefits, rel=1e-13, abs=1e-9)


def test_a_refused_range_end_raises_the_engines_error():
    # A valid 40-place risk whose default low end (x 0.8) has 41 places: the engine
    # refuses that end, so the table cannot be made, by parts or by re-appraising.
    case = make_case(outcomes=(make_outcome(baseline_risk=D("0." + "0" * 39 + "1")),))
    appraise(case)
    with pytest.raises(ValueError, match="decimal places") as by_parts:
        one_way(case)
    with pytest.raises(ValueError) as straightforward:
        straightforward_one_way(case)
    assert str(by_parts.value) == str(straightforward.value)


def test_the_heaviest_case_rows_equal_reappraisal():
    case = parse_case(heaviest_case_data())
    rows = one_way(case)
    assert len(rows) == 6 * len(case.outcomes) + 11 + 1
    for row in random.Random(16).sample(rows, 4):
        assert appraise(with_value(case, row.path, row.low)).npv == row.npv_low
        assert appraise(with_value(case, row.path, row.high)).npv == row.npv_high
