"""Uncertainty: one-way sensitivity (tornado), three scenarios, and a probabilistic
analysis (PSA). The method in words: ``cases/METHODS.md`` §7.

Ranges. Every key input has a low and a high value: the ones given in
``CaseInputs.ranges`` or, where none is given, these defaults (``default_range``):

- counts, money, scales and risks/effects (births, prevalence, reach, set-up cost,
  running-cost scale, overhead rate, baseline risk, effect, value per case): the
  central value × 0.8 and × 1.2 (±20%), the high end capped at the input's maximum
  (1 for a share);
- adjustments (deadweight, attribution, displacement, drop-off, optimism bias on costs
  and on benefits): the central value ± 0.1 (10 percentage points), kept within 0 and
  the input's maximum;
- duration: 80% and 120% of the central number of years, rounded half up, and at least
  one year either side of it (never below 1 year);
- lag: one year either side (never below 0);
- discount rates: every rate in both schedules shifted by -1 and +1 percentage point
  (floored at 0). Changing the rates is a normative choice rather than an uncertainty,
  so it appears only in the one-way table, not in the scenarios or the PSA.

A range whose ``distribution`` is "fixed" (or whose ends equal the central value) holds
the input at its central value everywhere, and it gets no row in the tornado.

One-way sensitivity: each input in turn is set to its low and then its high value, all
others central, and the NPV of the changed case is found exactly (npv_parts.py: the
same exact figures as re-appraising it with the Decimal engine, in a fraction of the
time); rows are
sorted by the NPV swing |NPV(high) - NPV(low)|, largest first (ties by path).

Scenarios: conservative takes, for every input, the end that is worse for the case
(the low end of inputs that raise benefits — births, prevalence, reach, baseline risk,
effect, value, duration — and the high end of inputs that lower benefits or raise costs
— lag, drop-off, deadweight, attribution, displacement, both optimism biases, set-up
cost, running-cost scale, overhead rate); optimistic takes the other end; central is
the case as entered.

PSA: each input with a range is drawn independently from a triangular distribution
(low, mode = central value, high) unless its range says uniform or fixed, by inverse
transform of one ``random.Random(seed).random()`` number per input per draw in a fixed
order, so a seed always gives the same results. Whole-year inputs are rounded half up
after drawing. Each draw is evaluated with the float fast path (fast.py). Reported: the
5th, 50th and 95th percentiles (linear interpolation between order statistics, as
``statistics.quantiles(method="inclusive")``) of NPV and BCR, mean NPV, and the share
of draws with NPV > 0.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from commissioning.cases.economics.checks import check_inputs, number_error
from commissioning.cases.economics.fast import FloatModel
from commissioning.cases.economics.inputs import (
    MAX_HORIZON,
    CaseInputs,
    rule_for,
    value_at,
    with_value,
)
from commissioning.cases.economics.model import _EXACT, _RATIO, Appraisal, appraise
from commissioning.cases.economics.npv_parts import NpvByParts

DEFAULT_RELATIVE_SPREAD = Decimal("0.2")  # ±20% of the central value
DEFAULT_ABSOLUTE_SPREAD = Decimal("0.1")  # ±10 percentage points
DEFAULT_DURATION_SPREAD = Decimal("0.2")  # ±20% of the years, at least one year
DEFAULT_DISCOUNT_SHIFT = Decimal("0.01")  # ±1 percentage point on every rate
DEFAULT_DRAWS = 5000
DEFAULT_SEED = 1
MIN_DRAWS, MAX_DRAWS = 100, 1_000_000
DISCOUNT_SHIFT = "discount_shift"
PROGRESS_EVERY = 250  # draws between calls to a PSA's progress callback

# (field, label, kind, raising it raises NPV). Kinds: relative, absolute, duration, lag.
CASE_PARAMETERS = (
    ("births_per_year", "Births a year", "relative", True),
    ("prevalence", "Prevalence of need", "relative", True),
    ("reach", "Reach (share of families in need served)", "relative", True),
    ("setup_cost", "Set-up cost", "relative", False),
    ("running_cost_scale", "Running costs (scale)", "relative", False),
    ("overhead_rate", "Overhead rate", "relative", False),
    ("optimism_bias_costs", "Optimism bias on costs", "absolute", False),
    ("deadweight", "Deadweight", "absolute", False),
    ("attribution", "Attribution", "absolute", False),
    ("displacement", "Displacement", "absolute", False),
    ("optimism_bias_benefits", "Optimism bias on benefits", "absolute", False),
)
OUTCOME_PARAMETERS = (
    ("baseline_risk", "baseline risk", "relative", True),
    ("relative_reduction", "effect (relative reduction in risk)", "relative", True),
    ("value_per_case", "value per case", "relative", True),
    ("duration_years", "duration", "duration", True),
    ("lag_years", "lag", "lag", False),
    ("drop_off", "drop-off", "absolute", False),
)


@dataclass(frozen=True)
class Parameter:
    path: str
    label: str
    kind: str
    raises_npv: bool


@dataclass(frozen=True)
class ResolvedRange:
    low: Decimal | int
    central: Decimal | int
    high: Decimal | int
    distribution: str

    @property
    def varies(self) -> bool:
        return self.distribution != "fixed" and self.low != self.high


@dataclass(frozen=True)
class SensitivityRow:
    """One bar of the tornado: NPV with ``path`` at its low and at its high value."""

    path: str
    label: str
    low: Decimal | int
    central: Decimal | int
    high: Decimal | int
    npv_low: Decimal
    npv_high: Decimal
    swing: Decimal  # |npv_high - npv_low|


@dataclass(frozen=True)
class Scenario:
    name: str  # conservative, central or optimistic
    values: Mapping[str, Decimal | int]  # the inputs changed from the central case
    appraisal: Appraisal


@dataclass(frozen=True)
class PsaResult:
    draws: int
    seed: int
    npv_p5: Decimal
    npv_median: Decimal
    npv_p95: Decimal
    npv_mean: Decimal
    bcr_p5: Decimal | None
    bcr_median: Decimal | None
    bcr_p95: Decimal | None
    probability_npv_positive: Decimal  # share of draws, 0..1
    unavailable: Mapping[str, str] = field(default_factory=dict)
    npv_draws: tuple[float, ...] = field(default=(), repr=False)  # for a histogram


def parameters(inputs: CaseInputs) -> list[Parameter]:
    """The key inputs of a case, in display order (discount shift excluded)."""
    result = [Parameter(*spec) for spec in CASE_PARAMETERS]
    for i, outcome in enumerate(inputs.outcomes):
        for name, label, kind, raises in OUTCOME_PARAMETERS:
            result.append(
                Parameter(f"outcomes[{i}].{name}", f"{outcome.name}: {label}", kind, raises)
            )
    return result


def default_range(
    kind: str, central: Decimal | int, maximum: Decimal
) -> tuple[Decimal | int, Decimal | int]:
    """(low, high) when the case gives none (module docstring)."""
    if kind == "relative":
        return central * (1 - DEFAULT_RELATIVE_SPREAD), min(
            maximum, central * (1 + DEFAULT_RELATIVE_SPREAD)
        )
    if kind == "absolute":
        return max(Decimal(0), central - DEFAULT_ABSOLUTE_SPREAD), min(
            maximum, central + DEFAULT_ABSOLUTE_SPREAD
        )
    if kind == "duration":
        low = _whole(central * (1 - DEFAULT_DURATION_SPREAD))
        high = _whole(central * (1 + DEFAULT_DURATION_SPREAD))
        return max(1, min(central - 1, low)), min(MAX_HORIZON, max(central + 1, high))
    if kind == "lag":
        return max(0, central - 1), min(MAX_HORIZON - 1, central + 1)
    raise ValueError(f"Unknown kind of input {kind!r}")


def _whole(value: Decimal) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def resolve(inputs: CaseInputs, parameter: Parameter) -> ResolvedRange:
    """The low, central and high values of one input (given, or the defaults)."""
    central = value_at(inputs, parameter.path)
    rule = rule_for(parameter.path)
    assert rule is not None
    low, high = default_range(parameter.kind, central, rule.high)
    given = inputs.ranges.get(parameter.path)
    distribution = "triangular"
    if given is not None:
        distribution = given.distribution
        low = low if given.low is None else given.low
        high = high if given.high is None else given.high
    if rule.integer:
        low, high = int(low), int(high)
    if distribution == "fixed":
        low = high = central
    return ResolvedRange(low, central, high, distribution)


def resolve_discount_shift(inputs: CaseInputs) -> ResolvedRange:
    """The low and high shift added to every discount rate (decimals: -0.01 is one
    percentage point lower); central is 0. Default ±DEFAULT_DISCOUNT_SHIFT."""
    given = inputs.ranges.get(DISCOUNT_SHIFT)
    low, high, distribution = -DEFAULT_DISCOUNT_SHIFT, DEFAULT_DISCOUNT_SHIFT, "triangular"
    if given is not None:
        distribution = given.distribution
        low = low if given.low is None else given.low
        high = high if given.high is None else given.high
    if distribution == "fixed":
        low = high = Decimal(0)
    return ResolvedRange(low, Decimal(0), high, distribution)


def one_way(inputs: CaseInputs, base: Appraisal | None = None) -> tuple[SensitivityRow, ...]:
    """Tornado rows sorted by NPV swing, largest first (module docstring). Each NPV is
    the exact NPV of the changed case, computed by parts (npv_parts.py), which equals
    ``appraise(with_value(inputs, path, end)).npv``; an end the engine would refuse
    raises the engine's ValueError, as appraising it would."""
    base = base or appraise(inputs)
    parts = NpvByParts()
    rows = []
    items = [(p.path, p.label, resolve(inputs, p)) for p in parameters(inputs)]
    items.append((DISCOUNT_SHIFT, "Discount rates (all shifted)", resolve_discount_shift(inputs)))
    for path, label, rng in items:
        if not rng.varies:
            continue
        npv_low, npv_high = (
            base.npv if end == rng.central else _changed_npv(inputs, path, end, parts)
            for end in (rng.low, rng.high)
        )
        with localcontext(_EXACT):
            swing = abs(npv_high - npv_low)
        rows.append(
            SensitivityRow(path, label, rng.low, rng.central, rng.high, npv_low, npv_high, swing)
        )
    rows.sort(key=lambda row: (-row.swing, row.path))
    return tuple(rows)


def _changed_npv(inputs: CaseInputs, path: str, value: Decimal | int, parts: NpvByParts) -> Decimal:
    """The exact NPV of ``inputs`` with one input changed (its range ends are checked
    against the input's rule, the only check a one-input change can fail)."""
    changed = with_value(inputs, path, value)
    rule = rule_for(path)
    if rule is not None and number_error(value, rule):
        appraise(changed)  # raises the engine's ValueError naming the input
    return parts.npv(changed)


def scenario_values(inputs: CaseInputs, name: str) -> dict[str, Decimal | int]:
    """The inputs a named scenario changes: {path: value}."""
    if name == "central":
        return {}
    worse = name == "conservative"
    values = {}
    for parameter in parameters(inputs):
        rng = resolve(inputs, parameter)
        if rng.varies:
            values[parameter.path] = rng.low if parameter.raises_npv == worse else rng.high
    return values


def scenarios(inputs: CaseInputs, base: Appraisal | None = None) -> tuple[Scenario, ...]:
    """Conservative, central and optimistic appraisals (module docstring)."""
    result = []
    for name in ("conservative", "central", "optimistic"):
        values = scenario_values(inputs, name)
        changed = inputs
        for path, value in values.items():
            changed = with_value(changed, path, value)
        appraisal = base if (name == "central" and base is not None) else appraise(changed)
        result.append(Scenario(name, values, appraisal))
    return tuple(result)


def probabilistic(
    inputs: CaseInputs,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
) -> PsaResult:
    """Monte Carlo PSA with the float fast path (module docstring). Raises ValueError for
    invalid inputs or a number of draws outside MIN_DRAWS..MAX_DRAWS. ``progress``, if
    given, is called with (draws done, draws) every PROGRESS_EVERY draws and at the end."""
    errors = check_inputs(inputs)
    if errors:
        raise ValueError(f"Invalid case inputs: {errors}")
    if isinstance(draws, bool) or not isinstance(draws, int) or not MIN_DRAWS <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be a whole number from {MIN_DRAWS} to {MAX_DRAWS}")
    model = FloatModel(inputs)
    by_path = {p.path: p for p in parameters(inputs)}
    samplers = []
    for index, path in enumerate(model.paths):
        rng = resolve(inputs, by_path[path])
        if rng.varies:
            low, mode, high = float(rng.low), float(rng.central), float(rng.high)
            samplers.append(
                (
                    index,
                    rng.distribution == "uniform",
                    low,
                    high,
                    high - low,  # width
                    mode - low,  # left of the mode
                    high - mode,  # right of the mode
                    isinstance(rng.central, int),
                )
            )
    stream = random.Random(seed)
    uniform = stream.random
    sqrt, floor = math.sqrt, math.floor
    x = list(model.central)
    npvs, bcrs = [], []
    no_costs = False
    for done in range(draws):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, draws)
        for index, is_uniform, low, high, width, left, right, integer in samplers:
            u = uniform()
            if is_uniform:
                value = low + u * width
            elif u * width < left:  # triangular, by inverse transform
                value = low + sqrt(u * width * left)
            else:
                value = high - sqrt((1.0 - u) * width * right)
            x[index] = floor(value + 0.5) if integer else value
        pv_costs, pv_benefits = model.evaluate(x)
        npvs.append(pv_benefits - pv_costs)
        if pv_costs > 0:
            bcrs.append(pv_benefits / pv_costs)
        else:
            no_costs = True
    if progress is not None:
        progress(draws, draws)
    npvs_sorted = sorted(npvs)
    unavailable = {}
    bcr: tuple[Decimal | None, ...]
    if no_costs:
        bcr = (None, None, None)
        unavailable["bcr"] = "Not calculated: in some draws the present value of costs is zero."
    else:
        bcrs.sort()
        bcr = tuple(_dec(_quantile(bcrs, q)) for q in (0.05, 0.5, 0.95))
    positive = sum(1 for v in npvs if v > 0)
    return PsaResult(
        draws=draws,
        seed=seed,
        npv_p5=_dec(_quantile(npvs_sorted, 0.05)),
        npv_median=_dec(_quantile(npvs_sorted, 0.5)),
        npv_p95=_dec(_quantile(npvs_sorted, 0.95)),
        npv_mean=_dec(math.fsum(npvs) / draws),
        bcr_p5=bcr[0],
        bcr_median=bcr[1],
        bcr_p95=bcr[2],
        probability_npv_positive=_RATIO.divide(Decimal(positive), Decimal(draws)),
        unavailable=unavailable,
        npv_draws=tuple(npvs),
    )


def _quantile(ordered: list[float], q: float) -> float:
    """Linear interpolation between order statistics at position q × (n - 1)."""
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _dec(value: float) -> Decimal:
    return Decimal(repr(value))
