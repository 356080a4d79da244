""" "Choose your area" on the builder's first step: an ICB's births, deprivation and
constituent authorities with their sources; births pre-filled; kept unchanged, the
case records the area's figure and dataset version; changed, the user's own."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from commissioning.areas.defaults import area_defaults
from commissioning.cases import defaults
from commissioning.cases.selectors import AREA, USER, data_ages, from_area, input_rows
from tests.areas.support import load_shipped
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401

ICB = "E54000050"  # an ICB in the shipped lookup


@pytest.fixture(autouse=True)
def shipped(db):
    load_shipped()


@pytest.fixture
def icb():
    return area_defaults(ICB)


def need_url(case, area: str | None = ICB) -> str:
    url = reverse("cases:step", args=[case.pk, "need"])
    return f"{url}?area={area}" if area else url


def test_the_need_step_links_to_the_area_picker(client, alice, case):
    client.force_login(alice)
    text = client.get(need_url(case, None)).text
    assert 'name="choose_area"' in text  # keeps what was typed: test_typed_kept.py
    assert "Choose your area" in text


def test_choosing_an_icb_shows_its_figures_and_prefills_births(client, alice, case, icb):
    client.force_login(alice)
    response = client.get(need_url(case))
    assert response.status_code == 200
    text = response.text
    assert escape(icb.name) in text and ICB in text
    assert f"{icb.births.value:,}" in text
    assert "1 July 2018 to 30 June 2019" in text
    assert "not calendar-year registrations" in text
    assert escape(icb.births.source) in text
    assert f"dataset version {icb.births.dataset.version}" in text
    assert escape(icb.deprivation.note.split(",")[0]) in text
    assert icb.constituents and all(escape(part.name) in text for part in icb.constituents)
    assert response.context["main"]["births"].value() == str(icb.births.value)


def test_keeping_the_area_figure_records_where_it_came_from(client, alice, case, icb):
    client.force_login(alice)
    data = page_data(case, "need", births=str(icb.births.value), births_source="")
    response = client.post(need_url(case), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    case.refresh_from_db()
    assert defaults.get_value(case.inputs, "births_per_year") == icb.births.value
    source = defaults.get_source(case.inputs, "births_per_year")
    assert "ONS mid-year estimate" in source and ICB in source
    assert f"dataset version {icb.births.dataset.version}" in source
    entry = case.provenance["births_per_year"]
    assert entry["origin"] == AREA and entry["code"] == ICB and entry["name"] == icb.name
    assert entry["dataset"] == {"kind": "births_lad", "version": icb.births.dataset.version}
    # The stored case shows it without the area in the URL, and so does the document.
    text = client.get(need_url(case, None)).text
    assert escape(f"From the area data for {icb.name} ({ICB})") in text
    row = next(
        r
        for r in input_rows(case.inputs, case.provenance, defaults.Library.load())
        if r.path == "births_per_year"
    )
    assert row.origin.kind == AREA and ICB in row.origin.source
    document = client.get(reverse("cases:document", args=[case.pk])).text
    assert ICB in document
    # ... with the age of the births, worked out afresh from the dataset's last day.
    assert "Data age: mid-2019 (year to 30 June 2019): " in document
    assert f"Data age: {icb.births.age}." in document


def test_a_document_says_how_old_its_area_figures_are_on_the_day(monkeypatch, icb):
    provenance = {"births_per_year": from_area(icb), "reach": {"origin": USER}}
    end = icb.births.period_end
    birthday = datetime.date(end.year + 3, end.month, end.day)
    monkeypatch.setattr(timezone, "localdate", lambda: birthday)
    assert data_ages(provenance) == {
        "births_per_year": "mid-2019 (year to 30 June 2019): 3 years old"
    }
    monkeypatch.setattr(timezone, "localdate", lambda: birthday - datetime.timedelta(1))
    assert data_ages(provenance)["births_per_year"].endswith(": 2 years old")
    assert data_ages({"births_per_year": {**from_area(icb), "dataset": {"version": "x"}}}) == {}


def test_changing_the_area_figure_makes_it_the_users_own(client, alice, case, icb):
    client.force_login(alice)
    mine = icb.births.value + 100
    data = page_data(case, "need", births=str(mine), births_source="")
    response = client.post(need_url(case), data)
    assert response.status_code == 200
    assert "Enter where this figure comes from" in response.text
    data["births_source"] = "Our maternity unit's bookings, 2024"
    response = client.post(need_url(case), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert defaults.get_value(case.inputs, "births_per_year") == Decimal(mine)
    assert defaults.get_source(case.inputs, "births_per_year") == (
        "Our maternity unit's bookings, 2024"
    )
    assert case.provenance["births_per_year"]["origin"] == USER


def test_an_unknown_code_says_so(client, alice, case):
    client.force_login(alice)
    response = client.get(need_url(case, "E99999999"))
    assert response.status_code == 200
    assert "No area has the code “E99999999”" in response.text
    data = page_data(case, "need")
    assert client.post(need_url(case, "E99999999"), data).status_code == 302


def test_another_organisations_case_is_404(client, bob, south, case):
    client.force_login(bob)
    assert client.get(need_url(case)).status_code == 404


def test_a_later_dataset_upload_does_not_change_a_saved_case(client, alice, case, icb):
    from commissioning.areas import services as area_services
    from commissioning.areas.models import Dataset
    from tests.areas.support import shipped_rows, to_csv

    client.force_login(alice)
    data = page_data(case, "need", births=str(icb.births.value), births_source="")
    assert client.post(need_url(case), data).status_code == 302
    rows = shipped_rows("births_by_local_authority_lad2024.csv")
    first = icb.constituents[0].code
    for row in rows:
        if row["area_code"] == first:
            row["live_births"] = str(int(row["live_births"]) + 1000)
    area_services.dataset_upload(
        kind="births_lad",
        text=to_csv(rows),
        file_name="births.csv",
        user=alice,
        title="Births, version 2",
        period="p",
        source="s",
        licence="l",
        period_end=datetime.date(2019, 6, 30),
        lookup=Dataset.objects.get(kind="lookup_lad_icb", is_current=True),
    )
    assert area_defaults(ICB).births.value != icb.births.value
    case.refresh_from_db()
    assert defaults.get_value(case.inputs, "births_per_year") == icb.births.value
    assert case.provenance["births_per_year"]["dataset"]["version"] == 2
