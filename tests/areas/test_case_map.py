"""A business case keeps the births it took on an older ICB map and says so; one click
per current ICB shows what the current map changes, and saving applies it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from commissioning.areas.history import map_change
from commissioning.cases import defaults
from tests.areas.support import load_shipped
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401

FRIMLEY = "E54000034"  # abolished 1 April 2026
FRIMLEY_2025 = 9100  # the births a case kept for Frimley before the mergers (test value)


@pytest.fixture(autouse=True)
def shipped(db):
    load_shipped()


def keep(case, code: str, name: str, value: int, *, version: int = 1, **extra) -> None:
    """Store births as a case saved before this release did: the area, the births
    dataset version, no ICB map."""
    defaults.set_number(case.inputs, "births_per_year", Decimal(value), source="From the areas")
    case.provenance["births_per_year"] = {
        "origin": "area",
        "code": code,
        "name": name,
        "level": "Integrated Care Board",
        "dataset": {"kind": "births_lad", "version": version},
        "period": "1 July 2018 to 30 June 2019 (ONS mid-year estimate, not calendar-year "
        "registrations)",
        "source": "ONS",
        **extra,
    }
    case.save()


def need_url(case, area: str = "") -> str:
    url = reverse("cases:step", args=[case.pk, "need"])
    return f"{url}?area={area}" if area else url


def test_a_case_on_an_abolished_icb_says_so_and_offers_the_current_icbs(client, alice, case):
    keep(case, FRIMLEY, "NHS Frimley Integrated Care Board", FRIMLEY_2025)
    client.force_login(alice)
    response = client.get(need_url(case))
    change = response.context["map_change"]
    assert (change.kept_map, change.current_map) == ("ICBs of July 2022", "ICBs of April 2026")
    assert change.ceased_on.isoformat() == "2026-04-01"
    assert [(o.code, o.share) for o in change.options] == [
        ("E54000070", Decimal("0.5604")),
        ("E54000067", Decimal("0.2308")),
        ("E54000069", Decimal("0.2088")),
    ]
    text = response.text
    assert "This case's births are from the ICBs of July 2022 map" in text
    assert "NHS Frimley Integrated Care Board ceased on 1 April 2026" in text
    assert "The current map is <strong>ICBs of April 2026</strong>" in text
    assert f'href="{need_url(case, "E54000070")}#map-change-heading"' in text
    assert "Use the current map: NHS Thames Valley Integrated Care Board</a> (56% of" in text
    assert "23,594 births a year" in text
    # Looking changes nothing: the case keeps its births and their provenance.
    case.refresh_from_db()
    assert defaults.get_value(case.inputs, "births_per_year") == FRIMLEY_2025
    assert case.provenance["births_per_year"]["code"] == FRIMLEY


def test_one_click_shows_what_changes_and_saving_applies_it(client, alice, case):
    keep(case, FRIMLEY, "NHS Frimley Integrated Care Board", FRIMLEY_2025)
    client.force_login(alice)
    response = client.get(need_url(case, "E54000070"))
    option = response.context["map_option"]
    assert (option.code, option.births) == ("E54000070", 23594)
    text = response.text
    assert "What changes if you save this page with the current map" in text
    assert "9,100" in text and "23,594" in text
    assert response.context["main"]["births"].value() == "23594"
    saved = client.post(
        need_url(case, "E54000070"), page_data(case, "need", births="23594", births_source="")
    )
    assert saved.status_code == 302
    case.refresh_from_db()
    entry = case.provenance["births_per_year"]
    assert (entry["code"], entry["dataset"]) == ("E54000070", {"kind": "births_lad", "version": 2})
    assert entry["configuration"] == {"name": "ICBs of April 2026", "effective_from": "2026-04-01"}
    assert defaults.get_value(case.inputs, "births_per_year") == 23594
    after = client.get(need_url(case))
    assert after.context["map_change"] is None
    assert "This case's births are from" not in after.text


def test_an_icb_that_still_exists_is_offered_on_the_current_map(client, alice, case):
    keep(case, "E54000050", "NHS North East and North Cumbria Integrated Care Board", 28000)
    change = map_change(case.provenance["births_per_year"], Decimal(28000))
    assert change.ceased_on is None
    ((code, share, births),) = [(o.code, o.share, o.births) for o in change.options]
    assert (code, share, births) == ("E54000050", None, 29323)
    client.force_login(alice)
    text = client.get(need_url(case)).text
    assert escape("Use the current map: NHS North East and North Cumbria") in text


def test_a_former_district_is_offered_its_successor(case):
    keep(case, "E07000026", "Allerdale", 1000)
    change = map_change(case.provenance["births_per_year"])
    assert change.ceased_on.isoformat() == "2023-04-01"
    assert [(o.code, o.name, o.share, o.births) for o in change.options] == [
        ("E06000063", "Cumberland", Decimal(1), 2477)
    ]


def test_nothing_to_say_for_births_from_the_current_map(case):
    keep(
        case,
        "E54000070",
        "NHS Thames Valley Integrated Care Board",
        23594,
        version=2,
        configuration={"name": "ICBs of April 2026", "effective_from": "2026-04-01"},
    )
    assert map_change(case.provenance["births_per_year"]) is None
    # Not an area figure, or an unknown code: nothing to say either.
    assert map_change({"origin": "user"}) is None
    assert map_change({"origin": "area", "code": "E99999999"}) is None
    assert map_change(None) is None
