"""Money rounded for a board: "£2.14m", "-£371k", "£850", "£1.2bn".

Headline figures are read, not audited, so they are shown to three significant figures
with a unit; the exact figures (to the penny, or whole pounds with separators) stay in
the tables. The rules:

- under £1,000 (after rounding to whole pounds): whole pounds, "£850", "-£5";
- otherwise three significant figures, trailing zeros dropped, in thousands ("k"),
  millions ("m") or billions ("bn") chosen by the *rounded* value, so £999,999 is
  "£1m", never "£1,000k";
- rounding is half up on the size of the figure and the sign is kept ("-£371k"), so a
  figure and its negative look the same apart from the minus sign;
- anything that rounds to zero is "£0", never "-£0".

So the shown value is within half a pound (below £1,000) or 0.5% (above) of the exact
one, and it never has the wrong sign.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

SIGNIFICANT = 3
_SIG = Context(prec=SIGNIFICANT, rounding=ROUND_HALF_UP)
_WHOLE = Context(prec=60, rounding=ROUND_HALF_UP)
THOUSAND, MILLION, BILLION = Decimal(1000), Decimal(10) ** 6, Decimal(10) ** 9
UNITS = ((BILLION, "bn"), (MILLION, "m"), (THOUSAND, "k"))


def board_money(value: Decimal | int) -> str:
    """``value`` (£) rounded for a board (module docstring), e.g. Decimal("2138412.7")
    -> "£2.14m", Decimal("-371204") -> "-£371k", Decimal("999.4") -> "£999"."""
    size = abs(Decimal(value))
    whole = size.quantize(Decimal(1), context=_WHOLE)
    if whole < THOUSAND:
        shown = f"£{whole}"
        rounded = whole
    else:
        rounded = _SIG.plus(size)
        scale, unit = next((s, u) for s, u in UNITS if rounded >= s)
        number = _plain(rounded / scale)
        shown = f"£{number}{unit}"
    return shown if rounded == 0 or value >= 0 else f"-{shown}"


def _plain(number: Decimal) -> str:
    """A positive Decimal without exponent or trailing zeros, with thousands separators
    in the whole part: 2.140 -> "2.14", 1.00E+3 -> "1,000"."""
    text = f"{number.normalize():f}"
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}"
    return f"{whole}.{fraction}" if fraction else whole
