"""The public areas pages and JSON: search by name or code, one area's figures with
the period and provenance, and "not available" where IMD 2019 has no figure."""

import pytest

from commissioning.areas.defaults import IMD_MISSING_COUNTY, AreaNotFound, area_defaults
from commissioning.areas.models import Area
from tests.areas.support import BIRTHS_PERIOD_WORDS, births_age, load_shipped

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
    assert icbs.context["page"].paginator.count == 51  # 36 current, 15 ceased codes
    upper = client.get("/areas/", {"level": "utla"})
    assert upper.context["page"].paginator.count == 24 + 132  # counties + unitaries
    surrey = client.get("/areas/", {"q": "Surrey", "level": "icb"})
    # The current ICB first, then the ceased codes, which keep their pages.
    assert [a.code for a in surrey.context["page"].object_list] == [
        "E54000069",
        "E54000052",
        "E54000063",
    ]
    assert "(ceased 1 April 2024)" in surrey.text and "(ceased 1 April 2026)" in surrey.text


def test_it_paginates_every_area(client):
    first = client.get("/areas/")
    # Districts of 2022, the 4 unitaries of 2023, counties, ICBs, districts gone by 2021.
    total = 309 + 4 + 24 + 51 + 11
    assert first.context["page"].paginator.count == Area.objects.count() == total
    assert len(first.context["page"].object_list) == 25
    last = client.get("/areas/", {"page": first.context["page"].paginator.num_pages})
    assert last.status_code == 200 and len(last.context["page"].object_list) == total % 25


def test_an_area_page_gives_the_births_period_and_provenance(client):
    response = client.get("/areas/E08000037/")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Gateshead</h1>" in text
    assert "1 July 2018 to 30 June 2019 (ONS mid-year estimate, not calendar-year" in text
    assert BIRTHS_PERIOD_WORDS in response.context["area"].births.period
    assert f"Age:</strong> {births_age()}" in text
    # The original publisher, dataset and licence; never the intermediate copy.
    assert "Office for National Statistics (ONS), &#x27;Estimates of the population" in text
    assert "English Indices of Deprivation 2025" in text
    assert "Ministry of Housing, Communities and Local Government (MHCLG)" in text
    assert "Where these figures come from" in text
    assert "Open Government Licence v3.0" in text
    assert "GitHub" not in text and "humaniverse" not in text and "daedalus" not in text
    assert "Rank of average score (1 is most deprived)" in text


def test_the_code_is_not_case_sensitive(client):
    assert client.get("/areas/e08000037/").status_code == 200


def test_an_unknown_code_is_404(client):
    assert client.get("/areas/E99999999/").status_code == 404
    assert client.get("/areas/api/E99999999.json").status_code == 404
    with pytest.raises(AreaNotFound):
        area_defaults("nonsense")


@pytest.mark.parametrize(
    ("code", "score", "rank"),
    [("E06000060", "11.921", 250), ("E06000061", "18.472", 157), ("E06000062", "16.646", 177)],
)
def test_iod_2025_covers_the_newer_unitaries_and_imd_2019_stays_as_history(
    client, code, score, rank
):
    defaults = area_defaults(code)
    assert defaults.deprivation.status == "official"
    assert (str(defaults.deprivation.score), defaults.deprivation.rank) == (score, rank)
    assert defaults.deprivation.rank_of == 296
    assert defaults.deprivation.dataset.title.startswith("English Indices of Deprivation 2025")
    # IMD 2019 has no figure on these boundaries: no history row is invented, and the
    # former districts' own 2019 scores are listed, never averaged.
    assert defaults.deprivation.history == ()
    assert defaults.former_districts and all(f.score for f in defaults.former_districts)
    assert defaults.former_edition == "Index of Multiple Deprivation 2019"
    response = client.get(f"/areas/{code}/")
    assert "not combined" in response.text


def test_a_district_page_keeps_imd_2019_as_history_and_warns_against_comparing(client):
    defaults = area_defaults("E08000037")  # Gateshead
    assert defaults.deprivation.dataset.version == 2
    (history,) = defaults.deprivation.history
    assert history.dataset.title.startswith("Index of Multiple Deprivation 2019")
    assert history.rank_of == 317
    text = client.get("/areas/E08000037/").text
    assert "Deprivation (English Indices of Deprivation 2025)" in text
    assert "Earlier edition (history)" in text
    assert "Do not compare these with the figures above" in text
    assert "on different geographies" in text


def test_a_county_page_explains_why_there_is_no_deprivation_summary(client):
    response = client.get("/areas/E10000003/")
    assert response.context["area"].deprivation.note == IMD_MISSING_COUNTY
    assert "6,628" in response.text  # Cambridgeshire's births, as published


def test_an_icb_page_labels_derived_figures_and_lists_its_districts(client):
    response = client.get("/areas/E54000070/")  # NHS Thames Valley, formed April 2026
    text = response.text
    assert "23,594" in text and "(derived)" in text
    assert "Derived by the toolkit, not an official figure" in text
    assert "Vale of White Horse" in text and "(split between ICBs)" in text
    assert "ICBs of April 2026 (from 1 April 2026), the current map, derived" in text
    assert "The ICBs of April 2026 map is derived by the toolkit" in text
    assert f"Age:</strong> {births_age()}" in text


def test_a_county_page_says_its_icbs_are_from_an_older_map(client):
    text = client.get("/areas/E10000006/").text  # Cumbria
    assert "These ICBs are from the <strong>ICBs of July 2022</strong> map" in text
    assert "no lookup for the current map (ICBs of April 2026) exists at this level" in text


def test_a_district_merged_in_2023_points_to_its_successor(client):
    response = client.get("/areas/E07000026/")  # Allerdale
    assert 'It was replaced by <a href="/areas/E06000063/">Cumberland</a> on 1 April 2023' in (
        response.text
    )
    assert "Cumberland, which replaced it" in response.text
    assert "Start a self-assessment for Allerdale" not in response.text


def test_a_former_district_points_to_its_successor(client):
    response = client.get("/areas/E07000004/")
    assert "This is a former district" in response.text
    assert response.context["area"].births is None
    assert "/areas/E06000060/" in response.text


def test_the_area_json(client):
    data = client.get("/areas/api/E54000070.json").json()
    assert data["births"]["value"] == 23594
    assert data["births"]["exact"] == "23593.7589"
    assert data["births"]["period"] == BIRTHS_PERIOD_WORDS
    assert data["births"]["period_end"] == "2019-06-30"
    assert data["births"]["age"] == births_age()
    assert data["births"]["dataset"] == {
        **data["births"]["dataset"],
        "kind": "births_lad",
        "version": 2,
    }
    assert data["map"]["name"] == "ICBs of April 2026" and data["map"]["derived"]
    assert data["deprivation"]["status"] == "derived"
    assert data["url"].endswith("/areas/E54000070/")


def test_the_search_json(client):
    data = client.get("/areas/api/search.json", {"q": "northampton"}).json()
    codes = {r["code"] for r in data["results"]}
    assert {"E06000061", "E06000062", "E54000059", "E07000154"} <= codes
    assert client.get("/areas/api/search.json", {"q": "n"}).json()["results"] == []


def test_the_pages_are_public_and_read_only(client):
    assert client.post("/areas/").status_code == 405
    assert client.post("/areas/E08000037/").status_code == 405
