"""The deflator arithmetic (pure): worked examples with the shipped HM Treasury March
2026 series, properties of the factor, price-year checks and the whole-file checks of a
series."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.prices import deflators
from commissioning.prices.deflators import (
    NOT_KNOWN,
    PriceYearError,
    check_price_year,
    check_series,
    factor,
    label,
    parse_year,
    price_year_problem,
    shipped_series,
    uprate,
)

SERIES = shipped_series()
DECEMBER_2026 = date(2026, 12, 6)
YEARS = st.integers(min_value=SERIES.first, max_value=SERIES.last)
MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100_000_000), places=2)
HEADER = "financial_year,index,status\n"


def csv_text(rows: list[tuple[str, str, str]]) -> str:
    return HEADER + "".join(f"{y},{i},{s}\n" for y, i, s in rows)


def check(rows: list[tuple[str, str, str]]):
    return check_series(csv_text(rows), title="Test series", release="Test release")


GOOD = [
    ("2021-22", "85.3036", "outturn"),
    ("2022-23", "91.2996", "outturn"),
    ("2023-24", "96.1117", "outturn"),
    ("2024-25", "100", "outturn"),
    ("2025-26", "103.2388", "forecast"),
]


# --- Worked examples (March 2026 release, 2024/25 = 100) ------------------------------------


def test_the_shipped_series_is_the_march_2026_release():
    assert (label(SERIES.first), label(SERIES.last)) == ("2010/11", "2030/31")
    assert SERIES.base_year == 2024
    assert SERIES.latest_outturn == 2024  # 2025/26 onwards are forecasts
    assert SERIES.point(2012).index == Decimal("71.5454")
    assert SERIES.point(2025).forecast and not SERIES.point(2024).forecast
    assert "2025/26 onwards are forecasts" in SERIES.description
    assert "March 2026" in SERIES.description


def test_fifty_thousand_pounds_in_2012_13_is_69_885_69_in_2024_25():
    # 100 / 71.5454 = 1.39771389914655589318...
    by = factor(SERIES, 2012, 2024)
    assert by == Decimal("1.397713899146555893181112972")
    assert uprate(Decimal(50_000), by) == Decimal("69885.69")


def test_a_pssru_2024_unit_cost_in_2023_24_prices_to_2024_25():
    # PSSRU 2024 Band 7 annual total £106,873 x 100 / 96.1117 = £111,196.66
    by = factor(SERIES, 2023, 2024)
    assert round(by, 6) == Decimal("1.040456")
    assert uprate(Decimal(106_873), by) == Decimal("111196.66")


def test_downrating_to_an_earlier_year_uses_the_same_ratio():
    # £100 in 2024/25 prices is £71.55 in 2012/13 prices.
    assert uprate(Decimal(100), factor(SERIES, 2024, 2012)) == Decimal("71.55")


def test_a_year_outside_the_series_has_no_factor():
    with pytest.raises(PriceYearError, match="no deflator for 2009/10.*2010/11 to 2030/31"):
        factor(SERIES, 2009, 2024)


# --- Properties --------------------------------------------------------------------------------


@given(YEARS)
def test_the_factor_from_a_year_to_itself_is_exactly_one(year):
    assert factor(SERIES, year, year) == 1


@given(MONEY, YEARS, YEARS)
def test_uprating_there_and_back_returns_the_value_within_rounding(value, there, back):
    out = uprate(value, factor(SERIES, back, there))
    returned = uprate(out, factor(SERIES, there, back))
    # Each step rounds to the penny; the second step can scale the first's half penny.
    slack = Decimal("0.005") * (1 + factor(SERIES, there, back)) + Decimal("0.005")
    assert abs(returned - value) <= slack


@given(YEARS, YEARS, YEARS)
def test_factors_chain(a, b, c):
    chained = factor(SERIES, a, b) * factor(SERIES, b, c)
    assert abs(chained - factor(SERIES, a, c)) < Decimal("1e-25")


@given(MONEY, YEARS)
def test_uprating_keeps_order(value, year):
    by = factor(SERIES, year, SERIES.latest_outturn)
    assert uprate(value, by) <= uprate(value + 1, by)


# --- Price years ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [("2012/13", 2012), ("1999/00", 1999), ("2024/25", 2024), (" 2024/25 ", 2024)],
)
def test_a_financial_year_is_read(text, start):
    assert parse_year(text) == start
    assert label(start) == text.strip()


@pytest.mark.parametrize("text", ["2012", "2012/14", "2012-13", "12/13", "", None, 2012])
def test_anything_else_is_not_a_price_year(text):
    assert parse_year(text) is None


def test_a_file_may_write_years_with_a_hyphen():
    assert parse_year("2012-13", separators="/-") == 2012


def test_a_usable_price_year():
    assert check_price_year(SERIES, "2012/13", today=DECEMBER_2026, what="x") == 2012
    # 2026/27 has started (December 2026), though its index is a forecast.
    assert check_price_year(SERIES, "2026/27", today=DECEMBER_2026, what="x") == 2026


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2012", "as a financial year such as 2023/24"),
        ("2009/10", "There is no deflator for 2009/10: the series in use covers 2010/11"),
        ("2031/32", "There is no deflator for 2031/32"),
        ("2027/28", "2027/28 has not started yet (it is now 2026/27)"),
    ],
)
def test_an_unusable_price_year_is_refused_with_a_reason(text, message):
    with pytest.raises(PriceYearError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_price_year(SERIES, text, today=DECEMBER_2026, what="the case")


def test_a_library_value_in_pounds_needs_a_price_year_and_nothing_else_has_one():
    assert price_year_problem("GBP per case", "2023/24") is None
    assert price_year_problem("GBP per case", NOT_KNOWN) is None
    assert "needs a price year" in price_year_problem("GBP per case", "")
    assert "not a financial year" in price_year_problem("GBP per case", "2024")
    assert price_year_problem("fraction", None) is None
    assert "only a value in pounds" in price_year_problem("fraction", "2023/24")


# --- Checking a series file ------------------------------------------------------------------


def test_a_sound_series_is_read_in_order():
    series, problems = check(list(reversed(GOOD)))
    assert problems == []
    assert [p.label for p in series.points] == [
        "2021/22",
        "2022/23",
        "2023/24",
        "2024/25",
        "2025/26",
    ]
    assert series.base_year == 2024 and series.latest_outturn == 2024


def problems_of(rows) -> list[str]:
    series, problems = check(rows)
    assert series is None
    return [str(p) for p in problems]


def test_a_series_with_a_gap_is_refused_naming_the_missing_years():
    found = problems_of([GOOD[0], GOOD[3], GOOD[4]])
    assert found == [
        "row 2, financial_year: the series has a gap: no index for 2022/23 to 2023/24 "
        "(between 2021/22 on row 1 and 2024/25); give every year"
    ]


def test_every_bad_row_is_reported_with_its_row_and_reason():
    found = problems_of(
        [
            ("2021-22", "85.3036", "outturn"),
            ("2022/24", "91.2996", "outturn"),
            ("2023-24", "-1", "outturn"),
            ("2024-25", "100", "estimate"),
            ("2021-22", "85", "outturn"),
            ("2025-26", "1.1234567", "forecast"),
        ]
    )
    assert found == [
        "row 2, financial_year: '2022/24' is not a financial year such as 2012-13 or 2012/13",
        "row 3, index: '-1' is not a number above 0 and at most 1,000",
        "row 4, status: 'estimate' is neither outturn nor forecast",
        "row 5, financial_year: 2021/22 is also on row 1; give each year once",
        "row 6, index: has more than 6 decimal places",
    ]


def test_forecasts_come_after_outturn_and_one_year_is_the_base():
    found = problems_of(
        [
            ("2022-23", "91.2996", "outturn"),
            ("2023-24", "96.1117", "forecast"),
            ("2024-25", "99", "outturn"),
        ]
    )
    assert found == [
        "row 3, status: 2024/25 is outturn but 2023/24 before it is a forecast; forecasts "
        "come after every outturn year",
        "file, index: exactly one year must have index 100 (the base year); 0 do",
    ]


def test_a_typing_slip_in_an_index_is_caught():
    found = problems_of(
        [GOOD[2], ("2024-25", "100", "outturn"), ("2025-26", "10.32388", "forecast")]
    )
    assert found == [
        "row 3, index: changes by -89.7% from 2024/25; check for a typing slip (allowed: "
        "-10% to +30% a year)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file, header: the file is empty"),
        ("financial_year,index\n2024-25,100\n", "file, status: this column is missing"),
        ("financial_year,index,status,note\n", "file, note: this column is not expected"),
        (HEADER, "file, (file): has no data rows"),
        (HEADER + "2024-25,100,outturn,extra\n", "row 1, (row): has more values than"),
    ],
)
def test_a_malformed_file_is_refused(text, message):
    series, problems = check_series(text, title="t", release="r")
    assert series is None
    assert any(str(p).startswith(message) for p in problems), problems


def test_a_series_cannot_be_built_with_a_gap():
    with pytest.raises(ValueError, match="gap"):
        deflators.Series(
            "t", "r", (deflators.Point(2020, Decimal(1)), deflators.Point(2022, Decimal(2)))
        )
