"""The knowledge pages run a fixed number of queries, however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_user
from tests.knowledge.builders import (
    load_frameworks,
    make_factors_bulk,
    make_parameter,
    make_programme,
)

pytestmark = pytest.mark.django_db


def query_counts(client, urls: list[str]) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries.captured_queries)
    return counts


def test_page_queries_do_not_grow_from_10_to_500_factors(client):
    load_frameworks()
    # Signed in, so every request is rendered rather than served from the page cache.
    client.force_login(make_user())
    first = make_factors_bulk(10)[0]
    for _ in range(3):
        make_programme(sources=[make_parameter().source])
    urls = [
        reverse("knowledge:index"),
        reverse("knowledge:index") + "?kind=barrier&comb=CPs&q=bulk&page=2",
        reverse("knowledge:factor", args=[first.slug]),
        reverse("knowledge:explorer"),
        reverse("knowledge:programme_list"),
        reverse("knowledge:parameter_list"),
        reverse("knowledge:source_list"),
        reverse("knowledge:source", args=[first.sources.get().key]),
    ]
    small = query_counts(client, urls)
    make_factors_bulk(490)
    for _ in range(20):
        make_programme(sources=[make_parameter().source])
    large = query_counts(client, urls)
    assert small == large
