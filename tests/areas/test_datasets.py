"""Reading and checking dataset files (pure: no database). Every problem names its
row and reason; the shipped files pass."""

from decimal import Decimal

import pytest

from commissioning.areas import datasets
from commissioning.areas.datasets import Context, Problem, check
from tests.areas.support import shipped_rows, shipped_text, to_csv

LOOKUP = shipped_rows("la_to_icb.csv")
LAD_CODES = {r["la_code"]: r["la_name"] for r in LOOKUP}
BIRTHS = shipped_rows("births_by_local_authority.csv")
BIRTHS_CONTEXT = Context(expected=LAD_CODES, expected_label="the chosen lookup")


def births_with(change) -> str:
    rows = [dict(r) for r in BIRTHS]
    change(rows)
    return to_csv(rows, list(datasets.BIRTHS_COLUMNS))


def problems_of(text: str, kind: str = "births_lad", context: Context = BIRTHS_CONTEXT):
    return check(kind, text, context).problems


def test_it_accepts_the_shipped_births_against_the_shipped_lookup():
    checked = check("births_lad", shipped_text("births_by_local_authority.csv"), BIRTHS_CONTEXT)
    assert checked.ok, checked.problems[:3]
    assert len(checked.figures) == 309
    assert sum(r.value for r in checked.figures) == 617_939


def test_it_accepts_the_other_shipped_files():
    utla = {r["la_code"]: r["la_name"] for r in shipped_rows("utla_to_icb.csv")}
    assert check(
        "births_utla",
        shipped_text("births_by_upper_tier_local_authority.csv"),
        Context(expected=utla, expected_label="the UTLA lookup"),
    ).ok
    for name, kind in [
        ("la_to_icb.csv", "lookup_lad_icb"),
        ("la_to_icb_2024.csv", "lookup_lad_icb"),
        ("utla_to_icb.csv", "lookup_utla_icb"),
    ]:
        checked = check(kind, shipped_text(name), Context())
        assert checked.ok, (name, checked.problems[:3])
    imd = check(
        "imd_lad",
        shipped_text("imd2019_by_local_authority.csv"),
        Context(
            known=frozenset(r["area_code"] for r in shipped_rows("imd2019_by_local_authority.csv"))
        ),
    )
    assert imd.ok and len(imd.figures) == 317
    hartlepool = imd.figures[0]
    assert (hartlepool.code, hartlepool.value, hartlepool.extra["rank"]) == (
        "E06000001",
        Decimal("35.037"),
        10,
    )


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("E0600000X", "is not a valid code"),
        ("E10000003", "is a county (upper-tier) code"),
        ("E54000050", "is an ICB code"),
        ("W06000001", "is not an English local authority code"),
        ("E06000999", "is not in the chosen lookup"),
    ],
)
def test_a_bad_code_is_rejected_with_its_row_and_reason(code, reason):
    problems = problems_of(births_with(lambda rows: rows[4].update(area_code=code)))
    assert any(p.row == 5 and p.code == code and reason in p.message for p in problems), problems
    # The area that row replaced is now missing, and says so.
    assert any(p.row == 0 and p.code == BIRTHS[4]["area_code"] for p in problems)


def test_a_negative_number_is_rejected():
    problems = problems_of(births_with(lambda rows: rows[2].update(live_births="-5")))
    assert problems == [Problem(3, "E06000003", "live_births", "-5 must not be negative")]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("12.5", "is not a whole number"),
        ("lots", "is not a whole number"),
        ("", "is not a whole number"),
        ("50000", "implausible for one area"),
    ],
)
def test_a_number_that_is_not_plausible_is_rejected(value, reason):
    problems = problems_of(births_with(lambda rows: rows[0].update(live_births=value)))
    assert len(problems) == 1
    assert problems[0].row == 1 and reason in problems[0].message


def test_a_missing_area_is_reported_by_code_and_name():
    problems = problems_of(births_with(lambda rows: rows.pop(10)))
    missing = BIRTHS[10]
    assert problems == [
        Problem(
            0,
            missing["area_code"],
            "area_code",
            f"{missing['area_name']} is missing: it is in the chosen lookup",
        )
    ]


def test_a_duplicate_row_is_rejected_with_both_rows():
    problems = problems_of(births_with(lambda rows: rows.insert(7, dict(rows[3]))))
    assert problems == [
        Problem(
            8,
            "E06000004",
            "area_code",
            "appears more than once (first in row 4); keep one row",
        )
    ]


def test_a_total_outside_the_plausible_range_is_rejected():
    def scale(rows):
        for row in rows:
            row["live_births"] = str(int(row["live_births"]) // 2)

    problems = problems_of(births_with(scale))
    assert len(problems) == 1
    assert problems[0].row == 0 and "outside the plausible range 500,000 to 700,000" in str(
        problems[0].message
    )
    loose = datasets.Rules(births_total_range=(100_000, 700_000))
    assert check("births_lad", births_with(scale), BIRTHS_CONTEXT, loose).ok


def test_every_problem_is_reported_at_once():
    def spoil(rows):
        rows[0]["live_births"] = "-1"
        rows[1]["area_code"] = "E54000050"
        rows.append(dict(rows[5]))

    rows = {(p.row, p.field) for p in problems_of(births_with(spoil))}
    assert {(1, "live_births"), (2, "area_code"), (310, "area_code"), (0, "area_code")} <= rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [Problem(0, "", "header", "the file is empty")]),
        (
            "area_code,area_name,year\nE06000001,Hartlepool,2019\n",
            [Problem(0, "", "live_births", "this column is missing from the header")],
        ),
        (
            "area_code,area_name,year,live_births,notes\n",
            [Problem(0, "", "notes", "this column is not expected; remove it")],
        ),
        ("area_code,area_name,year,live_births\n", [Problem(0, "", "(file)", "has no data rows")]),
        (
            "area_code,area_name,year,live_births\nE06000001,Hartlepool,2019,1013,extra\n",
            [Problem(1, "", "(row)", "has more values than the header")],
        ),
    ],
)
def test_a_malformed_file_is_rejected(text, expected):
    assert problems_of(text)[: len(expected)] == expected


# --- Lookups ---------------------------------------------------------------------------


def lookup_with(change) -> str:
    rows = [dict(r) for r in LOOKUP]
    change(rows)
    return to_csv(rows, list(datasets.LOOKUP_COLUMNS))


def lookup_problems(text: str, context: Context | None = None) -> list[Problem]:
    return check("lookup_lad_icb", text, context or Context()).problems


def test_shares_that_do_not_add_up_to_one_are_rejected():
    # Buckinghamshire is split 0.9875 / 0.0125; make it 0.9875 / 0.0225.
    def spoil(rows):
        row = next(r for r in rows if r["la_code"] == "E06000060" and r["lsoa_share"] == "0.0125")
        row["lsoa_share"] = "0.0225"

    problems = lookup_problems(lookup_with(spoil))
    assert len(problems) == 1
    assert problems[0].code == "E06000060" and "add up to 1.0100, not 1" in problems[0].message


def test_shares_within_the_tolerance_are_accepted():
    # North Yorkshire's upper-tier shares add up to 0.9999 in the shipped file.
    assert check("lookup_utla_icb", shipped_text("utla_to_icb.csv"), Context()).ok


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"icb_code": "E38000001"}, "icb_code", "is not an ICB code"),
        ({"la_code": "E10000003"}, "la_code", "is a county (upper-tier) code"),
        ({"lsoa_share": "0"}, "lsoa_share", "above 0 and at most 1"),
        ({"lsoa_share": "1.5"}, "lsoa_share", "above 0 and at most 1"),
        ({"la_name": ""}, "la_name", "is missing"),
    ],
)
def test_a_bad_lookup_row_is_rejected(change, field, reason):
    problems = lookup_problems(lookup_with(lambda rows: rows[0].update(change)))
    assert any(p.row == 1 and p.field == field and reason in p.message for p in problems)


def test_a_duplicate_pair_and_inconsistent_names_are_rejected():
    def spoil(rows):
        rows.append(dict(rows[0]))
        rows[1]["icb_name"] = "Another name"

    problems = lookup_problems(lookup_with(spoil))
    assert (
        Problem(
            322,
            "E06000001",
            "icb_code",
            "E06000001 to E54000050 appears more than once (first in row 1)",
        )
        in problems
    )
    assert any(p.row == 2 and p.field == "icb_name" for p in problems)


def test_a_lookup_missing_current_areas_needs_new_boundaries():
    text = lookup_with(lambda rows: rows.pop(0))
    context = Context(current=LAD_CODES, current_label="the current version")
    problems = lookup_problems(text, context)
    assert len(problems) == 1 and problems[0].code == "E06000001"
    assert "If the lookup is for new boundaries" in problems[0].message
    assert not lookup_problems(text, Context(current=LAD_CODES, new_boundaries=True))


def test_an_imd_file_without_a_lookup_must_cover_the_current_version():
    rows = shipped_rows("imd2019_by_local_authority.csv")
    current = {r["area_code"]: r["area_name"] for r in rows}
    context = Context(current=current, known=frozenset(current))
    rows[3]["imd_average_score"] = "101"
    dropped = rows.pop(7)
    problems = check("imd_lad", to_csv(rows), context).problems
    assert (
        Problem(4, "E06000004", "imd_average_score", "must be a number from 0 to 100") in problems
    )
    assert any(p.row == 0 and p.code == dropped["area_code"] for p in problems)
