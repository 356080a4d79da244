"""Arithmetic on area figures (pure: no ORM).

Rounding rule for births: the share-weighted sums are kept as unrounded ``Decimal``
(births × a 4-decimal LSOA share is exact in ``Decimal``), so the 42 ICB totals add
back to the England total exactly; each figure is rounded to whole births, half up,
only when it is shown (``whole``). Rounded ICB figures therefore each lie within half a
birth of their exact value, and their sum within half a birth per ICB of the total.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")


def whole(value: Decimal) -> int:
    """``value`` rounded to a whole number, half up (617938.5 -> 617939)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def age_in_years(end: datetime.date, today: datetime.date) -> int:
    """Whole years from ``end`` (the last day figures cover) to ``today``, never below 0:
    30 June 2019 to 6 December 2026 is 7; to 29 June 2026 it is 6."""
    years = today.year - end.year - ((today.month, today.day) < (end.month, end.day))
    return max(years, 0)


def age_label(years: int) -> str:
    """7 -> "7 years old"; 1 -> "1 year old"; 0 -> "less than a year old"."""
    if years <= 0:
        return "less than a year old"
    return f"{years} year{'s' if years != 1 else ''} old"


def plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and never in exponent form: 1013.0000 -> 1013,
    18321.65290000 -> 18321.6529."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def weighted_totals(
    values: Mapping[str, Decimal], lookup: Iterable[tuple[str, str, Decimal]]
) -> dict[str, Decimal]:
    """ICB code -> sum of ``values[code] × share`` over ``lookup`` rows
    ``(code, icb_code, share)``, unrounded. A code without a value adds nothing (the
    caller reports it). Each authority is counted once in total, however many ICBs it
    is split between, because its shares add up to 1; a plain join without the share
    would count a split authority once per ICB."""
    totals: dict[str, Decimal] = {}
    for code, icb, share in lookup:
        if code in values:
            totals[icb] = totals.get(icb, Decimal(0)) + values[code] * share
    return totals


@dataclass(frozen=True)
class DerivedDeprivation:
    """A population-free deprivation summary for an area made of districts.

    ``low``/``high``: the lowest and highest district IMD average score (each
    district's own official score, whatever share of it lies in the area).
    ``weighted_average``: sum(weight × score) / sum(weight) over districts with a score,
    where weight = district births × LSOA share in the area, rounded to 1 decimal place
    half up. ``coverage``: the share of the area's weight that has a score (0..1, to 4 decimal
    places, half up).
    ``missing``: codes of districts without a score, which are left out."""

    low: Decimal
    high: Decimal
    weighted_average: Decimal
    coverage: Decimal
    included: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def derived_deprivation(
    parts: Sequence[tuple[str, Decimal, Decimal | None]],
) -> DerivedDeprivation | None:
    """Summarise ``parts`` = (district code, weight, IMD score or None). None when no
    district has both a score and a positive weight (nothing to summarise)."""
    scored = [(code, w, s) for code, w, s in parts if s is not None and w > 0]
    if not scored:
        return None
    total_weight = sum((w for _, w, _ in parts), Decimal(0))
    scored_weight = sum((w for _, w, _ in scored), Decimal(0))
    average = sum((w * s for _, w, s in scored), Decimal(0)) / scored_weight
    scores = [s for _, _, s in scored]
    coverage = scored_weight / total_weight if total_weight else Decimal(0)
    return DerivedDeprivation(
        low=plain(min(scores)),
        high=plain(max(scores)),
        weighted_average=average.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP),
        coverage=coverage.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        included=tuple(code for code, _, _ in scored),
        missing=tuple(code for code, _, s in parts if s is None),
    )
