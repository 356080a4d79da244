"""Headline money rounded for a board (economics/board.py): worked examples and properties."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning.cases.economics import board_money

D = Decimal


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("2138412.70"), "£2.14m"),
        (D("-371204"), "-£371k"),
        (D(0), "£0"),
        (D("-0.49"), "£0"),  # rounds to zero: never "-£0"
        (D("0.5"), "£1"),  # half up
        (D("-0.5"), "-£1"),  # half up on the size, sign kept
        (D("850"), "£850"),
        (D("-5"), "-£5"),
        (D("999.49"), "£999"),
        (D("999.5"), "£1k"),  # the rounded value picks the unit
        (D("1000"), "£1k"),
        (D("1234"), "£1.23k"),
        (D("12345"), "£12.3k"),
        (D("71031.41"), "£71k"),
        (D("-73685.37"), "-£73.7k"),
        (D("999499"), "£999k"),
        (D("999500"), "£1m"),  # never "£1,000k"
        (D("2000000"), "£2m"),  # trailing zeros dropped
        (D("2100000"), "£2.1m"),
        (D("214000000"), "£214m"),
        (D("1230000000"), "£1.23bn"),
        (D("-4560000000"), "-£4.56bn"),
        (D("1234000000000"), "£1,230bn"),
        (5000, "£5k"),
    ],
)
def test_worked_examples(value, shown):
    assert board_money(value) == shown


UNITS = {"": D(1), "k": D(1000), "m": D(10) ** 6, "bn": D(10) ** 9}
_SHOWN = re.compile(r"^(-?)£([\d,]+(?:\.\d+)?)(k|m|bn)?$")


def parse(text: str) -> Decimal:
    match = _SHOWN.match(text)
    assert match, text
    sign, number, unit = match.groups()
    value = D(number.replace(",", "")) * UNITS[unit or ""]
    return -value if sign else value


money = st.decimals(
    min_value=D("-1e13"), max_value=D("1e13"), places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=500, deadline=None)
@given(money)
def test_sign_and_magnitude_are_kept(value):
    shown = board_money(value)
    back = parse(shown)
    assert shown != "-£0"
    if back != 0:
        assert (back < 0) == (value < 0)  # never the wrong sign
    if abs(value) < D("999.5"):
        assert abs(back - value) <= D("0.5")  # whole pounds
        assert "k" not in shown and "m" not in shown
    else:
        assert abs(back - value) <= abs(value) * D("0.005")  # three significant figures
        number = _SHOWN.match(shown).group(2).replace(",", "")
        assert len(D(number).normalize().as_tuple().digits) <= 3


@settings(max_examples=300, deadline=None)
@given(money)
def test_a_figure_and_its_negative_differ_only_by_the_sign(value):
    positive, negative = board_money(abs(value)), board_money(-abs(value))
    assert negative in (positive, f"-{positive}")
    assert negative == positive or positive != "£0"


@settings(max_examples=300, deadline=None)
@given(money, money)
def test_rounding_never_reverses_the_order_of_two_figures(a, b):
    low, high = min(a, b), max(a, b)
    assert parse(board_money(low)) <= parse(board_money(high))
