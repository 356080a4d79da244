"""Source list and source pages."""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from commissioning.knowledge.models import Status
from commissioning.knowledge.views import pages
from tests.knowledge.builders import (
    load_frameworks,
    make_action,
    make_factor,
    make_parameter,
    make_programme,
    make_source,
)
from toolkit.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db


def _export(request) -> HttpResponse:
    return HttpResponse("")


# A URL map with citation exports, standing in for the API (used by @pytest.mark.urls).
urlpatterns = [p for p in site_urlpatterns if getattr(p, "namespace", None) != "api"] + [
    path(
        "api/knowledge/",
        include(
            (
                [
                    path("citations.ris", _export, name="citations_ris"),
                    path("citations.bib", _export, name="citations_bibtex"),
                ],
                "api",
            )
        ),
    )
]


@pytest.fixture
def sources():
    load_frameworks()
    paper = make_source(
        key="mcsweeney2025",
        authors="McSweeney L, Bateson K, Hamilton W, Arnott B",
        title="Who's got the infants in mind?",
        container="BMC Health Services Research",
        year=2025,
        volume="25",
        issue="1",
        pages="1020",
        doi="10.1186/s12913-025-13215-5",
        url="https://example.org/paper",
        kind="qualitative",
        grade="C",
        notes="Seed study.",
    )
    cited_by_action = make_factor(title="Cited through an action", slug="via-action")
    make_action(factor=cited_by_action, sources=[paper])
    make_factor(title="Cites it directly", slug="direct", sources=[paper])
    make_factor(title="Draft citer", slug="draft-citer", sources=[paper], status=Status.DRAFT)
    make_programme(name="Programme citing it", slug="citing", sources=[paper])
    make_programme(name="Draft programme", slug="draft-prog", sources=[paper], status="draft")
    make_parameter(name="Parameter citing it", key="citing_value", source=paper)
    make_parameter(name="Draft parameter", key="draft_value", source=paper, status="draft")
    make_source(key="draft2020", title="A draft source", status=Status.DRAFT)
    make_source(key="review2021", title="A source in review", status=Status.REVIEW)
    return paper


def test_the_list_shows_published_sources_with_type_and_grade(client, sources):
    response = client.get(reverse("knowledge:source_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/knowledge/sources/mcsweeney2025/">McSweeney et al. (2025)</a>' in html
    assert "<td>Qualitative study</td>" in html
    assert '<span class="kb-grade">C</span>' in html
    assert "C: qualitative or observational study, or service evaluation" in html
    assert "A draft source" not in html and "A source in review" not in html


def test_a_source_page_gives_the_full_citation(client, sources):
    response = client.get(reverse("knowledge:source", args=["mcsweeney2025"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>McSweeney et al. (2025)</h1>" in html
    assert 'aria-current="page">McSweeney et al. (2025)</li>' in html
    assert "McSweeney L, Bateson K, Hamilton W, Arnott B (2025)." in html
    assert "<cite>Who&#x27;s got the infants in mind?</cite>" in html
    assert "BMC Health Services Research, 25(1):1020." in html
    assert (
        '<a href="https://doi.org/10.1186/s12913-025-13215-5" rel="noopener noreferrer">'
        "https://doi.org/10.1186/s12913-025-13215-5</a>" in html
    )
    assert '<a href="https://example.org/paper" rel="noopener noreferrer">' in html
    assert "Qualitative study" in html
    assert "C: qualitative or observational study, or service evaluation" in html
    assert "Seed study." in html


def test_a_source_page_lists_what_cites_it(client, sources):
    html = client.get(reverse("knowledge:source", args=["mcsweeney2025"])).content.decode()
    assert '<a href="/knowledge/direct/">Cites it directly</a>' in html
    assert '<a href="/knowledge/via-action/">Cited through an action</a>' in html
    assert '<a href="/knowledge/programmes/citing/">Programme citing it</a>' in html
    assert '<a href="/knowledge/parameters/citing_value/">Parameter citing it</a>' in html
    for draft in ("Draft citer", "Draft programme", "Draft parameter"):
        assert draft not in html


def test_an_uncited_source_says_so(client, sources):
    make_source(key="lonely2022")
    html = client.get(reverse("knowledge:source", args=["lonely2022"])).content.decode()
    assert "Nothing published in the toolkit cites this source yet." in html


@pytest.mark.parametrize("key", ["draft2020", "review2021", "nosuchsource"])
def test_unpublished_and_unknown_sources_are_404(client, sources, key):
    assert client.get(reverse("knowledge:source", args=[key])).status_code == 404


@pytest.mark.urls(__name__)
def test_export_links_appear_when_the_api_serves_them(client, sources):
    listing = client.get(reverse("knowledge:source_list")).content.decode()
    assert '<a href="/api/knowledge/citations.ris">all sources as RIS</a>' in listing
    assert '<a href="/api/knowledge/citations.bib">all sources as BibTeX</a>' in listing
    page = client.get(reverse("knowledge:source", args=["mcsweeney2025"])).content.decode()
    assert 'href="/api/knowledge/citations.ris?key=mcsweeney2025"' in page
    assert 'href="/api/knowledge/citations.bib?key=mcsweeney2025"' in page


def test_export_links_are_left_out_without_the_api(client, sources, monkeypatch):
    real_reverse = pages.reverse

    def reverse_without_api(name: str, *args: object, **kwargs: object) -> str:
        if name.startswith("api:"):
            raise NoReverseMatch(name)
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(pages, "reverse", reverse_without_api)
    listing = client.get(reverse("knowledge:source_list")).content.decode()
    page = client.get(reverse("knowledge:source", args=["mcsweeney2025"])).content.decode()
    assert "as RIS" not in listing and "as BibTeX" not in listing
    assert "RIS file" not in page and "BibTeX file" not in page
