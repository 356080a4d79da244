"""Rounding for display. The engine never rounds money; only what is shown is rounded,
always half up (the usual commercial rule: £0.005 becomes £0.01, -£0.005 becomes
-£0.01)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

PENNY = Decimal("0.01")
# Wide enough for any quantized figure the engine can produce (money is capped well
# below 10^15 by the input limits), so quantize never raises InvalidOperation.
_DISPLAY = Context(prec=60, rounding=ROUND_HALF_UP)


def round_money(value: Decimal) -> Decimal:
    """``value`` (£) rounded half up to whole pence, e.g. 1.005 -> 1.01. A result of
    zero is shown as 0.00, never -0.00."""
    rounded = value.quantize(PENNY, rounding=ROUND_HALF_UP, context=_DISPLAY)
    return rounded.copy_abs() if rounded == 0 else rounded


def round_to(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimal places (ratios, factors, counts)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_DISPLAY)


def format_money(value: Decimal) -> str:
    """Pounds for prose: whole pounds with thousands separators, e.g. "£1,234,568" or
    "-£5,000"."""
    pounds = round_to(value, 0)
    return f"-£{-pounds:,}" if pounds < 0 else f"£{pounds:,}"
