"""ICB maps over time: the shipped derived files are exactly what their derivation
gives; every ceased ICB keeps its page and code, says when it ceased and which current
ICBs cover its area (with shares); search by an old name finds it."""

import datetime
from decimal import Decimal

import pytest

from commissioning.areas import derive, figures, geography
from commissioning.areas.defaults import area_defaults
from commissioning.areas.models import Area, AreaChange
from tests.areas.support import ENGLAND_BIRTHS, load_shipped, shipped_rows, shipped_text

ABOLISHED_2026 = {
    "E54000022": "NHS Norfolk and Waveney Integrated Care Board",
    "E54000023": "NHS Suffolk and North East Essex Integrated Care Board",
    "E54000024": "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board",
    "E54000025": "NHS Hertfordshire and West Essex Integrated Care Board",
    "E54000026": "NHS Mid and South Essex Integrated Care Board",
    "E54000027": "NHS North West London Integrated Care Board",
    "E54000028": "NHS North Central London Integrated Care Board",
    "E54000034": "NHS Frimley Integrated Care Board",
    "E54000044": "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
    "E54000056": "NHS Cambridgeshire and Peterborough Integrated Care Board",
    "E54000063": "NHS Surrey Heartlands Integrated Care Board",
    "E54000064": "NHS Sussex Integrated Care Board",
}


# --- Pure: the derivations behind the shipped files ------------------------------------


def test_the_lad_2024_births_file_is_the_exact_aggregation_of_the_2022_file():
    derived = derive.births_lad2024_text(
        shipped_text("births_by_local_authority.csv"), shipped_text("la_to_icb_2024.csv")
    )
    assert derived == shipped_text("births_by_local_authority_lad2024.csv")
    rows = shipped_rows("births_by_local_authority_lad2024.csv")
    assert len(rows) == 296
    assert sum(int(r["live_births"]) for r in rows) == ENGLAND_BIRTHS
    # The same codes as the April 2026 lookup and IoD 2025 (LAD 2024).
    codes = {r["area_code"] for r in rows}
    assert codes == {r["la_code"] for r in shipped_rows("la_to_icb_2026_derived.csv")}
    assert codes == {r["area_code"] for r in shipped_rows("imd2025_by_local_authority.csv")}


def test_aggregation_refuses_to_lose_a_merged_district():
    births = {code: 10 for olds in derive.MERGERS_2023.values() for code in olds}
    del births["E07000187"]  # Mendip
    with pytest.raises(derive.DerivationError, match="E07000187"):
        derive.births_on_lad2024(births, {})


def test_the_icb_changes_file_is_what_its_derivation_gives():
    assert derive.changes_text() == shipped_text("icb_changes.csv")


def test_each_ceased_icbs_shares_add_up_to_one():
    rows = shipped_rows("icb_changes.csv")
    totals: dict[str, Decimal] = {}
    for row in rows:
        totals[row["former_icb_code"]] = totals.get(row["former_icb_code"], 0) + Decimal(
            row["share"]
        )
    assert set(totals.values()) == {Decimal(1)}
    ceased_2026 = {r["former_icb_code"] for r in rows if r["ceased_on"] == "2026-04-01"}
    # The 12 abolished ICBs, and Hampshire and Isle of Wight's old code.
    assert ceased_2026 == set(ABOLISHED_2026) | {"E54000042"}
    ceased_2024 = {r["former_icb_code"] for r in rows if r["ceased_on"] == "2024-04-01"}
    assert ceased_2024 == {"E54000052", "E54000053"}


def test_a_district_split_differently_cannot_be_apportioned_by_guesswork():
    header = "la_code,la_name,icb_code,icb_name,year_of_lookup,lsoa_share\n"
    old = header + "E07000001,A,E54000001,Old,2022,0.6\nE07000001,A,E54000002,Kept,2022,0.4\n"
    new = header + "E07000001,A,E54000003,New,2024,0.7\nE07000001,A,E54000002,Kept,2024,0.3\n"
    births = "area_code,area_name,year,live_births\nE07000001,A,2019,100\n"
    with pytest.raises(derive.DerivationError, match="cannot be apportioned exactly"):
        derive.changes_2024(old, new, births)


@pytest.mark.parametrize(
    ("end", "today", "years", "label"),
    [
        (datetime.date(2019, 6, 30), datetime.date(2026, 12, 6), 7, "7 years old"),
        (datetime.date(2019, 6, 30), datetime.date(2026, 6, 29), 6, "6 years old"),
        (datetime.date(2019, 6, 30), datetime.date(2026, 6, 30), 7, "7 years old"),
        (datetime.date(2024, 12, 31), datetime.date(2026, 1, 5), 1, "1 year old"),
        (datetime.date(2026, 6, 30), datetime.date(2026, 12, 6), 0, "less than a year old"),
        (datetime.date(2027, 1, 1), datetime.date(2026, 12, 6), 0, "less than a year old"),
    ],
)
def test_the_age_of_figures_in_whole_years(end, today, years, label):
    assert figures.age_in_years(end, today) == years
    assert figures.age_label(years) == label


def test_a_changes_file_with_bad_shares_is_refused_with_rows_and_reasons():
    text = (
        ",".join(derive.CHANGES_COLUMNS)
        + "\nE54000034,F,2026-04-01,E54000070,T,0.5,b\nE54000034,F,2026-04-01,E54000099,X,0.4,b"
        + "\nE54000022,N,someday,E54000068,NS,1,b\n"
    )
    _, problems = geography.check_changes(text, {"E54000034", "E54000070", "E54000022"})
    found = {(p.row, p.code, p.message) for p in problems}
    assert (2, "E54000099", "is not a known ICB") in found
    assert (3, "E54000022", "needs a date and a number") in found
    assert (0, "E54000034", "the shares add up to 0.9, not 1") in found


# --- Pages ------------------------------------------------------------------------------


@pytest.fixture
def shipped(db):
    load_shipped()


@pytest.mark.parametrize(("code", "name"), sorted(ABOLISHED_2026.items()))
def test_every_abolished_icb_keeps_its_page(client, shipped, code, name):
    area = Area.objects.get(code=code)
    assert (area.name, area.current, area.ceased_on) == (name, False, datetime.date(2026, 4, 1))
    defaults = area_defaults(code)
    assert defaults.now_covered_by
    assert sum(p.share for p in defaults.now_covered_by) == 1
    assert all(Area.objects.get(code=p.code).current for p in defaults.now_covered_by)
    response = client.get(f"/areas/{code}/")
    assert response.status_code == 200
    assert "This ICB no longer exists" in response.text
    assert "ceased on <strong>1 April 2026</strong>" in response.text


def test_frimleys_page_names_the_three_icbs_that_cover_it_now(client, shipped):
    text = client.get("/areas/E54000034/").text
    assert "The ICBs on the current map (ICBs of April 2026) that now cover its area" in text
    for name, share in [
        ("NHS Thames Valley Integrated Care Board", "56%"),
        ("NHS Hampshire and Isle of Wight Integrated Care Board", "23.1%"),
        ("NHS Surrey and Sussex Integrated Care Board", "20.9%"),
    ]:
        assert f"{name}</a></th><td><code>" in text
        assert f'<td class="number">{share}</td>' in text
    assert "share of the former ICB&#x27;s LSOAs (2021)" in text
    assert "on the <strong>ICBs of April 2024</strong> map, the last one it was part of" in text
    # Its births on that map, with their age.
    assert "8,722" in text and "years old" in text


def test_a_code_changed_in_2024_leads_to_the_current_icb(client, shipped):
    """Surrey Heartlands was E54000052 until April 2024, then E54000063 until the April
    2026 merger: the old code's page says both steps and where its area is now."""
    defaults = area_defaults("E54000052")
    assert defaults.ceased_on == datetime.date(2024, 4, 1)
    assert [(r.code, r.share, r.ceased) for r in defaults.replaced_by] == [
        ("E54000063", Decimal("0.995"), True),
        ("E54000064", Decimal("0.005"), True),
    ]
    assert [(p.code, p.share) for p in defaults.now_covered_by] == [
        ("E54000069", Decimal("1.0000"))
    ]
    text = client.get("/areas/E54000052/").text
    assert "which have since ceased too" in text
    assert "NHS Surrey and Sussex Integrated Care Board" in text
    # Hampshire and Isle of Wight kept its name but took a new code.
    hiow = area_defaults("E54000042")
    assert [(p.code, p.share) for p in hiow.now_covered_by] == [("E54000067", Decimal("1.0000"))]


def test_search_by_an_old_name_finds_the_ceased_icb(client, shipped):
    for query in ("Frimley", "north central london", "Suffolk and North East Essex"):
        response = client.get("/areas/", {"q": query})
        found = [a.code for a in response.context["page"].object_list]
        assert found and all(Area.objects.get(code=c).ceased_on for c in found if "E54" in c)
        assert "(ceased 1 April 2026)" in response.text
    picker = client.get("/areas/api/search.json", {"q": "frimley"}).json()["results"]
    assert [r["code"] for r in picker] == ["E54000034"]


def test_changes_are_loaded_once(shipped):
    count = AreaChange.objects.count()
    assert count == len(shipped_rows("icb_changes.csv"))
    load_shipped()
    assert AreaChange.objects.count() == count
