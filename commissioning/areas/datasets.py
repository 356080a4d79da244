"""Read and check a dataset file (pure: no ORM).

A file is checked whole and every problem is reported with its data row (row 1 is the
first row after the CSV header; row 0 means the file as a whole, or an area missing
from it) and a reason. ``services.dataset_upload`` gathers what the file is checked
against (``Context``) from the database and applies the file only when ``check``
finds no problem at all.

The rules:

- the header has exactly the kind's columns (``COLUMNS``);
- every code is well formed and of the right level: districts E06/E07/E08/E09, upper-tier
  authorities E06/E08/E09/E10, ICBs E54, each followed by six digits;
- births and IMD files: every code is known (in the chosen lookup, or for IMD without a
  lookup an existing district) and none is missing (every code of the chosen lookup, or
  of the current version when there is no lookup, appears); no code appears twice;
- births are whole numbers, not negative, below ``Rules.max_births_per_area`` each, and
  the England total lies within ``Rules.births_total_range``;
- IMD scores lie in 0 to 100, ranks are whole numbers from 1, proportions and extents in
  0 to 1;
- lookups: no (authority, ICB) pair twice, shares above 0 and at most 1, each
  authority's shares add up to 1 within ``Rules.share_tolerance``, one name per code, and
  no authority of the current version is missing unless the curator says the lookup is
  on new boundaries.
"""

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

BIRTHS_LAD = "births_lad"
BIRTHS_UTLA = "births_utla"
LOOKUP_LAD_ICB = "lookup_lad_icb"
LOOKUP_UTLA_ICB = "lookup_utla_icb"
IMD_LAD = "imd_lad"

BIRTHS_COLUMNS = ("area_code", "area_name", "year", "live_births")
LOOKUP_COLUMNS = ("la_code", "la_name", "icb_code", "icb_name", "year_of_lookup", "lsoa_share")
IMD_COLUMNS = (
    "area_code",
    "area_name",
    "imd_average_score",
    "imd_rank_of_average_score",
    "imd_proportion_lsoas_in_most_deprived_10pct",
    "imd_extent",
    "year",
)
COLUMNS: dict[str, tuple[str, ...]] = {
    BIRTHS_LAD: BIRTHS_COLUMNS,
    BIRTHS_UTLA: BIRTHS_COLUMNS,
    LOOKUP_LAD_ICB: LOOKUP_COLUMNS,
    LOOKUP_UTLA_ICB: LOOKUP_COLUMNS,
    IMD_LAD: IMD_COLUMNS,
}

LAD_CODE = re.compile(r"E0[6-9]\d{6}")
UTLA_CODE = re.compile(r"E(06|08|09|10)\d{6}")
ICB_CODE = re.compile(r"E54\d{6}")
ANY_CODE = re.compile(r"[EWSN]\d{8}")
WHOLE_NUMBER = re.compile(r"-?\d+")

# Which codes each kind's area column takes, and how to say so.
LEVELS: dict[str, tuple[re.Pattern[str], str]] = {
    BIRTHS_LAD: (LAD_CODE, "a district code (E06, E07, E08 or E09 and six digits)"),
    LOOKUP_LAD_ICB: (LAD_CODE, "a district code (E06, E07, E08 or E09 and six digits)"),
    IMD_LAD: (LAD_CODE, "a district code (E06, E07, E08 or E09 and six digits)"),
    BIRTHS_UTLA: (UTLA_CODE, "an upper-tier code (E06, E08, E09 or E10 and six digits)"),
    LOOKUP_UTLA_ICB: (UTLA_CODE, "an upper-tier code (E06, E08, E09 or E10 and six digits)"),
}
CODE_COLUMN = {kind: columns[0] for kind, columns in COLUMNS.items()}


@dataclass(frozen=True)
class Rules:
    """Plausibility limits (``services.rules()`` reads overrides from settings)."""

    births_total_range: tuple[int, int] = (500_000, 700_000)
    max_births_per_area: int = 50_000
    share_tolerance: Decimal = Decimal("0.001")


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be applied."""

    row: int
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        if self.code:
            where += f" ({self.code})"
        return f"{where}, {self.field}: {self.message}"


@dataclass(frozen=True)
class FigureRow:
    row: int
    code: str
    name: str
    value: Decimal
    extra: dict


@dataclass(frozen=True)
class LookupEntry:
    row: int
    code: str
    name: str
    icb_code: str
    icb_name: str
    share: Decimal


@dataclass(frozen=True)
class Context:
    """What a file is checked against.

    ``expected``: code -> name of every area the file must cover exactly (a births
    file's chosen lookup, or an IMD file's when one is chosen), described by
    ``expected_label``; None to fall back on ``current``. ``current``: code -> name in
    the current version of this kind (empty when there is none), ``current_label``
    describes it. ``known``: codes a file may use when ``expected`` is None (existing
    districts). ``new_boundaries``: a lookup may drop the current version's codes."""

    expected: Mapping[str, str] | None = None
    expected_label: str = ""
    current: Mapping[str, str] = field(default_factory=dict)
    current_label: str = "the current version"
    known: frozenset[str] = frozenset()
    new_boundaries: bool = False


@dataclass
class Checked:
    kind: str
    figures: list[FigureRow] = field(default_factory=list)
    lookup: list[LookupEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def codes(self) -> dict[str, str]:
        """code -> name of the areas in the file."""
        return {r.code: r.name for r in self.figures} | {r.code: r.name for r in self.lookup}


def read_rows(kind: str, text: str) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """The file's data rows as (row number, stripped values), or the header's problems."""
    columns = COLUMNS[kind]
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        return [], [Problem(0, "", "header", f"cannot be read as CSV: {error}")]
    if not header:
        return [], [Problem(0, "", "header", "the file is empty")]
    problems = [
        Problem(0, "", name, "this column is missing from the header")
        for name in columns
        if name not in header
    ] + [
        Problem(0, "", name or "(blank)", "this column is not expected; remove it")
        for name in header
        if name not in columns
    ]
    if problems:
        return [], problems
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for number, raw in enumerate(reader, start=1):
            if None in raw:
                problems.append(Problem(number, "", "(row)", "has more values than the header"))
                continue
            values = {name: (raw.get(name) or "").strip() for name in columns}
            if not any(values.values()):
                problems.append(Problem(number, "", "(row)", "is empty; remove it"))
                continue
            rows.append((number, values))
    except csv.Error as error:
        problems.append(Problem(0, "", "(file)", f"cannot be read as CSV: {error}"))
    if not rows and not problems:
        problems.append(Problem(0, "", "(file)", "has no data rows"))
    return rows, problems


def _code_problem(kind: str, code: str) -> str | None:
    """Why ``code`` cannot be used in ``kind``'s area column, or None."""
    pattern, wanted = LEVELS[kind]
    if pattern.fullmatch(code):
        return None
    if not code:
        return "is missing"
    if ICB_CODE.fullmatch(code):
        return f"{code} is an ICB code; this column needs {wanted}"
    if LAD_CODE.fullmatch(code) or UTLA_CODE.fullmatch(code):
        level = "a district" if code.startswith("E07") else "a county (upper-tier)"
        return f"{code} is {level} code; this column needs {wanted}"
    if ANY_CODE.fullmatch(code):
        return f"{code} is not an English local authority code of this level; use {wanted}"
    return f"{code!r} is not a valid code; use {wanted}"


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _coverage_problems(kind: str, rows_by_code: dict[str, int], context: Context) -> list[Problem]:
    """Unknown and missing codes for births and IMD files."""
    problems: list[Problem] = []
    column = CODE_COLUMN[kind]
    if context.expected is not None:
        for code, row in rows_by_code.items():
            if code not in context.expected:
                problems.append(Problem(row, code, column, f"is not in {context.expected_label}"))
        for code, name in context.expected.items():
            if code not in rows_by_code:
                also = " and in the current version" if code in context.current else ""
                problems.append(
                    Problem(
                        0,
                        code,
                        column,
                        f"{name} is missing: it is in {context.expected_label}{also}",
                    )
                )
        return problems
    for code, row in rows_by_code.items():
        if code not in context.known and code not in context.current:
            problems.append(
                Problem(
                    row,
                    code,
                    column,
                    "is not a known area; for new boundaries choose the matching lookup",
                )
            )
    for code, name in context.current.items():
        if code not in rows_by_code:
            problems.append(
                Problem(
                    0,
                    code,
                    column,
                    f"{name} is missing: it is in {context.current_label}; for new "
                    "boundaries choose the matching lookup",
                )
            )
    return problems


def _check_figures(
    kind: str, rows: list[tuple[int, dict[str, str]]], context: Context, rules: Rules
) -> Checked:
    checked = Checked(kind)
    problems = checked.problems
    column = CODE_COLUMN[kind]
    first_row: dict[str, int] = {}
    values_ok = True
    for number, values in rows:
        code = values[column]
        bad_code = _code_problem(kind, code)
        if bad_code:
            problems.append(Problem(number, code, column, bad_code))
            continue
        if code in first_row:
            problems.append(
                Problem(
                    number,
                    code,
                    column,
                    f"appears more than once (first in row {first_row[code]}); keep one row",
                )
            )
            continue
        first_row[code] = number
        if not values["area_name"]:
            problems.append(Problem(number, code, "area_name", "is missing"))
        if not values["year"]:
            problems.append(Problem(number, code, "year", "is missing"))
        if kind == IMD_LAD:
            row = _imd_row(number, code, values, problems)
        else:
            row = _births_row(number, code, values, problems, rules)
        if row is None:
            values_ok = False
        else:
            checked.figures.append(row)
    problems.extend(_coverage_problems(kind, first_row, context))
    if kind != IMD_LAD and values_ok and checked.figures:
        total = sum(r.value for r in checked.figures)
        low, high = rules.births_total_range
        if not low <= total <= high:
            problems.append(
                Problem(
                    0,
                    "",
                    "live_births",
                    f"the England total, {total:,}, is outside the plausible range "
                    f"{low:,} to {high:,}; check the file is complete and in births",
                )
            )
    return checked


def _births_row(
    number: int, code: str, values: dict[str, str], problems: list[Problem], rules: Rules
) -> FigureRow | None:
    text = values["live_births"]
    if not WHOLE_NUMBER.fullmatch(text):
        problems.append(
            Problem(number, code, "live_births", f"{text!r} is not a whole number of births")
        )
        return None
    births = int(text)
    if births < 0:
        problems.append(Problem(number, code, "live_births", f"{births} must not be negative"))
        return None
    if births >= rules.max_births_per_area:
        problems.append(
            Problem(
                number,
                code,
                "live_births",
                f"{births:,} is implausible for one area (must be below "
                f"{rules.max_births_per_area:,})",
            )
        )
        return None
    return FigureRow(number, code, values["area_name"], Decimal(births), {"year": values["year"]})


def _imd_row(
    number: int, code: str, values: dict[str, str], problems: list[Problem]
) -> FigureRow | None:
    before = len(problems)
    score = _decimal(values["imd_average_score"])
    if score is None or not 0 <= score <= 100:
        problems.append(
            Problem(number, code, "imd_average_score", "must be a number from 0 to 100")
        )
    rank_text = values["imd_rank_of_average_score"]
    if not WHOLE_NUMBER.fullmatch(rank_text) or int(rank_text) < 1:
        problems.append(
            Problem(number, code, "imd_rank_of_average_score", "must be a whole number from 1")
        )
    fractions = {}
    for name in ("imd_proportion_lsoas_in_most_deprived_10pct", "imd_extent"):
        value = _decimal(values[name])
        if value is None or not 0 <= value <= 1:
            problems.append(Problem(number, code, name, "must be a number from 0 to 1"))
        fractions[name] = value
    if len(problems) > before or score is None:
        return None
    return FigureRow(
        number,
        code,
        values["area_name"],
        score,
        {
            "rank": int(rank_text),
            "proportion_most_deprived_10pct": str(
                fractions["imd_proportion_lsoas_in_most_deprived_10pct"]
            ),
            "extent": str(fractions["imd_extent"]),
            "year": values["year"],
        },
    )


def _check_lookup(
    kind: str, rows: list[tuple[int, dict[str, str]]], context: Context, rules: Rules
) -> Checked:
    checked = Checked(kind)
    problems = checked.problems
    pairs: dict[tuple[str, str], int] = {}
    names: dict[str, tuple[str, int]] = {}
    icb_names: dict[str, tuple[str, int]] = {}
    sums: dict[str, Decimal] = {}
    first_row: dict[str, int] = {}
    for number, values in rows:
        code, icb = values["la_code"], values["icb_code"]
        ok = True
        bad_code = _code_problem(kind, code)
        if bad_code:
            problems.append(Problem(number, code, "la_code", bad_code))
            ok = False
        if not ICB_CODE.fullmatch(icb):
            problems.append(
                Problem(
                    number, code, "icb_code", f"{icb!r} is not an ICB code (E54 and six digits)"
                )
            )
            ok = False
        for column in ("la_name", "icb_name", "year_of_lookup"):
            if not values[column]:
                problems.append(Problem(number, code, column, "is missing"))
                ok = False
        share = _decimal(values["lsoa_share"])
        if share is None or not 0 < share <= 1:
            problems.append(
                Problem(number, code, "lsoa_share", "must be a number above 0 and at most 1")
            )
            ok = False
        if not ok or share is None:
            continue
        if (code, icb) in pairs:
            problems.append(
                Problem(
                    number,
                    code,
                    "icb_code",
                    f"{code} to {icb} appears more than once (first in row {pairs[code, icb]})",
                )
            )
            continue
        pairs[code, icb] = number
        for table, key, name, column in (
            (names, code, values["la_name"], "la_name"),
            (icb_names, icb, values["icb_name"], "icb_name"),
        ):
            earlier = table.setdefault(key, (name, number))
            if earlier[0] != name:
                problems.append(
                    Problem(
                        number,
                        code,
                        column,
                        f"{key} is called {earlier[0]!r} in row {earlier[1]}; use one name",
                    )
                )
        first_row.setdefault(code, number)
        sums[code] = sums.get(code, Decimal(0)) + share
        checked.lookup.append(
            LookupEntry(number, code, values["la_name"], icb, values["icb_name"], share)
        )
    for code, total in sums.items():
        if abs(total - 1) > rules.share_tolerance:
            problems.append(
                Problem(
                    first_row[code],
                    code,
                    "lsoa_share",
                    f"the shares for {code} add up to {total}, not 1 (allowed: within "
                    f"{rules.share_tolerance} of 1)",
                )
            )
    if not context.new_boundaries:
        for code, name in context.current.items():
            if code not in sums:
                problems.append(
                    Problem(
                        0,
                        code,
                        "la_code",
                        f"{name} is missing: it is in {context.current_label}. If the lookup "
                        "is for new boundaries, say so on the form",
                    )
                )
    return checked


def check(kind: str, text: str, context: Context, rules: Rules | None = None) -> Checked:
    """Read and check ``text`` (a CSV file of ``kind``) against ``context``."""
    if kind not in COLUMNS:
        raise ValueError(f"Unknown dataset kind {kind!r}")
    rules = rules or Rules()
    rows, problems = read_rows(kind, text)
    if problems:
        return Checked(kind, problems=problems)
    if kind in (LOOKUP_LAD_ICB, LOOKUP_UTLA_ICB):
        return _check_lookup(kind, rows, context, rules)
    return _check_figures(kind, rows, context, rules)
