"""/api/knowledge/actions/, sources/, programmes/ and parameters/: shape, filters,
ignored filters, pagination, drafts and query counts."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.knowledge.models import Parameter, ProgrammeEffect, Source, Status
from tests.knowledge.api_builders import (
    load_frameworks,
    make_action,
    make_factor,
    make_factors,
    make_parameter,
    make_programme,
    make_source,
)

pytestmark = pytest.mark.django_db

ACTIONS = "/api/knowledge/actions/"
SOURCES = "/api/knowledge/sources/"
PROGRAMMES = "/api/knowledge/programmes/"
PARAMETERS = "/api/knowledge/parameters/"
ENVELOPE = {"count", "page", "pages", "next", "previous", "ignored_filters", "results"}


@pytest.fixture(autouse=True)
def frameworks():
    load_frameworks()


def test_it_has_the_fixed_route_names():
    assert [
        reverse(f"api:{name}") for name in ("actions", "sources", "programmes", "parameters")
    ] == [
        ACTIONS,
        SOURCES,
        PROGRAMMES,
        PARAMETERS,
    ]


# --- Actions ----------------------------------------------------------------------


def test_it_lists_actions_of_published_factors(client):
    source = make_source(key="smith2020")
    draft_source = make_source(key="secret2025", status=Status.DRAFT)
    factor = make_factor(slug="low-awareness", title="Low awareness", actions=0)
    hidden = make_factor(slug="hidden", status=Status.DRAFT, actions=0)
    make_action(
        factor=factor,
        title="Brief the board",
        description="Explain it.",
        function="IF-persuasion",
        sources=[source, draft_source],
        resources=[("Guide", "https://example.org/guide")],
        order=1,
    )
    make_action(factor=hidden, title="Secret action")
    data = client.get(ACTIONS).json()
    assert set(data) == ENVELOPE
    assert data["results"] == [
        {
            "factor": {
                "slug": "low-awareness",
                "title": "Low awareness",
                "url": "http://testserver/knowledge/low-awareness/",
            },
            "order": 1,
            "title": "Brief the board",
            "description": "Explain it.",
            "function": "IF-persuasion",
            "resources": [{"label": "Guide", "url": "https://example.org/guide"}],
            "sources": ["smith2020"],
        }
    ]


def test_it_filters_actions_by_factor_and_function(client):
    first = make_factor(slug="first", actions=0)
    second = make_factor(slug="second", actions=0)
    hidden = make_factor(slug="hidden", status=Status.DRAFT, actions=0)
    make_action(factor=first, title="A", function="IF-education")
    make_action(factor=first, title="B", function="IF-persuasion")
    make_action(factor=second, title="C", function="IF-persuasion")
    make_action(factor=hidden, title="D", function="IF-persuasion")

    def titles(query: str) -> list[str]:
        return [row["title"] for row in client.get(f"{ACTIONS}?{query}").json()["results"]]

    assert titles("factor=first") == ["A", "B"]
    assert titles("function=IF-persuasion") == ["B", "C"]
    assert titles("factor=first&function=IF-persuasion") == ["B"]
    assert titles("factor=first&factor=second") == ["A", "B", "C"]
    data = client.get(f"{ACTIONS}?factor=hidden&factor=nope&function=IF-nothing").json()
    assert [row["title"] for row in data["results"]] == ["A", "B", "C"]
    assert data["ignored_filters"] == [
        "Factor: 'hidden'",
        "Factor: 'nope'",
        "Intervention function: 'IF-nothing'",
    ]


def test_it_paginates_actions(client):
    make_factors(5, actions=5)
    data = client.get(f"{ACTIONS}?page_size=10&page=2").json()
    assert (data["count"], data["page"], data["pages"], len(data["results"])) == (25, 2, 3, 10)
    assert data["next"] == f"http://testserver{ACTIONS}?page_size=10&page=3"
    assert data["previous"] == f"http://testserver{ACTIONS}?page_size=10&page=1"


# --- Sources ----------------------------------------------------------------------


def test_it_lists_published_sources(client):
    make_source(
        key="moran2022",
        authors="Moran PM, Coates R",
        title="Exploring collaboration",
        container="Journal of Interprofessional Care",
        year=2022,
        pages="877-885",
        doi="10.1080/13561820.2022.2145274",
        kind=Source.Kind.QUALITATIVE,
        grade=Source.Grade.C,
    )
    make_source(key="secret2025", status=Status.DRAFT)
    data = client.get(SOURCES).json()
    assert set(data) == ENVELOPE
    [row] = data["results"]
    assert row["key"] == "moran2022"
    assert row["short_citation"] == "Moran and Coates (2022)"
    assert row["authors"] == "Moran PM, Coates R"
    assert row["type"] == "qualitative" and row["grade"] == "C"
    assert row["link"] == "https://doi.org/10.1080/13561820.2022.2145274"
    assert row["page_url"] == "http://testserver/knowledge/sources/moran2022/"
    assert row["ris"] == "http://testserver/api/knowledge/citations.ris?key=moran2022"
    assert row["bibtex"] == "http://testserver/api/knowledge/citations.bib?key=moran2022"


def test_it_filters_sources_by_type_and_grade(client):
    make_source(key="a", kind=Source.Kind.REPORT, grade=Source.Grade.D)
    make_source(key="b", kind=Source.Kind.TRIAL, grade=Source.Grade.B)
    make_source(key="c", kind=Source.Kind.TRIAL, grade=Source.Grade.A)

    def keys(query: str) -> list[str]:
        return sorted(row["key"] for row in client.get(f"{SOURCES}?{query}").json()["results"])

    assert keys("type=trial") == ["b", "c"]
    assert keys("type=trial&grade=A") == ["c"]
    assert keys("type=report&type=trial&grade=A&grade=D") == ["a", "c"]
    data = client.get(f"{SOURCES}?type=blog&grade=Z&grade=B").json()
    assert [row["key"] for row in data["results"]] == ["b"]
    assert data["ignored_filters"] == ["Type: 'blog'", "Evidence strength: 'Z'"]


# --- Programmes -------------------------------------------------------------------


def test_it_lists_published_programmes_with_effects(client):
    source = make_source(key="cassidy2017")
    draft_source = make_source(key="secret2025", status=Status.DRAFT)
    programme = make_programme(
        slug="cos-p",
        name="Circle of Security",
        sources=[source, draft_source],
        effects=[
            {"outcome": "Sensitivity", "measure": "SMD", "value": "0.04", "source": source},
            {"outcome": "Attachment", "measure": "OR", "value": "1.2", "source": draft_source},
        ],
    )
    make_programme(slug="hidden", status=Status.REVIEW)
    data = client.get(PROGRAMMES).json()
    assert set(data) == ENVELOPE and data["ignored_filters"] == []
    [row] = data["results"]
    assert row["slug"] == "cos-p" and row["name"] == "Circle of Security"
    assert row["rating"] is None
    assert row["sources"] == ["cassidy2017"]
    assert row["effect_sizes"] == [
        {"outcome": "Sensitivity", "measure": "SMD", "value": "0.04", "source": "cassidy2017"},
        {"outcome": "Attachment", "measure": "OR", "value": "1.2", "source": None},
    ]
    assert row["url"] == f"http://testserver/knowledge/programmes/{programme.slug}/"


# --- Parameters -------------------------------------------------------------------


def test_it_lists_parameter_values_as_decimal_strings(client):
    source = make_source(key="pssru2024")
    make_parameter(
        source=source,
        key="band7_hourly",
        value=Decimal("70.500000"),
        low=Decimal("-0.035000"),
        high=Decimal("8100000000.000000"),
    )
    make_parameter(source=source, key="unverified", status=Status.DRAFT)
    data = client.get(PARAMETERS).json()
    [row] = data["results"]
    assert row["key"] == "band7_hourly"
    assert (row["value"], row["low"], row["high"]) == ("70.5", "-0.035", "8100000000")
    assert row["source"] == "pssru2024"
    assert row["url"] == "http://testserver/knowledge/parameters/band7_hourly/"
    assert '"value": "70.5"' in client.get(PARAMETERS).content.decode()


def test_it_filters_parameters_by_category(client):
    source = make_source()
    make_parameter(source=source, key="a", category=Parameter.Category.UNIT_COST)
    make_parameter(source=source, key="b", category=Parameter.Category.DISCOUNT_RATE)
    data = client.get(f"{PARAMETERS}?category=discount_rate&category=vibes").json()
    assert [row["key"] for row in data["results"]] == ["b"]
    assert data["ignored_filters"] == ["Category: 'vibes'"]


def test_a_parameter_citing_a_draft_source_does_not_name_it(client):
    make_parameter(source=make_source(key="secret2025", status=Status.DRAFT))
    response = client.get(PARAMETERS)
    assert response.json()["results"][0]["source"] is None
    assert "secret2025" not in response.content.decode()


# --- Every list -------------------------------------------------------------------


@pytest.mark.parametrize("url", [ACTIONS, SOURCES, PROGRAMMES, PARAMETERS])
@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=-1", "page=99", "page_size=100000", "page_size=x", "type=x&key=%27"],
)
def test_every_list_clamps_bad_input(client, url, query):
    make_factor()
    make_parameter(source=make_source())
    make_programme()
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    assert set(response.json()) == ENVELOPE


def test_nul_characters_in_a_filter_are_refused_before_the_view(client):
    make_factor()
    response = client.get(f"{ACTIONS}?factor=%00&function=IF-%00education")
    assert response.status_code == 400


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(count: int) -> None:
    sources = [make_source() for _ in range(2)]
    for factor in make_factors(count, sources=sources, actions=2):
        make_action(
            factor=factor, sources=sources, resources=[("Guide", "https://example.org/guide")]
        )
    for _ in range(count):
        make_programme(
            sources=sources,
            effects=[{"outcome": "O", "measure": "M", "value": "1", "source": sources[0]}],
        )
        make_parameter(source=sources[1])


def test_query_counts_do_not_grow_with_the_number_of_items(client, alice):
    client.force_login(alice)
    urls = [
        f"{ACTIONS}?page_size=100",
        f"{ACTIONS}?factor=factor-1&function=IF-education",
        f"{SOURCES}?page_size=100&type=qualitative",
        f"{PROGRAMMES}?page_size=100",
        f"{PARAMETERS}?page_size=100&category=unit_cost",
    ]
    _grow(5)
    small = [_queries(client, url) for url in urls]
    _grow(60)
    assert ProgrammeEffect.objects.count() == 65
    large = [_queries(client, url) for url in urls]
    assert small == large, (small, large)
