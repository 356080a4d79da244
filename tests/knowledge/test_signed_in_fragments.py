"""Signed-in knowledge pages: the factor list and a factor's body are template fragments
cached under the content generation, shared by every reader, while the rest of the
page (the reader's name, the header) is rendered for each request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.knowledge.models import Status
from tests.factories import make_user
from tests.knowledge.builders import load_frameworks, make_factors_bulk, make_small_kb
from tests.knowledge.curation_support import make_curator

pytestmark = pytest.mark.django_db

INDEX = reverse("knowledge:index")


@pytest.fixture
def kb():
    return make_small_kb()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def pages_of(kb) -> list[str]:
    return [
        INDEX,
        INDEX + "?kind=barrier&comb=CPs&level=general",
        INDEX + "?q=funding",
        reverse("knowledge:factor", args=[kb["short_term"].slug]),
    ]


def test_a_change_to_a_published_factor_shows_at_once_signed_in(client, kb):
    client.force_login(make_user())
    factor = kb["short_term"]
    detail = reverse("knowledge:factor", args=[factor.slug])
    for url in (INDEX, detail):
        assert "Money arrives a year at a time." in page(client, url)
        assert "Money arrives a year at a time." in page(client, url)  # from the fragment

    factor.summary = "Grants now run for three years."
    factor.body = "A **new** body."
    factor.save()
    for url in (INDEX, detail):
        html = page(client, url)
        assert "Grants now run for three years." in html
        assert "Money arrives a year at a time." not in html
    assert "<strong>new</strong> body" in page(client, detail)

    factor.status = Status.DRAFT
    factor.save()
    assert "Short-term funding" not in page(client, INDEX)
    assert client.get(detail).status_code == 404


@pytest.mark.parametrize("first", ["curator", "member"])
def test_curators_and_members_share_only_published_content(client, kb, first):
    """Both see published factors only (curators work on drafts in the admin), so
    whoever renders a fragment first, the other never sees a draft or their name."""
    people = {
        "curator": make_curator(name="Carla Curator"),
        "member": make_user(name="Max Member"),
    }
    order = [first, *(name for name in people if name != first)]
    for name in order:
        client.force_login(people[name])
        other = people["member" if name == "curator" else "curator"]
        for url in pages_of(kb):
            html = page(client, url)
            assert people[name].name in html
            assert other.name not in html
            assert "Secret draft factor" not in html
            assert "Factor under review" not in html
        assert client.get(reverse("knowledge:factor", args=[kb["draft"].slug])).status_code == 404
        client.logout()


def test_filtered_and_search_fragments_differ_by_query(client, kb):
    client.force_login(make_user())
    expected = {
        "?kind=barrier": ({"Short-term funding", "Pandemic disruption"}, {"Local champions"}),
        "?kind=enabler": ({"Local champions", "Pandemic disruption"}, {"Short-term funding"}),
        "?q=champions": ({"Local champions"}, {"Short-term funding", "Pandemic disruption"}),
        "?q=video": ({"Pandemic disruption"}, {"Short-term funding", "Local champions"}),
    }
    for _ in range(2):  # rendered, then from the fragments
        for query, (shown, hidden) in expected.items():
            html = page(client, INDEX + query)
            for title in shown:
                assert title in html, (query, title)
            for title in hidden:
                assert title not in html, (query, title)
    assert 'value="champions"' in page(client, INDEX + "?q=champions")
    assert 'value="video"' in page(client, INDEX + "?q=video")
    assert "(filtered)" in page(client, INDEX + "?kind=barrier")
    assert "(filtered)" not in page(client, INDEX)


def count_queries(client, urls: list[str]) -> dict[str, tuple[int, int]]:
    """(first request, second request) queries for each page."""
    counts = {}
    for url in urls:
        runs = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                page(client, url)
            runs.append(len(queries.captured_queries))
        counts[url] = (runs[0], runs[1])
    return counts


def test_query_counts_are_flat_from_10_to_60_factors_and_few_from_the_fragments(client):
    load_frameworks()
    client.force_login(make_user())
    first = make_factors_bulk(10)[0]
    urls = [
        INDEX,
        INDEX + "?kind=barrier&comb=CPs&level=general",
        INDEX + "?q=bulk&page=2",
        reverse("knowledge:factor", args=[first.slug]),
    ]
    small = count_queries(client, urls)
    make_factors_bulk(50)  # its theme and source are saved one by one: a new generation
    large = count_queries(client, urls)
    assert small == large
    for url, (rendered, from_fragment) in large.items():
        # The session and the user; the factor page also checks the factor is published.
        assert from_fragment <= 3, url
        assert from_fragment < rendered, url


def test_the_fragment_runs_no_knowledge_query_for_the_list(client, kb):
    client.force_login(make_user())
    page(client, INDEX + "?q=funding")
    with CaptureQueriesContext(connection) as queries:
        page(client, INDEX + "?q=funding")
    assert not [q for q in queries.captured_queries if "knowledge_" in q["sql"]]
