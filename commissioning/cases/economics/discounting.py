"""Discount factors for a banded (Green Book) or flat discount-rate schedule.

A schedule is a tuple of bands ``(first_year, rate)``; the rate *in force for year y*
is the rate of the last band whose first year is <= y. The discount factor of year t is::

    DF_0 = 1
    DF_t = DF_(t-1) / (1 + r_t) = product over y = 1..t of 1 / (1 + r_y)

so year 0 is undiscounted, and the step from year t-1 to year t uses the rate in force
for year t. With the Green Book standard bands ((0, 3.5%), (31, 3.0%), (76, 2.5%)):

    DF_30 = 1 / 1.035^30                        (years 1..30 at 3.5%)
    DF_31 = DF_30 / 1.03                        (year 31 is the first at 3.0%)
    DF_t  = DF_30 / 1.03^(t - 30)  for 30 < t <= 75

which is the formula in ``cases/METHODS.md`` §4. (The rate for year 0 never matters: no
discounting happens in year 0.) A flat rate r gives DF_t = 1 / (1 + r)^t; r = 0 gives
DF_t = 1 exactly.

Precision: each factor is computed to 80 significant digits and then fixed to
``DF_PLACES`` (40) decimal places, half-even. Fixing the factors is what lets the rest
of the model run in exact arithmetic (model.py): PV = flow × DF is then an exact product.
Correctly rounded division and quantizing are both monotone, so a higher rate never gives
a higher factor. Rates are decimals (0.035 = 3.5% a year, real terms).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal

from commissioning.cases.economics.inputs import Bands

DF_PLACES = 40
_QUANTUM = Decimal(1).scaleb(-DF_PLACES)
_CONTEXT = Context(prec=80, rounding=ROUND_HALF_EVEN)


def rate_for_year(bands: Bands, year: int) -> Decimal:
    """The rate in force for ``year``: that of the last band starting at or before it."""
    rate = bands[0][1]
    for first_year, band_rate in bands:
        if first_year <= year:
            rate = band_rate
        else:
            break
    return rate


def discount_factors(bands: Bands, horizon: int) -> tuple[Decimal, ...]:
    """``(DF_0, ..., DF_(H-1))`` as Decimals fixed to 40 decimal places (module docstring)."""
    factors = [Decimal(1)]
    running = Decimal(1)
    for year in range(1, horizon):
        running = _CONTEXT.divide(running, _CONTEXT.add(1, rate_for_year(bands, year)))
        factors.append(running.quantize(_QUANTUM, context=_CONTEXT))
    return tuple(factors)


def float_discount_factors(bands: Bands, horizon: int) -> list[float]:
    """The same factors in binary floating point, for the fast path (fast.py). Computed
    independently of ``discount_factors`` so the agreement test checks both."""
    factors = [1.0]
    for year in range(1, horizon):
        factors.append(factors[-1] / (1.0 + float(rate_for_year(bands, year))))
    return factors
