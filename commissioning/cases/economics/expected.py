"""The expected (mean) NPV beside the central estimate, and why the two differ.

The central estimate is the NPV with every input at the value entered. The expected
NPV is the mean NPV over the probabilistic analysis's draws (uncertainty.py), in which
every input is drawn across its whole range. The two differ for three reasons, and
``explain`` works out which apply to a case:

1. **A capacity limit** (``CAPACITY``). Families reached = min(births × prevalence ×
   reach, capacity). When the capacity lies inside the range of the uncapped number
   (the number at the low ends of births, prevalence and reach is below it and the
   number at the high ends is above it), draws with more families are held at the
   limit while draws with fewer are not, so on average the draws reach fewer families
   than the central estimate and the expected NPV is pulled down.
2. **Lopsided ranges** (``LOPSIDED_RANGES``): an input whose low and high ends are not
   the same distance from its value (for example £1,400 to £3,500 around £3,500) has a
   mean draw away from that value, so it moves the average NPV.
3. **Uneven responses** (``UNEVEN_RESPONSES``): an input with an even range moves the
   average too when the NPV changes more on one side of the value than on the other
   (whole years, benefits cut off at the end of the horizon, drop-off compounding).

How much each input pulls the expected NPV is estimated from the one-way sensitivity
rows: treating the NPV as a straight line on each side of the value entered (slopes
s_low and s_high, through NPV(low), NPV(central), NPV(high)), the mean change for an
input drawn from a triangular distribution (low a, mode c, high b) is

    pull = [ (NPV(b) - NPV(c)) × (b - c) + (NPV(a) - NPV(c)) × (c - a) ] / (3 × (b - a))

(for a uniform draw, divide by 2 × (b - a) instead), because E[(X - c)+] = (b - c)² /
(3(b - a)) and E[(c - X)+] = (c - a)² / (3(b - a)) for the triangular distribution. A
symmetric range with a straight-line response gives 0. What the one-at-a-time pulls do
not add up to (``REMAINDER``) comes from inputs acting together (the capacity limit
when several inputs are high in the same draw, for example) and from chance in the
simulation.

The difference is called **close** when it is smaller than 1% of the larger of the
central NPV and the present value of costs (``MATERIAL_SHARE``), or than two standard
errors of the simulated mean (``NOISE_MULTIPLE``): then no reasons are given. Inputs
are named when their pull is at least 5% of the difference and at least half the
materiality bound (``NAMED_SHARE``), the largest first, at most ``MAX_NAMED`` of each
kind. Money in the sentences is rounded for a board (board.py).

Pure: no Django, no ORM. Discount rates are not drawn in the PSA, so the
discount-rate row of the one-way table is left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from commissioning.cases.economics.board import board_money
from commissioning.cases.economics.money import round_to
from commissioning.cases.economics.uncertainty import (
    DISCOUNT_SHIFT,
    SensitivityRow,
    parameters,
    resolve,
)

if TYPE_CHECKING:
    from commissioning.cases.economics.report import CaseAnalysis

CAPACITY = "capacity"
LOPSIDED_RANGES = "lopsided_ranges"
UNEVEN_RESPONSES = "uneven_responses"
REMAINDER = "remainder"

MATERIAL_SHARE = Decimal("0.01")
NOISE_MULTIPLE = Decimal(2)
NAMED_SHARE = Decimal("0.05")
LOPSIDED_SHARE = Decimal("0.1")  # sides differing by over 10% of the range's width
UNEVEN_SHARE = Decimal("0.1")  # slopes differing by over 10% of the steeper one
MAX_NAMED = 3
FAMILY_INPUTS = ("births_per_year", "prevalence", "reach")


@dataclass(frozen=True)
class InputPull:
    """One input's estimated pull on the expected NPV (module docstring)."""

    path: str
    label: str
    pull: Decimal  # £; negative pulls the expected NPV down
    lopsided_range: bool  # its ends are not the same distance from the value
    uneven_response: bool  # the NPV changes more on one side than the other
    falls_further: bool  # the low end is further from the value than the high end
    lower_side_steeper: bool  # moving it down changes the NPV more than moving it up


@dataclass(frozen=True)
class Reason:
    kind: str  # CAPACITY, LOPSIDED_RANGES, UNEVEN_RESPONSES or REMAINDER
    sentence: str
    details: tuple[str, ...] = ()  # one per named input


@dataclass(frozen=True)
class ExpectedValue:
    draws: int
    central_npv: Decimal
    mean_npv: Decimal
    difference: Decimal  # mean - central
    standard_error: Decimal  # of the simulated mean
    probability_positive: Decimal  # 0..1
    close: bool
    summary: str
    probability_sentence: str
    reasons: tuple[Reason, ...]


def pull_of(row: SensitivityRow, central_npv: Decimal, distribution: str) -> Decimal:
    """The estimated change in the mean NPV from drawing one input across its range
    (module docstring). 0 for an input that is not varied."""
    a, c, b = Decimal(row.low), Decimal(row.central), Decimal(row.high)
    if b == a:
        return Decimal(0)
    k = 2 if distribution == "uniform" else 3
    top = (row.npv_high - central_npv) * (b - c) + (row.npv_low - central_npv) * (c - a)
    return top / (k * (b - a))


def input_pulls(analysis: CaseAnalysis) -> tuple[InputPull, ...]:
    """Every drawn input's pull, largest first (by size)."""
    inputs, central = analysis.inputs, analysis.appraisal.npv
    by_path = {p.path: p for p in parameters(inputs)}
    pulls = []
    for row in analysis.sensitivity:
        if row.path == DISCOUNT_SHIFT or row.path not in by_path:
            continue
        distribution = resolve(inputs, by_path[row.path]).distribution
        a, c, b = Decimal(row.low), Decimal(row.central), Decimal(row.high)
        below, above = c - a, b - c
        lopsided = abs(above - below) > LOPSIDED_SHARE * (b - a)
        uneven = lower_steeper = False
        if below > 0 and above > 0:
            slope_low = abs((central - row.npv_low) / below)
            slope_high = abs((row.npv_high - central) / above)
            uneven = abs(slope_low - slope_high) > UNEVEN_SHARE * max(slope_low, slope_high)
            lower_steeper = slope_low > slope_high
        pulls.append(
            InputPull(
                path=row.path,
                label=row.label,
                pull=pull_of(row, central, distribution),
                lopsided_range=lopsided,
                uneven_response=uneven,
                falls_further=below > above,
                lower_side_steeper=lower_steeper,
            )
        )
    pulls.sort(key=lambda p: (-abs(p.pull), p.path))
    return tuple(pulls)


def capacity_can_bind(analysis: CaseAnalysis) -> tuple[bool, bool]:
    """(the cap lies inside the range of the uncapped families, it binds centrally)."""
    inputs = analysis.inputs
    cap = inputs.capacity_families_per_year
    if cap is None:
        return False, False
    by_path = {p.path: p for p in parameters(inputs)}
    low = high = Decimal(1)
    for path in FAMILY_INPUTS:
        rng = resolve(inputs, by_path[path])
        low *= Decimal(rng.low)
        high *= Decimal(rng.high)
    return low < cap < high, analysis.appraisal.capacity_binds


def standard_error(draws: tuple[float, ...]) -> Decimal:
    """The standard error of the mean of ``draws`` (population SD / sqrt(n)); 0 when
    there are fewer than two."""
    n = len(draws)
    if n < 2:
        return Decimal(0)
    mean = math.fsum(draws) / n
    variance = math.fsum((x - mean) ** 2 for x in draws) / n
    return Decimal(repr(math.sqrt(variance / n)))


def share_text(probability: Decimal) -> str:
    """A probability as a whole percentage that never shows 0% or 100% unless exact."""
    percent = round_to(probability * 100, 0)
    if percent == 0 and probability > 0:
        return "under 1%"
    if percent == 100 and probability < 1:
        return "over 99%"
    return f"{percent}%"


def _moves(pull: Decimal) -> str:
    amount = board_money(abs(pull))
    if pull < 0:
        return f"pulls the expected NPV down by about {amount}"
    return f"pushes the expected NPV up by about {amount}"


def _signed(amount: Decimal) -> str:
    """ "£59.2k up" or "£37.1k down"."""
    return f"{board_money(abs(amount))} {'down' if amount < 0 else 'up'}"


def explain(analysis: CaseAnalysis) -> ExpectedValue:
    """The expected NPV beside the central estimate, in plain words, with the reasons
    they differ (module docstring)."""
    result, psa = analysis.appraisal, analysis.psa
    central, mean = result.npv, psa.npv_mean
    difference = mean - central
    error = standard_error(psa.npv_draws)
    material = MATERIAL_SHARE * max(abs(central), result.pv_costs)
    close = abs(difference) < max(material, NOISE_MULTIPLE * error)
    lead = f"The expected NPV, the average over {psa.draws:,} simulations, is {board_money(mean)}"
    if close:
        why = (
            "the difference is within what chance in the simulation could produce"
            if abs(difference) >= material
            else "the uncertainties around the inputs roughly balance out"
        )
        summary = f"{lead}, close to the central estimate of {board_money(central)}: {why}."
        reasons: tuple[Reason, ...] = ()
    else:
        side = "lower" if difference < 0 else "higher"
        summary = (
            f"{lead}: {board_money(abs(difference))} {side} than the central estimate of "
            f"{board_money(central)}. The central estimate uses the value entered for each "
            "input; the expected NPV averages over each input's whole range, so the two "
            "differ when those ranges, or the way the NPV responds to them, are not even "
            "on both sides."
        )
        if (mean < 0) != (central < 0) and mean != 0 and central != 0:
            summary += (
                " On average the NPV is below zero although the central estimate is above it."
                if mean < 0
                else " On average the NPV is above zero although the central estimate is below it."
            )
        reasons = _reasons(analysis, difference, material)
    probability = (
        f"The NPV is above zero in {share_text(psa.probability_npv_positive)} of the simulations."
    )
    return ExpectedValue(
        draws=psa.draws,
        central_npv=central,
        mean_npv=mean,
        difference=difference,
        standard_error=error,
        probability_positive=psa.probability_npv_positive,
        close=close,
        summary=summary,
        probability_sentence=probability,
        reasons=reasons,
    )


def _reasons(analysis: CaseAnalysis, difference: Decimal, material: Decimal) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    can_bind, binds = capacity_can_bind(analysis)
    cap = analysis.inputs.capacity_families_per_year
    if can_bind and cap is not None:
        limit = f"{round_to(cap, 0):,}"
        already = (
            "The central estimate already reaches it, so draws with more births, need or "
            "reach cannot add families, but draws with less can take some away."
            if binds
            else "Draws with more births, need or reach that would pass it are held at "
            "it, while draws with less are not held up."
        )
        reasons.append(
            Reason(
                CAPACITY,
                f"The service can see at most {limit} families a year. {already} So on "
                "average the draws reach fewer families than the central estimate, which "
                "pulls the expected NPV down.",
            )
        )
    pulls = input_pulls(analysis)
    named_floor = max(NAMED_SHARE * abs(difference), material / 2)
    named = [p for p in pulls if abs(p.pull) >= named_floor]
    lopsided = [p for p in named if p.lopsided_range][:MAX_NAMED]
    uneven = [
        p
        for p in named
        if not p.lopsided_range and p.uneven_response and not (can_bind and p.path in FAMILY_INPUTS)
    ][:MAX_NAMED]
    if lopsided:
        reasons.append(
            Reason(
                LOPSIDED_RANGES,
                "Some ranges are lopsided: the low and high values are not the same distance "
                "from the value entered, so the average draw is not the value entered.",
                tuple(
                    f"{p.label}: can "
                    + (
                        "fall further below the value entered than rise above it"
                        if p.falls_further
                        else "rise further above the value entered than fall below it"
                    )
                    + f", which {_moves(p.pull)}."
                    for p in lopsided
                ),
            )
        )
    if uneven:
        reasons.append(
            Reason(
                UNEVEN_RESPONSES,
                "For some inputs the NPV changes more on one side of the value entered than on "
                "the other (for example whole years, or benefits cut off at the end of the "
                "horizon), so even a balanced range moves the average.",
                tuple(
                    f"{p.label}: moving it "
                    + ("down" if p.lower_side_steeper else "up")
                    + " changes the NPV more than moving it "
                    + ("up" if p.lower_side_steeper else "down")
                    + f" by the same amount, which {_moves(p.pull)}."
                    for p in uneven
                ),
            )
        )
    explained = sum((p.pull for p in pulls), Decimal(0))
    remainder = difference - explained
    if abs(remainder) >= named_floor:
        together = (
            " (for example the capacity limit when several of births, need and reach are "
            "high in the same draw)"
            if can_bind and remainder < 0
            else ""
        )
        reasons.append(
            Reason(
                REMAINDER,
                "Added up one input at a time, the pulls come to "
                f"{_signed(explained)}, against a difference of {_signed(difference)}; the "
                f"remaining {_signed(remainder)} comes from inputs acting together{together}, "
                "which a one-at-a-time estimate cannot split, and from chance in the "
                "simulation.",
            )
        )
    return tuple(reasons)
