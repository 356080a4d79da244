"""ICB births are the share-weighted sum of district births: the 36 ICBs of April 2026
(and the 42 of July 2022) add up to the England total exactly, and a district split
between ICBs is counted once."""

from collections import Counter
from decimal import Decimal

import pytest

from commissioning.areas import figures, selectors
from commissioning.areas.defaults import area_defaults
from commissioning.areas.models import AreaFigure, Dataset, LookupRow
from tests.areas.support import ENGLAND_BIRTHS, load_shipped


def test_weighted_totals_count_a_split_authority_once():
    values = {"A": Decimal(100), "B": Decimal(10)}
    lookup = [("A", "X", Decimal("0.25")), ("A", "Y", Decimal("0.75")), ("B", "Y", Decimal(1))]
    assert figures.weighted_totals(values, lookup) == {"X": Decimal(25), "Y": Decimal(85)}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.5", 1), ("1.4999", 1), ("2.5", 3), ("18321.6529", 18322), ("617939.0000", 617939)],
)
def test_whole_rounds_half_up(value, expected):
    assert figures.whole(Decimal(value)) == expected


@pytest.fixture
def births(db) -> Dataset:
    """The mid-2019 births on LAD 2022 boundaries with the July 2022 lookup (history)."""
    load_shipped()
    return Dataset.objects.get(kind="births_lad", file_name="births_by_local_authority.csv")


@pytest.fixture
def births_2026(db) -> Dataset:
    load_shipped()
    return Dataset.objects.get(kind="births_lad", is_current=True)


def test_the_42_icbs_of_2022_add_up_to_the_england_total(births):
    totals = selectors.icb_births(births)
    assert births.lookup.configuration.key == "icb-2022-07"
    assert len(totals) == 42
    exact = sum(totals.values(), Decimal(0))
    assert abs(exact - ENGLAND_BIRTHS) <= Decimal("0.5")
    assert exact == ENGLAND_BIRTHS  # the shipped shares add up to exactly 1


def test_the_36_icbs_of_april_2026_add_up_to_the_england_total(births_2026):
    assert births_2026.file_name == "births_by_local_authority_lad2024.csv"
    assert births_2026.lookup.configuration.key == "icb-2026-04"
    totals = selectors.icb_births(births_2026)
    assert len(totals) == 36
    assert sum(totals.values(), Decimal(0)) == ENGLAND_BIRTHS
    shown = {code: area_defaults(code).births.value for code in totals}
    assert sum(shown.values()) == ENGLAND_BIRTHS
    # A merged ICB is the sum of what it was formed from (whole districts here).
    london_2022 = selectors.icb_births(
        Dataset.objects.get(file_name="births_by_local_authority.csv")
    )
    assert shown["E54000071"] == figures.whole(london_2022["E54000027"] + london_2022["E54000028"])


def test_the_district_births_on_2024_boundaries_add_up_to_the_england_total(births_2026):
    values = selectors.figure_values(births_2026)
    assert len(values) == 296
    assert sum(values.values()) == ENGLAND_BIRTHS
    # Cumberland is exactly Allerdale + Carlisle + Copeland.
    old = selectors.figure_values(
        Dataset.objects.get(file_name="births_by_local_authority.csv"),
        ["E07000026", "E07000028", "E07000029"],
    )
    assert values["E06000063"] == sum(old.values()) == 2477


def test_a_plain_join_would_double_count_the_split_districts(births):
    rows = LookupRow.objects.filter(dataset=births.lookup)
    split = [code for code, n in Counter(rows.values_list("code", flat=True)).items() if n > 1]
    assert len(split) == 12
    values = selectors.figure_values(births)
    plain_join = sum(values[r.code] for r in rows)
    assert plain_join == ENGLAND_BIRTHS + sum(values[code] for code in split)
    # Weighted, each split district's births are counted exactly once across its ICBs.
    for code in split:
        parts = [values[code] * r.share for r in rows.filter(code=code)]
        assert sum(parts) == values[code]


def test_east_suffolk_is_split_half_and_half(births):
    east_suffolk = AreaFigure.objects.get(dataset=births, area__code="E07000244").value
    shares = dict(
        LookupRow.objects.filter(dataset=births.lookup, code="E07000244").values_list(
            "icb_code", "share"
        )
    )
    assert shares == {"E54000022": Decimal("0.5"), "E54000023": Decimal("0.5")}
    split = figures.weighted_totals(
        {"E07000244": east_suffolk},
        LookupRow.objects.filter(dataset=births.lookup, code="E07000244").values_list(
            "code", "icb_code", "share"
        ),
    )
    assert split == dict.fromkeys(shares, east_suffolk / 2)
    # Both ICBs ceased in April 2026; their pages show their last map (April 2024),
    # where East Suffolk is split 0.5034 / 0.4966, and say so.
    page = area_defaults("E54000022")
    part = next(p for p in page.constituents if p.code == "E07000244")
    assert (part.share, page.map.name) == (Decimal("0.4966"), "ICBs of April 2024")


def test_the_displayed_icb_figures_are_consistent(births_2026):
    totals = selectors.icb_births(births_2026)
    shown = {}
    for code, exact in totals.items():
        defaults = area_defaults(code)
        # Each page shows its exact figure rounded half up: within half a birth.
        assert defaults.births.exact == exact
        assert defaults.births.value == figures.whole(exact)
        assert abs(defaults.births.value - exact) <= Decimal("0.5")
        # The districts listed on the page add up to the ICB's own figure.
        assert sum(p.births for p in defaults.constituents) == exact
        shown[code] = defaults.births.value
    # Rounded figures add up to the total within half a birth per ICB (here exactly).
    assert abs(sum(shown.values()) - ENGLAND_BIRTHS) <= Decimal("0.5") * len(shown)
    assert sum(shown.values()) == ENGLAND_BIRTHS
    assert min(shown.values()) == 4604  # NHS Shropshire, Telford and Wrekin
    assert max(shown.values()) == 45829  # NHS West and North London, formed April 2026
    assert shown["E54000057"] == 34688  # NHS Greater Manchester, unchanged
    assert shown["E54000069"] == 28155  # NHS Surrey and Sussex, formed April 2026
