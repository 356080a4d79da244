"""Formatting for the areas pages."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def percent(value: Decimal | None, places: int = 1) -> str:
    """0.9875 -> "98.8%" (half up); None -> ""."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-int(places))
    number = (Decimal(value) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{number.normalize():f}%" if number == number.to_integral() else f"{number:f}%"


@register.filter
def births(value: Decimal | int | None) -> str:
    """A births figure in whole births with thousands separators (half up)."""
    if value is None:
        return ""
    number = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{int(number):,}"


@register.filter
def score(value: Decimal | None) -> str:
    """An IMD score as published (trailing zeros dropped): 35.0370 -> "35.037"."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text
