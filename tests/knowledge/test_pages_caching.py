"""Whole-page caching for anonymous visitors, and that edits show at once."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.knowledge import caching
from commissioning.knowledge.models import Status
from tests.factories import make_user
from tests.knowledge.builders import make_parameter, make_programme, make_small_kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb():
    content = make_small_kb()
    make_programme(slug="video-feedback", sources=[make_parameter(key="hourly").source])
    return content


@pytest.fixture
def memory_cache(settings):
    """A local-memory cache, so a cached page costs no database query at all."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "knowledge-page-tests",
        },
    }
    cache.clear()
    yield
    cache.clear()


def urls(kb) -> list[str]:
    return [
        reverse("knowledge:index"),
        reverse("knowledge:index") + "?kind=barrier&q=funding",
        reverse("knowledge:factor", args=[kb["short_term"].slug]),
        reverse("knowledge:explorer"),
        reverse("knowledge:programme_list"),
        reverse("knowledge:programme", args=["video-feedback"]),
        reverse("knowledge:parameter_list"),
        reverse("knowledge:parameter", args=["hourly"]),
        reverse("knowledge:source_list"),
    ]


def test_a_repeat_anonymous_visit_is_served_from_the_cache(client, kb, memory_cache):
    for url in urls(kb):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert second.status_code == 200
        assert len(queries.captured_queries) == 0, url
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]


def test_with_the_database_cache_a_repeat_visit_needs_no_query(client, kb):
    """The generation is shared through the database cache but remembered by the
    process for a second, and pages are kept in process memory."""
    url = reverse("knowledge:index")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert queries.captured_queries == []


def test_other_processes_see_a_change_within_the_generation_ttl(client, kb, monkeypatch):
    """Simulate another app server bumping the shared generation: this process
    notices once its remembered copy is older than GENERATION_TTL."""
    url = reverse("knowledge:index")
    before = client.get(url).content
    cache.incr(caching.GENERATION_KEY)  # the other server's change
    kb["draft"].__class__.objects.filter(pk=kb["draft"].pk).update(status=Status.PUBLISHED)
    assert client.get(url).content == before  # still within the TTL
    monkeypatch.setattr(caching, "GENERATION_TTL", -1)
    assert "Secret draft factor" in client.get(url).content.decode()


def test_publishing_and_unpublishing_show_at_once(client, kb, memory_cache):
    draft = kb["draft"]
    index, detail = reverse("knowledge:index"), reverse("knowledge:factor", args=[draft.slug])
    assert "Secret draft factor" not in client.get(index).content.decode()
    assert client.get(detail).status_code == 404

    draft.status = Status.PUBLISHED
    draft.save()
    assert "Secret draft factor" in client.get(index).content.decode()
    assert client.get(detail).status_code == 200

    draft.status = Status.DRAFT
    draft.save()
    assert "Secret draft factor" not in client.get(index).content.decode()
    assert client.get(detail).status_code == 404


def test_an_edit_shows_at_once(client, kb, memory_cache):
    factor = kb["short_term"]
    url = reverse("knowledge:factor", args=[factor.slug])
    client.get(url)
    factor.summary = "A brand new summary."
    factor.save()
    assert "A brand new summary." in client.get(url).content.decode()


def test_signed_in_users_are_never_served_a_cached_page(client, kb, memory_cache):
    url = reverse("knowledge:index")
    anonymous_page = client.get(url).content.decode()
    assert "Signed in as" not in anonymous_page

    client.force_login(make_user(name="Alice North"))
    for _ in range(2):
        html = client.get(url).content.decode()
        # Rendered for her (only the list is a shared fragment, tests in
        # test_signed_in_fragments.py).
        assert "Alice North" in html
        assert kb["short_term"].title in html

    # ...and a signed-in page is never handed to the next anonymous visitor.
    client.logout()
    assert "Alice North" not in client.get(url).content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_pages_only_answer_get(client, kb, method):
    response = getattr(client, method)(reverse("knowledge:index"))
    assert response.status_code == 405


def test_a_change_in_a_transaction_bumps_the_generation_again_at_commit(
    kb, memory_cache, django_capture_on_commit_callbacks
):
    """With a shared cache outside the database (here a memory cache, as with Redis)
    another process could see the first bump before the rows commit and keep the old
    content under it; the bump at commit retires that. One bump at commit however many
    rows changed."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            make_parameter(key=f"bulk-{n}")
        during = caching.generation()
    assert caching.generation() == during + 1
