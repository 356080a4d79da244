"""A binary floating-point fast path of the same model, for the probabilistic analysis.

Decimal arithmetic is exact but slow; 5,000 draws need a model that evaluates in tens of
microseconds. This one computes PV(costs) and PV(benefits) with floats, rearranged so
that everything the draws do not change is computed once:

    W_j        = sum over s = 0..S-1 with s + j < H of DF_(s+j)      (window sums)
    PV(costs)  = (set-up × DF_0 + running × sum_(t<S) DF_t) × (1 + OB_costs)
    PV(o)      = cases_o × V_o × (1 - OB_benefits) × sum_(k<D_o, L_o+k<H) (1 - d_o)^k W_(L_o+k)

which is the model.py formula with the order of summation changed (cohorts inside,
years since the first benefit outside) and the horizon cut applied through W. DF_0 = 1.
The discount schedule, the staff and non-staff lines and the capacity cap are fixed; the
inputs that vary are the numbers in ``CASE_NUMBERS`` and, per outcome, in
``OUTCOME_NUMBERS`` (inputs.py), in that order, as a flat list of floats (``paths``).
Duration and lag are used as whole years (callers round them).

Agreement with the Decimal engine to 1e-6 relative (in fact about 1e-13) is tested in
tests/cases/test_fast_path.py, including on hypothesis-generated cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, repeat
from math import sumprod
from operator import mul

from commissioning.cases.economics.discounting import float_discount_factors
from commissioning.cases.economics.inputs import (
    CASE_NUMBERS,
    OUTCOME_NUMBERS,
    CaseInputs,
    staff_annual_cost,
    value_at,
)

_I = {name: i for i, name in enumerate(CASE_NUMBERS)}
N_GLOBAL = len(CASE_NUMBERS)
N_OUTCOME = len(OUTCOME_NUMBERS)


class FloatModel:
    """Precomputed float model of one case; ``evaluate(x)`` gives (PV costs, PV benefits)."""

    def __init__(self, inputs: CaseInputs) -> None:
        horizon, service = inputs.horizon_years, inputs.service_years
        self.horizon = horizon
        standard = float_discount_factors(inputs.discounting.standard, horizon)
        health = float_discount_factors(inputs.discounting.health, horizon)
        self.cost_window = sum(standard[:service])
        self.window_standard = _windows(standard, service)
        self.window_health = _windows(health, service)
        self.running_base = float(
            sum(staff_annual_cost(line, inputs.unit_costs) for line in inputs.staff)
            + sum(line.annual_cost for line in inputs.non_staff)
        )
        cap = inputs.capacity_families_per_year
        self.capacity = None if cap is None else float(cap)
        self.health_flags = [o.is_health for o in inputs.outcomes]
        self.paths: tuple[str, ...] = CASE_NUMBERS + tuple(
            f"outcomes[{i}].{name}" for i in range(len(inputs.outcomes)) for name in OUTCOME_NUMBERS
        )
        self.central = [float(value_at(inputs, path)) for path in self.paths]

    def evaluate(self, x: Sequence[float]) -> tuple[float, float]:
        """(PV costs, PV benefits) for the input vector ``x`` (ordered as ``paths``)."""
        families = x[_I["births_per_year"]] * x[_I["prevalence"]] * x[_I["reach"]]
        if self.capacity is not None and families > self.capacity:
            families = self.capacity
        running = self.running_base * (1.0 + x[_I["overhead_rate"]]) * x[_I["running_cost_scale"]]
        pv_costs = (x[_I["setup_cost"]] + running * self.cost_window) * (
            1.0 + x[_I["optimism_bias_costs"]]
        )
        base = (
            families
            * (1.0 - x[_I["deadweight"]])
            * (1.0 - x[_I["attribution"]])
            * (1.0 - x[_I["displacement"]])
            * (1.0 - x[_I["optimism_bias_benefits"]])
        )
        horizon = self.horizon
        pv_benefits = 0.0
        offset = N_GLOBAL
        for is_health in self.health_flags:
            risk, effect, value, duration, lag, drop_off = x[offset : offset + N_OUTCOME]
            offset += N_OUTCOME
            windows = self.window_health if is_health else self.window_standard
            first = int(lag)
            last = min(first + int(duration), horizon)
            # total = sum over first <= j < last of keep^(j - first) × W_j: the powers by
            # repeated multiplication, the sum of products by math.sumprod (in C, with
            # extended-precision accumulation, so no less accurate than a plain loop).
            if last > first:
                weights = accumulate(repeat(1.0 - drop_off, last - first - 1), mul, initial=1.0)
                total = sumprod(weights, windows[first:last])
            else:
                total = 0.0
            pv_benefits += base * risk * effect * value * total
        return pv_costs, pv_benefits


def _windows(factors: list[float], service: int) -> list[float]:
    """W_j = sum of factors[j .. j + service - 1] that fall inside the horizon."""
    prefix = [0.0]
    for factor in factors:
        prefix.append(prefix[-1] + factor)
    horizon = len(factors)
    return [prefix[min(j + service, horizon)] - prefix[j] for j in range(horizon)]


def float_appraise(inputs: CaseInputs) -> tuple[float, float]:
    """(PV costs, PV benefits) of the central case by the fast path."""
    model = FloatModel(inputs)
    return model.evaluate(model.central)
