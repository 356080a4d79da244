"""Numbers are read as the person typed them, and anything ambiguous is refused."""

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from commissioning.lib.numbers import MAX_CHARACTERS, NumberInvalid, parse_number, read_number

D = Decimal


@pytest.mark.parametrize(
    ("typed", "value", "pounds", "percent"),
    [
        ("40000", D(40000), False, False),
        ("40,000", D(40000), False, False),
        ("£40,000.50", D("40000.50"), True, False),
        (" £ 1,234,567 ", D(1234567), True, False),
        ("-£1,200", D(-1200), True, False),
        ("£-1,200", D(-1200), True, False),
        ("15%", D(15), False, True),
        ("12.5 %", D("12.5"), False, True),
        ("0.25", D("0.25"), False, False),
        (".5", D("0.5"), False, False),
        ("1.2E+05", D(120000), False, False),
    ],
)
def test_it_reads_what_people_type(typed, value, pounds, percent):
    number = parse_number(typed)
    assert (number.value, number.pounds, number.percent) == (value, pounds, percent)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("40.000,00", "must use a full stop for decimals and commas between thousands"),
        ("1.000,5", "must use a full stop for decimals and commas between thousands"),
        ("1,0,0,0", "must have commas only between groups of three digits"),
        ("40,00", "must have commas only between groups of three digits"),
        (",400", "must have commas only between groups of three digits"),
        ("1.2.3", "must have only one decimal point"),
        ("٤٠٠٠٠", "must be written with the digits 0 to 9"),  # Arabic-Indic
        ("４０", "must be written with the digits 0 to 9"),  # full width
        ("4०", "must be written with the digits 0 to 9"),  # Devanagari zero
        ("ten", "must be a number"),
        ("NaN", "must be a number"),
        ("Infinity", "must be a number"),
        ("£", "must be a number"),
        ("1 000", "must be a number"),
        ("0x10", "must be a number"),
        ("£15%", "must be either an amount in pounds or a percentage, not both"),
        ("1" * (MAX_CHARACTERS + 1), "no more than 40 characters"),
        ("1\x00", "must be a number"),
        ("1\ud800", "must be a number"),
    ],
)
def test_it_refuses_anything_that_could_mean_two_things(typed, message):
    with pytest.raises(NumberInvalid) as refused:
        parse_number(typed)
    assert message in refused.value.message


def test_a_pound_sign_is_for_money_and_a_percent_sign_for_shares():
    assert read_number("£5", pounds_allowed=True, percent_allowed=False).value == 5
    with pytest.raises(NumberInvalid, match="not an amount in pounds"):
        read_number("£5", pounds_allowed=False, percent_allowed=True)
    with pytest.raises(NumberInvalid, match="not a percentage"):
        read_number("5%", pounds_allowed=True, percent_allowed=False)


@given(st.text(max_size=60))
@example("\x00")
@example("\ud800")
@example("9" * 5000)
@example("1e999999999")
def test_any_text_is_a_number_or_a_clear_refusal(text):
    try:
        number = parse_number(text)
    except NumberInvalid as refused:
        assert refused.message.startswith("must ")
    else:
        assert number.value.is_finite()
        assert text.strip()


MONEY = st.decimals(places=2, min_value=-(10**12), max_value=10**12)


@given(MONEY)
def test_a_number_written_with_thousands_commas_reads_back_exactly(value):
    written = f"£{value:,.2f}"
    if value < 0:
        written = "-£" + f"{-value:,.2f}"
    assert parse_number(written).value == value


@given(st.integers(min_value=1000, max_value=10**15), st.data())
def test_misplaced_commas_are_always_refused(value, data):
    digits = str(value)
    cut = data.draw(st.integers(min_value=1, max_value=len(digits) - 1))
    if (len(digits) - cut) % 3 == 0:  # a comma in a real thousands place is fine
        return
    with pytest.raises(NumberInvalid):
        parse_number(f"{digits[:cut]},{digits[cut:]}")


@pytest.mark.parametrize("typed", ["-10E999999", "1e999999999", "1e31", "1e-31"])
def test_numbers_beyond_any_figure_are_refused_before_any_arithmetic(typed):
    with pytest.raises(NumberInvalid):
        parse_number(typed)
