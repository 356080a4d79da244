"""/api/knowledge/factors/ and /api/knowledge/factors/<slug>/: shape, filters identical
to the HTML list (selectors.factor_search), pagination, drafts, 404s, bad input and a
query count that does not grow with the number of factors."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.knowledge.models import Factor, Status
from commissioning.knowledge.selectors import factor_search
from tests.knowledge.api_builders import (
    load_frameworks,
    make_action,
    make_factor,
    make_factors,
    make_source,
    make_theme,
)

pytestmark = pytest.mark.django_db

LIST = "/api/knowledge/factors/"


@pytest.fixture(autouse=True)
def frameworks():
    load_frameworks()


def detail_url(slug: str) -> str:
    return f"/api/knowledge/factors/{slug}/"


def all_slugs(client, query: str) -> list[str]:
    """Every slug the API returns for ``query``, following the next links."""
    slugs: list[str] = []
    url: str | None = f"{LIST}?page_size=100&{query}"
    while url:
        data = client.get(url).json()
        slugs += [row["slug"] for row in data["results"]]
        url = data["next"]
    return slugs


def test_it_has_the_fixed_route_names():
    assert reverse("api:factors") == LIST
    assert reverse("api:factor", args=["a-slug"]) == detail_url("a-slug")


def test_it_lists_published_factors_with_their_mappings(client):
    source = make_source(key="smith2020")
    factor = make_factor(
        title="Low awareness",
        slug="low-awareness",
        sources=[source],
        perspectives=["commissioner", "parent"],
        codes={"comb": ["CPs"], "bcts": ["5.1"]},
        actions=2,
    )
    data = client.get(LIST).json()
    assert set(data) == {"count", "page", "pages", "next", "previous", "ignored_filters", "results"}
    assert (data["count"], data["page"], data["pages"]) == (1, 1, 1)
    assert data["next"] is None and data["previous"] is None
    assert data["ignored_filters"] == []
    [row] = data["results"]
    assert row["slug"] == "low-awareness"
    assert row["title"] == "Low awareness"
    assert row["kind"] == "barrier" and row["level"] == "pair"
    assert row["theme"] == {"slug": factor.theme.slug, "name": factor.theme.name}
    assert row["summary"] == factor.summary
    assert row["url"] == "http://testserver/knowledge/low-awareness/"
    assert row["comb"] == [{"code": "CPs", "name": "Psychological capability", "basis": "editor"}]
    assert row["bcts"] == [
        {"code": "5.1", "name": "Information about health consequences", "basis": "editor"}
    ]
    assert [m["code"] for m in row["tdf"]] == ["TDF01"]
    assert [m["code"] for m in row["functions"]] == ["IF-education"]
    assert [m["code"] for m in row["policies"]] == ["PC-communication"]
    assert [p["code"] for p in row["perspectives"]] == ["commissioner", "parent"]
    assert row["sources"] == ["smith2020"]
    assert row["action_count"] == 2
    assert "body" not in row


def test_it_shows_a_factor_in_full(client):
    source = make_source(key="smith2020")
    draft_source = make_source(key="secret2025", status=Status.DRAFT)
    factor = make_factor(slug="low-awareness", sources=[source, draft_source], actions=0)
    related = make_factor(slug="related-one")
    hidden = make_factor(slug="hidden-one", status=Status.DRAFT)
    factor.related.add(related, hidden)
    make_action(
        factor=factor,
        title="Brief the board",
        description="Explain infant mental health.",
        function="IF-persuasion",
        sources=[source, draft_source],
        resources=[("Toolkit", "https://example.org/toolkit")],
    )
    response = client.get(detail_url("low-awareness"))
    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == "low-awareness"
    assert data["body"] == factor.body
    assert data["sources"] == ["smith2020"]
    assert data["related"] == ["related-one"]
    assert data["action_count"] == 1
    assert data["actions"] == [
        {
            "title": "Brief the board",
            "description": "Explain infant mental health.",
            "function": "IF-persuasion",
            "resources": [{"label": "Toolkit", "url": "https://example.org/toolkit"}],
            "sources": ["smith2020"],
        }
    ]
    assert "secret2025" not in response.content.decode()
    assert "hidden-one" not in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_it_never_shows_unpublished_factors(client, status):
    make_factor(slug="published-one")
    make_factor(slug="not-yet", status=status)
    assert all_slugs(client, "") == ["published-one"]
    response = client.get(detail_url("not-yet"))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_answers_404_json_for_an_unknown_slug(client):
    response = client.get(detail_url("no-such-factor"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_it_only_answers_get(client):
    assert client.post(LIST).status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=barrier",
        "kind=enabler",
        "kind=barrier&kind=enabler",
        "level=general",
        "theme=theme-red",
        "comb=MRe",
        "comb=CPs&comb=OSo",
        "tdf=TDF06",
        "function=IF-persuasion",
        "perspective=parent",
        "kind=enabler&comb=OSo&perspective=parent",
        "q=money",
        "q=money funding&kind=barrier",
        "kind=nonsense&comb=ZZZ",
    ],
)
def test_it_filters_exactly_like_the_html_list(client, query):
    red = make_theme(name="Red", slug="theme-red")
    make_factors(2, kind=Factor.Kind.BARRIER, title="Money is short")
    make_factors(2, kind=Factor.Kind.ENABLER, level=Factor.Level.GENERAL, theme=red)
    make_factors(
        2,
        kind=Factor.Kind.BOTH,
        summary="Funding and money",
        perspectives=["parent"],
        codes={"comb": ["OSo", "MRe"], "tdf": ["TDF06"], "functions": ["IF-persuasion"]},
    )
    make_factors(1, kind=Factor.Kind.BOTH, status=Status.DRAFT, title="Money draft")
    factors = factor_search(QueryDict(query), with_facets=False).factors
    # Same filter and order; the API adds the primary key to break ties between titles.
    expected = [f.slug for f in factors.order_by(*factors.query.order_by, "pk")]
    assert all_slugs(client, query) == expected
    assert sorted(expected) == sorted(f.slug for f in factors)


def test_kind_barrier_includes_factors_that_are_both(client):
    both = make_factor(kind=Factor.Kind.BOTH)
    barrier = make_factor(kind=Factor.Kind.BARRIER)
    make_factor(kind=Factor.Kind.ENABLER)
    assert set(all_slugs(client, "kind=barrier")) == {both.slug, barrier.slug}


def test_it_reports_ignored_filters(client):
    make_factor()
    data = client.get(f"{LIST}?kind=nonsense&comb=ZZZ&comb=CPs").json()
    assert data["ignored_filters"] == ["Barrier or enabler: 'nonsense'", "COM-B: 'ZZZ'"]
    assert data["count"] == 1


def test_it_includes_facets_only_when_asked(client):
    make_factors(2, kind=Factor.Kind.BOTH)
    make_factor(kind=Factor.Kind.ENABLER)
    assert "facets" not in client.get(LIST).json()
    facets = client.get(f"{LIST}?facets=1&kind=barrier").json()["facets"]
    assert facets["kind"]["label"] == "Barrier or enabler"
    assert facets["kind"]["options"] == [
        {"value": "barrier", "label": "Barriers", "count": 2, "selected": True},
        {"value": "enabler", "label": "Enablers", "count": 3, "selected": False},
    ]
    assert set(facets) == {
        "kind",
        "level",
        "theme",
        "comb",
        "tdf",
        "function",
        "policy",
        "perspective",
    }


def test_it_paginates_with_absolute_links(client):
    make_factors(45)
    first = client.get(LIST).json()
    assert (first["count"], first["page"], first["pages"]) == (45, 1, 3)
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"] == f"http://testserver{LIST}?page=2"
    second = client.get(first["next"]).json()
    assert second["previous"] == f"http://testserver{LIST}?page=1"
    assert second["next"] == f"http://testserver{LIST}?page=3"
    last = client.get(second["next"]).json()
    assert len(last["results"]) == 5 and last["next"] is None
    slugs = [r["slug"] for page in (first, second, last) for r in page["results"]]
    assert len(set(slugs)) == 45


def test_next_links_keep_the_filters(client):
    make_factors(3, kind=Factor.Kind.ENABLER)
    data = client.get(f"{LIST}?kind=enabler&page_size=1").json()
    assert data["next"] == f"http://testserver{LIST}?kind=enabler&page_size=1&page=2"


@pytest.mark.parametrize(
    ("query", "page", "size"),
    [
        ("page=abc", 1, 20),
        ("page=-3", 1, 20),
        ("page=0", 1, 20),
        ("page=999", 3, 20),
        ("page=" + "9" * 5000, 1, 20),
        ("page=1.5", 1, 20),
        ("page_size=100000", 1, 100),
        ("page_size=0", 1, 1),
        ("page_size=-5", 1, 1),
        ("page_size=abc", 1, 20),
        ("page_size=7&page=2", 2, 7),
    ],
)
def test_it_clamps_bad_paging(client, query, page, size):
    make_factors(45)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    data = response.json()
    assert data["page"] == page
    assert len(data["results"]) == min(size, 45 - (page - 1) * size)


def test_next_links_carry_the_clamped_page_size(client):
    make_factors(150)
    data = client.get(f"{LIST}?page_size=100000").json()
    assert data["next"] == f"http://testserver{LIST}?page_size=100&page=2"


@pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")
@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 10_000,
        "q=%27%3B%20DROP%20TABLE%20knowledge_factor%3B%20--",
        "q=%25%25_%5C",
        "kind=barrier&theme=%27%20OR%201%3D1",
        "q=" + "word%20" * 500,
        "comb=" + "%27" * 3000,
    ],
)
def test_it_survives_hostile_input(client, query):
    # (A NUL anywhere is refused with 400 before any view runs: core/request_checks.py.)
    make_factor(title="Money matters")
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert Factor.objects.count() == 1
    assert isinstance(response.json()["results"], list)


def test_it_says_when_a_long_search_was_shortened(client):
    make_factor()
    data = client.get(f"{LIST}?q=" + "x" * 10_000).json()
    assert data["ignored_filters"] == ["Search: only the first 200 characters were used"]


def test_it_links_html_pages_or_none_while_a_page_does_not_exist():
    from commissioning.knowledge.views import api

    make_factor(slug="a-factor")
    request = type("Request", (), {"build_absolute_uri": lambda self, path: "http://x" + path})()
    assert (
        api.absolute_url(request, "knowledge:factor", "a-factor") == "http://x/knowledge/a-factor/"
    )
    assert api.absolute_url(request, "knowledge:no-such-route", "a-factor") is None


def count_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_number_of_factors(client, alice):
    # A signed-in client is never served from the page cache.
    client.force_login(alice)
    sources = [make_source(), make_source()]
    first = make_factor(slug="aaa-first", title="Aaa first", sources=sources, actions=3)
    make_action(factor=first, resources=[("Guide", "https://example.org/guide")])
    make_factors(9, sources=sources, actions=3)
    first.related.add(*Factor.objects.exclude(pk=first.pk)[:3])
    urls = [f"{LIST}?page_size=100", f"{LIST}?kind=barrier&facets=1", detail_url("aaa-first")]
    small = [count_queries(client, url) for url in urls]
    make_factors(190, sources=sources, actions=3)
    large = [count_queries(client, url) for url in urls]
    assert client.get(f"{LIST}?page_size=100").json()["count"] == 200
    assert small == large, (small, large)
