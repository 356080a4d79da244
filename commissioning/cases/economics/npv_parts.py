"""The exact NPV of many variants of one case, reusing the work they share.

The one-way sensitivity table (uncertainty.py) re-appraises a case twice for every key
input: with 50 outcomes that is more than 600 appraisals, almost all of whose work is
the same. Only the NPV is needed, and it splits into parts that each depend on a few
inputs (notation as in model.py; DF are the fixed 40-place factors of discounting.py)::

    PV(costs)  = set-up × (1 + OB_costs)
                 + running × (1 + OB_costs) × sum_(t<S) DF_t                     (DF_0 = 1)
    PV(o)      = F × p_o × e_o × adj × V_o × (1 - OB_benefits) × U_o
    U_o        = sum_(k<D_o) (1 - d_o)^k × W_(L_o+k)       (terms with L_o + k >= H drop)
    W_j        = sum over s = 0..S-1 with s + j < H of DF_(s+j)
    NPV        = sum_o PV(o) - PV(costs)

with adj = (1 - deadweight)(1 - attribution)(1 - displacement), and the outcome's health
or standard factors. This is model.py's sum with its terms regrouped. Every operation is
exact (the same ``_EXACT`` context, which traps any rounding), and regrouping exact sums
and products does not change their value, so ``NpvByParts().npv(inputs)`` equals
``appraise(inputs).npv`` exactly, not approximately; tests/cases/test_npv_parts.py checks
it on generated cases. The unit values U_o and windows W are kept by the inputs they
depend on (discount bands, horizon, service years, lag, duration, drop-off), so a variant
that changes, say, the births costs one multiplication per outcome.

Inputs are not checked here: callers pass inputs the engine accepts (``check_inputs``).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from commissioning.cases.economics.discounting import discount_factors
from commissioning.cases.economics.inputs import Bands, CaseInputs, staff_annual_cost
from commissioning.cases.economics.model import _EXACT, ONE, ZERO


class NpvByParts:
    """Exact NPVs of variants of a case (module docstring). One instance per batch."""

    def __init__(self) -> None:
        self._factors: dict[tuple[Bands, int], tuple[Decimal, ...]] = {}
        self._windows: dict[tuple[Bands, int, int], list[Decimal]] = {}
        self._units: dict[tuple[Bands, int, int, int, int, Decimal], Decimal] = {}

    def npv(self, inputs: CaseInputs) -> Decimal:
        """NPV of valid ``inputs``, equal to ``appraise(inputs).npv``."""
        with localcontext(_EXACT):
            return self._pv_benefits(inputs) - self._pv_costs(inputs)

    def _pv_costs(self, inputs: CaseInputs) -> Decimal:
        bands, service = inputs.discounting.standard, inputs.service_years
        factors = self._discount(bands, inputs.horizon_years)
        running = sum(
            (staff_annual_cost(line, inputs.unit_costs) for line in inputs.staff), ZERO
        ) + sum((line.annual_cost for line in inputs.non_staff), ZERO)
        running = running * (ONE + inputs.overhead_rate) * inputs.running_cost_scale
        uplift = ONE + inputs.optimism_bias_costs
        return inputs.setup_cost * uplift + running * uplift * sum(factors[:service], ZERO)

    def _pv_benefits(self, inputs: CaseInputs) -> Decimal:
        uncapped = inputs.births_per_year * inputs.prevalence * inputs.reach
        cap = inputs.capacity_families_per_year
        families = uncapped if cap is None else min(uncapped, cap)
        common = families * (ONE - inputs.deadweight) * (ONE - inputs.attribution)
        common *= (ONE - inputs.displacement) * (ONE - inputs.optimism_bias_benefits)
        total = ZERO
        health = _hashable(inputs.discounting.health)
        standard = _hashable(inputs.discounting.standard)
        for outcome in inputs.outcomes:
            unit = self._unit(
                health if outcome.is_health else standard,
                inputs.horizon_years,
                inputs.service_years,
                outcome.lag_years,
                outcome.duration_years,
                outcome.drop_off,
            )
            per_case = outcome.baseline_risk * outcome.relative_reduction * outcome.value_per_case
            total += common * per_case * unit
        return total

    def _discount(self, bands: Bands, horizon: int) -> tuple[Decimal, ...]:
        key = (_hashable(bands), horizon)
        if key not in self._factors:
            self._factors[key] = discount_factors(bands, horizon)
        return self._factors[key]

    def _window(self, bands: Bands, horizon: int, service: int) -> list[Decimal]:
        key = (_hashable(bands), horizon, service)
        if key not in self._windows:
            factors = self._discount(bands, horizon)
            prefix = [ZERO]
            for factor in factors:
                prefix.append(prefix[-1] + factor)
            self._windows[key] = [
                prefix[min(j + service, horizon)] - prefix[j] for j in range(horizon)
            ]
        return self._windows[key]

    def _unit(
        self, bands: Bands, horizon: int, service: int, lag: int, duration: int, drop_off: Decimal
    ) -> Decimal:
        """U for ``bands`` (already hashable) and one outcome's lag, duration and drop-off."""
        key = (bands, horizon, service, lag, duration, drop_off)
        if key not in self._units:
            windows = self._window(bands, horizon, service)
            keep, weight, total = ONE - drop_off, ONE, ZERO
            for j in range(lag, min(lag + duration, horizon)):
                total += weight * windows[j]
                weight *= keep
            self._units[key] = total
        return self._units[key]


def _hashable(bands: Bands) -> Bands:
    """The bands as a tuple of tuples (directly built inputs may use lists)."""
    return tuple((year, rate) for year, rate in bands)
