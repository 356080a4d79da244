"""The public areas pages and JSON: search by name or code, one area's figures with
the period and provenance, and "not available" where IMD 2019 has no figure."""

import pytest

from commissioning.areas.defaults import IMD_MISSING_COUNTY, AreaNotFound, area_defaults
from commissioning.areas.models import Area
from tests.areas.support import BIRTHS_PERIOD_WORDS, load_shipped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped(db):
    load_shipped()


def names(response) -> list[str]:
    return [area.name for area in response.context["page"].object_list]


def test_it_finds_areas_by_name(client):
    response = client.get("/areas/", {"q": "gateshead"})
    assert response.status_code == 200
    assert names(response) == ["Gateshead"]
    assert "1 area matching “gateshead”" in response.text


def test_it_finds_areas_by_code_exact_match_first(client):
    response = client.get("/areas/", {"q": "e54000050"})
    assert names(response) == ["NHS North East and North Cumbria Integrated Care Board"]
    response = client.get("/areas/", {"q": "E0800003"})
    assert {a.code[:8] for a in response.context["page"].object_list} == {"E0800003"}


def test_it_filters_by_level(client):
    icbs = client.get("/areas/", {"level": "icb"})
    assert icbs.context["page"].paginator.count == 42
    upper = client.get("/areas/", {"level": "utla"})
    assert upper.context["page"].paginator.count == 152  # 24 counties + 128 unitaries
    surrey = client.get("/areas/", {"q": "Surrey", "level": "icb"})
    assert names(surrey) == ["NHS Surrey Heartlands Integrated Care Board"]


def test_it_paginates_every_area(client):
    first = client.get("/areas/")
    assert first.context["page"].paginator.count == Area.objects.count() == 309 + 24 + 42 + 11
    assert len(first.context["page"].object_list) == 25
    last = client.get("/areas/", {"page": first.context["page"].paginator.num_pages})
    assert last.status_code == 200 and len(last.context["page"].object_list) == 386 % 25


def test_an_area_page_gives_the_births_period_and_provenance(client):
    response = client.get("/areas/E08000037/")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Gateshead</h1>" in text
    assert "1 July 2018 to 30 June 2019 (ONS mid-year estimate, not calendar-year" in text
    assert BIRTHS_PERIOD_WORDS in response.context["area"].births.period
    assert "Office for National Statistics, mid-2019 population estimates" in text
    assert "Where these figures come from" in text
    assert "Open Government Licence" in text
    assert "No licence is stated by the copy used" in text
    assert "Rank of average score (1 is most deprived)" in text


def test_the_code_is_not_case_sensitive(client):
    assert client.get("/areas/e08000037/").status_code == 200


def test_an_unknown_code_is_404(client):
    assert client.get("/areas/E99999999/").status_code == 404
    assert client.get("/areas/api/E99999999.json").status_code == 404
    with pytest.raises(AreaNotFound):
        area_defaults("nonsense")


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("E06000060", "Buckinghamshire"),
        ("E06000061", "North Northamptonshire"),
        ("E06000062", "West Northamptonshire"),
    ],
)
def test_missing_imd_says_so_rather_than_inventing_a_number(client, code, name):
    defaults = area_defaults(code)
    assert defaults.deprivation.status == "missing"
    assert defaults.deprivation.score is None
    assert f"IMD 2019 has no figure for {name} on current boundaries" in defaults.deprivation.note
    # The former districts' own scores are listed, never averaged.
    assert defaults.former_districts and all(f.score for f in defaults.former_districts)
    response = client.get(f"/areas/{code}/")
    assert "has no figure for" in response.text
    assert "not combined" in response.text


def test_a_county_page_explains_why_there_is_no_deprivation_summary(client):
    response = client.get("/areas/E10000003/")
    assert response.context["area"].deprivation.note == IMD_MISSING_COUNTY
    assert "6,628" in response.text  # Cambridgeshire's births, as published


def test_an_icb_page_labels_derived_figures_and_lists_its_districts(client):
    response = client.get("/areas/E54000044/")
    text = response.text
    assert "18,322" in text and "(derived)" in text
    assert "Derived by the toolkit, not an official figure" in text
    assert "Left out (no IMD 2019 score on current boundaries):</strong> Buckinghamshire" in text
    assert "Vale of White Horse" in text and "(split between ICBs)" in text


def test_a_former_district_points_to_its_successor(client):
    response = client.get("/areas/E07000004/")
    assert "This is a former district" in response.text
    assert response.context["area"].births is None
    assert "/areas/E06000060/" in response.text


def test_the_area_json(client):
    data = client.get("/areas/api/E54000044.json").json()
    assert data["births"]["value"] == 18322
    assert data["births"]["exact"] == "18321.6529"
    assert data["births"]["period"] == BIRTHS_PERIOD_WORDS
    assert data["births"]["dataset"] == {
        **data["births"]["dataset"],
        "kind": "births_lad",
        "version": 1,
    }
    assert data["deprivation"]["status"] == "derived"
    assert data["url"].endswith("/areas/E54000044/")


def test_the_search_json(client):
    data = client.get("/areas/api/search.json", {"q": "northampton"}).json()
    codes = {r["code"] for r in data["results"]}
    assert {"E06000061", "E06000062", "E54000059", "E07000154"} <= codes
    assert client.get("/areas/api/search.json", {"q": "n"}).json()["results"] == []


def test_the_pages_are_public_and_read_only(client):
    assert client.post("/areas/").status_code == 405
    assert client.post("/areas/E08000037/").status_code == 405
