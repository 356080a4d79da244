"""The live results page and the comparison of cases."""

import re

import pytest
from django.urls import reverse

from commissioning.cases import services
from commissioning.cases.models import Case
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_it_shows_the_headline_figures(signed_in, case):
    response = signed_in.get(reverse("cases:results", args=[case.pk]))
    assert response.status_code == 200
    text = text_of(response.text)
    for label in (
        "Net present value (NPV)",
        "Benefit-cost ratio (BCR)",
        "Return on investment (ROI)",
        "Fiscal return on investment",
        "Discounted payback",
        "Families reached",
        "Cost per family reached",
        "Cost per net case avoided",
    ):
        assert label in text
    result = response.context["result"]
    assert result.switching_sentence in text
    assert "Compared with doing nothing" in text
    assert "Option 0: do nothing" in text
    # The template's case is not recovered within its horizon.
    assert result.payback_year is None
    assert "Not within the horizon" in text


def test_it_draws_each_chart_with_a_table_and_a_reading(signed_in, case):
    html = signed_in.get(reverse("cases:results", args=[case.pk])).text
    for chart_id in (
        "chart-costs-benefits",
        "chart-cumulative-npv",
        "chart-agencies",
        "chart-tornado",
    ):
        assert f'id="{chart_id}"' in html
    assert html.count("What this shows:") == 4
    assert html.count("<svg") == 4
    assert "Probabilistic analysis" in html
    assert "Scenarios" in html


def test_it_says_where_every_input_came_from(signed_in, case):
    text = text_of(signed_in.get(reverse("cases:results", args=[case.pk])).text)
    assert "Every input and where it comes from" in text
    assert "From the parameter library" in text
    assert "Disorganised attachment in low-risk families" in text
    assert "Evidence grade: A: systematic review" in text
    assert "Status mark: V" in text
    assert "Illustrative: replace with a local figure" in text


def test_changing_an_assumption_changes_the_results(signed_in, case):
    url = reverse("cases:results", args=[case.pk])
    first = signed_in.get(url).context
    data = page_data(
        case,
        "outcomes",
        **{"outcomes-0-relative_reduction": "60", "outcomes-0-effect_source": "A new trial"},
    )
    signed_in.post(reverse("cases:step", args=[case.pk, "outcomes"]), data)
    second = signed_in.get(url).context
    assert second["result"].npv > first["result"].npv
    assert second["result"].switching_sentence != first["result"].switching_sentence
    assert second["result"].switching_sentence in signed_in.get(url).text


def test_an_expansion_case_says_its_figures_are_increments(signed_in, alice, north, library):
    case = services.case_create(organisation=north, user=alice, kind="expansion", title="Grow")
    for url in (
        reverse("cases:tasks", args=[case.pk]),
        reverse("cases:step", args=[case.pk, "need"]),
        reverse("cases:results", args=[case.pk]),
    ):
        assert "Enter only the increments" in signed_in.get(url).text


def test_outsiders_cannot_see_the_results(client, bob, case):
    client.force_login(bob)
    assert client.get(reverse("cases:results", args=[case.pk])).status_code == 404


def test_it_compares_cases_with_doing_nothing(signed_in, alice, north, case):
    other = services.case_create(
        organisation=north, user=alice, kind=Case.Kind.SYSTEM_CHAMPIONS, title="Champions"
    )
    url = reverse("cases:compare") + f"?case={case.pk}&case={other.pk}"
    response = signed_in.get(url)
    assert response.status_code == 200
    text = text_of(response.text)
    assert "Option 0: do nothing" in text
    assert "Option 1: Northborough team" in text
    assert "Option 2: Champions" in text


@pytest.mark.parametrize(
    "query", ["", "?case=1", "?case=x&case=2", "?case=1&case=2&case=3&case=4&case=5"]
)
def test_compare_asks_for_two_to_four_cases(signed_in, case, query):
    response = signed_in.get(reverse("cases:compare") + query)
    assert response.status_code == 200
    assert "table" not in response.context or response.context.get("table") is None
    if query:
        assert "Select between 2 and 4 cases to compare" in response.text


def test_compare_is_404_for_another_organisations_case(signed_in, bob, south, case, library):
    theirs = services.case_create(organisation=south, user=bob, kind="new_team", title="Theirs")
    url = reverse("cases:compare") + f"?case={case.pk}&case={theirs.pk}"
    assert signed_in.get(url).status_code == 404


def test_the_index_lists_only_my_organisations_cases(signed_in, bob, south, case, library):
    services.case_create(organisation=south, user=bob, kind="new_team", title="Their secret case")
    text = signed_in.get(reverse("cases:index")).text
    assert "Northborough team" in text
    assert "Their secret case" not in text
