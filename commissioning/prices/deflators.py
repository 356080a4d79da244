"""Price years, GDP deflator series and uprating (pure: no Django, no ORM).

A *price year* is a UK financial year written "2012/13" (1 April 2012 to 31 March 2013).
A deflator series gives one index a financial year, on a base year whose index is 100
(HM Treasury's March 2026 release: 2024/25 = 100). Money in one year's prices is moved
to another's by the ratio of the two indices::

    factor(from, to)  = index[to] ÷ index[from]          (28 significant digits)
    uprated value     = value × factor, rounded half up to the penny

So the factor from a year to itself is exactly 1, and uprating there and back returns
the value to within a penny. Worked example (March 2026 series): £50,000 in 2012/13
prices is £50,000 × 100 ÷ 71.5454 = £69,885.69 in 2024/25 prices (factor 1.3977).

``check_series`` reads a series file (CSV: ``financial_year,index,status``) and reports
every problem with its row and a reason; ``shipped_series`` is the series shipped with
the toolkit, read straight from its file, so the ``appraise`` command needs no database.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from pathlib import Path

NOT_KNOWN = "not known"  # a money figure whose source gives no price year
OUTTURN, FORECAST = "outturn", "forecast"
COLUMNS = ("financial_year", "index", "status")
DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_FILE = "gdp_deflators_march_2026.csv"
SHIPPED_TITLE = "HM Treasury GDP deflators at market prices, March 2026 release"
SHIPPED_RELEASE = "March 2026 (Quarterly National Accounts)"

_YEAR = re.compile(r"(\d{4})[/-](\d{2})")
_CASE_YEAR = re.compile(r"(\d{4})/(\d{2})")
_RATIO = Context(prec=28, rounding=ROUND_HALF_UP)
_MONEY = Context(prec=60, rounding=ROUND_HALF_UP)
PENNY = Decimal("0.01")
BASE_INDEX = Decimal(100)
MAX_INDEX = Decimal(1000)
# A year-on-year change outside these bounds is a typing slip (the largest rise since
# 1955 was in the mid-1970s, a little over 25%).
MAX_FALL, MAX_RISE = Decimal("-0.10"), Decimal("0.30")


class PriceYearError(ValueError):
    """A price year that cannot be used, with a message for the person who gave it."""


def label(start: int) -> str:
    """The financial year starting in April of ``start``: 2012 -> "2012/13"."""
    return f"{start}/{(start + 1) % 100:02d}"


def parse_year(text: object, *, separators: str = "/") -> int | None:
    """The first calendar year of a financial year written "2012/13" (or "2012-13" when
    ``separators`` allows "-"), or None when ``text`` is not one."""
    if not isinstance(text, str):
        return None
    pattern = _YEAR if "-" in separators else _CASE_YEAR
    match = pattern.fullmatch(text.strip())
    if not match:
        return None
    start = int(match[1])
    if (start + 1) % 100 != int(match[2]) or not 1900 <= start <= 2200:
        return None
    return start


def financial_year_of(day: date) -> int:
    """The first calendar year of the financial year containing ``day``."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class Point:
    """One financial year's index. ``row`` is the data row in the file it came from."""

    year: int
    index: Decimal
    forecast: bool = False
    row: int = 0

    @property
    def label(self) -> str:
        return label(self.year)


@dataclass(frozen=True)
class Series:
    """A deflator series: consecutive financial years, outturn then forecasts, one of
    them the base year (index 100). ``version`` is its dataset version (0 for the
    shipped file read directly)."""

    title: str
    release: str
    points: tuple[Point, ...]
    version: int = 0

    def __post_init__(self) -> None:
        years = [p.year for p in self.points]
        if not years or years != list(range(years[0], years[0] + len(years))):
            raise ValueError("A series needs consecutive financial years with no gap")

    def point(self, year: int) -> Point | None:
        offset = year - self.points[0].year
        return self.points[offset] if 0 <= offset < len(self.points) else None

    @property
    def first(self) -> int:
        return self.points[0].year

    @property
    def last(self) -> int:
        return self.points[-1].year

    @property
    def latest_outturn(self) -> int:
        """The last year measured rather than forecast: the default price year."""
        return max((p.year for p in self.points if not p.forecast), default=self.first)

    @property
    def base_year(self) -> int | None:
        return next((p.year for p in self.points if p.index == BASE_INDEX), None)

    @property
    def description(self) -> str:
        """E.g. "HM Treasury GDP deflators ..., March 2026 release (2024/25 = 100;
        2025/26 onwards are forecasts), dataset version 1"."""
        base = self.base_year
        parts = [f"{label(base)} = 100" if base is not None else "no base year"]
        if self.latest_outturn < self.last:
            parts.append(f"{label(self.latest_outturn + 1)} onwards are forecasts")
        text = f"{self.title} ({'; '.join(parts)})"
        return f"{text}, dataset version {self.version}" if self.version else text


def factor(series: Series, from_year: int, to_year: int) -> Decimal:
    """index[to] ÷ index[from] to 28 significant digits (exactly 1 when the years are
    the same). Raises PriceYearError when either year is outside the series."""
    start, end = series.point(from_year), series.point(to_year)
    for year, point in ((from_year, start), (to_year, end)):
        if point is None:
            raise PriceYearError(outside(series, label(year)))
    if from_year == to_year:
        return Decimal(1)
    return _RATIO.divide(end.index, start.index)  # type: ignore[union-attr]


def uprate(value: Decimal, by: Decimal) -> Decimal:
    """``value`` × ``by``, rounded half up to the penny."""
    return _MONEY.multiply(value, by).quantize(PENNY, rounding=ROUND_HALF_UP, context=_MONEY)


def outside(series: Series, text: str) -> str:
    return (
        f"There is no deflator for {text}: the series in use covers {label(series.first)} "
        f"to {label(series.last)}"
    )


def check_price_year(series: Series, text: object, *, today: date, what: str) -> int:
    """The start year of a usable price year, or PriceYearError saying why not: not a
    financial year such as 2023/24, outside the series, or not started yet on
    ``today``. ``what`` names the figure ("the case", "this figure")."""
    year = parse_year(text)
    if year is None:
        raise PriceYearError(f"Enter the price year of {what} as a financial year such as 2023/24")
    if series.point(year) is None:
        raise PriceYearError(outside(series, label(year)))
    current = financial_year_of(today)
    if year > current:
        raise PriceYearError(
            f"{label(year)} has not started yet (it is now {label(current)}): enter the "
            f"year whose prices {what} is in"
        )
    return year


# --- Reading and checking a series file ---------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason a series file cannot be used. Row 0 is the file as a whole."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.field}: {self.message}"


def check_series(
    text: str, *, title: str, release: str, version: int = 0
) -> tuple[Series | None, list[Problem]]:
    """Read a series file whole: (the series, []) when it is sound, else (None, every
    problem). Row 1 is the first row after the header.

    Rules: exactly the columns ``financial_year,index,status``; each year written
    2012/13 or 2012-13, once; every year from the first to the last present (no gap);
    each index a number above 0 and at most 1,000 with at most 6 decimal places; status
    ``outturn`` or ``forecast``, with no outturn after a forecast and at least one
    outturn; exactly one year at index 100 (the base year); no change from one year to
    the next below -10% or above +30% (a typing slip)."""
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        return None, [Problem(0, "header", f"cannot be read as CSV: {error}")]
    if not header:
        return None, [Problem(0, "header", "the file is empty")]
    problems += [
        Problem(0, n, "this column is missing from the header") for n in COLUMNS if n not in header
    ]
    problems += [
        Problem(0, n or "(blank)", "this column is not expected; remove it")
        for n in header
        if n not in COLUMNS
    ]
    if problems:
        return None, problems
    reader.fieldnames = header
    points: list[Point] = []
    seen: dict[int, int] = {}
    try:
        for row, raw in enumerate(reader, start=1):
            if None in raw:
                problems.append(Problem(row, "(row)", "has more values than the header"))
                continue
            values = {name: (raw.get(name) or "").strip() for name in COLUMNS}
            if not any(values.values()):
                problems.append(Problem(row, "(row)", "is empty; remove it"))
                continue
            point = _point(row, values, problems)
            if point is None:
                continue
            if point.year in seen:
                problems.append(
                    Problem(
                        row,
                        "financial_year",
                        f"{point.label} is also on row {seen[point.year]}; give each year once",
                    )
                )
                continue
            seen[point.year] = row
            points.append(point)
    except csv.Error as error:
        problems.append(Problem(0, "(file)", f"cannot be read as CSV: {error}"))
    if not points and not problems:
        problems.append(Problem(0, "(file)", "has no data rows"))
    if problems:
        return None, problems
    problems = _check_shape(sorted(points, key=lambda p: p.year))
    if problems:
        return None, problems
    ordered = tuple(sorted(points, key=lambda p: p.year))
    return Series(title=title, release=release, points=ordered, version=version), []


def _point(row: int, values: dict[str, str], problems: list[Problem]) -> Point | None:
    year = parse_year(values["financial_year"], separators="/-")
    ok = True
    if year is None:
        problems.append(
            Problem(
                row,
                "financial_year",
                f"'{values['financial_year']}' is not a financial year such as 2012-13 or 2012/13",
            )
        )
        ok = False
    try:
        index = Decimal(values["index"])
    except InvalidOperation:
        index = None
    if index is None or not index.is_finite() or not 0 < index <= MAX_INDEX:
        problems.append(
            Problem(row, "index", f"'{values['index']}' is not a number above 0 and at most 1,000")
        )
        ok = False
    elif -index.as_tuple().exponent > 6:  # type: ignore[operator]
        problems.append(Problem(row, "index", "has more than 6 decimal places"))
        ok = False
    status = values["status"].lower()
    if status not in (OUTTURN, FORECAST):
        problems.append(
            Problem(row, "status", f"'{values['status']}' is neither outturn nor forecast")
        )
        ok = False
    if not ok:
        return None
    return Point(year, index, status == FORECAST, row)  # type: ignore[arg-type]


def _check_shape(points: list[Point]) -> list[Problem]:
    problems = []
    for before, after in zip(points, points[1:], strict=False):
        if after.year != before.year + 1:
            missing = label(before.year + 1)
            if after.year > before.year + 2:
                missing += f" to {label(after.year - 1)}"
            problems.append(
                Problem(
                    after.row,
                    "financial_year",
                    f"the series has a gap: no index for {missing} (between "
                    f"{before.label} on row {before.row} and {after.label}); give "
                    "every year",
                )
            )
            continue
        if before.forecast and not after.forecast:
            problems.append(
                Problem(
                    after.row,
                    "status",
                    f"{after.label} is outturn but {before.label} before it is a "
                    "forecast; forecasts come after every outturn year",
                )
            )
        change = after.index / before.index - 1
        if not MAX_FALL <= change <= MAX_RISE:
            problems.append(
                Problem(
                    after.row,
                    "index",
                    f"changes by {change * 100:.1f}% from {before.label}; check for a "
                    "typing slip (allowed: -10% to +30% a year)",
                )
            )
    if not any(not p.forecast for p in points):
        problems.append(Problem(0, "status", "no year is outturn; give at least one"))
    base = [p for p in points if p.index == BASE_INDEX]
    if len(base) != 1:
        problems.append(
            Problem(
                0, "index", f"exactly one year must have index 100 (the base year); {len(base)} do"
            )
        )
    return problems


@functools.cache
def shipped_series() -> Series:
    """The series shipped with the toolkit (data/ and PROVENANCE.md), read from its
    file: HM Treasury's March 2026 release, 2024/25 = 100."""
    text = (DATA_DIR / SHIPPED_FILE).read_text(encoding="utf-8-sig")
    series, problems = check_series(text, title=SHIPPED_TITLE, release=SHIPPED_RELEASE)
    if series is None:
        raise ValueError("; ".join(str(p) for p in problems))
    return series


def is_money_unit(unit: str) -> bool:
    """A parameter's unit is money when it starts with "GBP" ("GBP per case")."""
    return unit.strip().startswith("GBP")


def price_year_problem(unit: str, value: object) -> str | None:
    """Why ``value`` cannot be the price year of a library value in ``unit``, or None.
    Money needs a financial year such as 2023/24 or "not known"; anything else needs
    none."""
    empty = value in (None, "")
    if not is_money_unit(unit):
        return None if empty else "only a value in pounds (a unit starting GBP) has a price year"
    if empty:
        return f'a value in pounds needs a price year such as 2023/24, or "{NOT_KNOWN}"'
    if value == NOT_KNOWN or parse_year(value) is not None:
        return None
    return f"'{value}' is not a financial year such as 2023/24, or \"{NOT_KNOWN}\""
