"""The factor page: everything about one published barrier or enabler."""

import datetime

import pytest
from django.urls import reverse

from commissioning.knowledge.models import Status
from tests.knowledge.builders import load_frameworks, make_action, make_factor, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def factor():
    load_frameworks()
    good = make_source(
        key="mcsweeney2025", authors="McSweeney L, Bateson K, Hamilton W", year=2025, grade="C"
    )
    hidden = make_source(key="hidden2024", authors="Hidden H", status=Status.DRAFT)
    neighbour = make_factor(title="Joint and pooled funding", slug="joint-funding")
    secret = make_factor(title="Unpublished neighbour", slug="secret", status=Status.REVIEW)
    item = make_factor(
        title="Short-term funding",
        slug="short-term-funding",
        kind="barrier",
        level="pair",
        summary="Money arrives a year at a time.",
        body="Pilots **end** when the grant stops.\n\n- one\n- two",
        comb=[("CPs", "source"), "OPh"],
        tdf=["TDF11"],
        functions=[("IF-enablement", "source")],
        policies=["PC-fiscal"],
        bcts=["1.4"],
        perspectives=["commissioner", "practitioner"],
        sources=[good, hidden],
        related=[neighbour, secret],
        last_reviewed=datetime.date(2025, 3, 14),
    )
    make_action(
        factor=item,
        title="Agree a three-year funding plan",
        description="Bring finance leads in early.",
        function="IF-enablement",
        sources=[good, hidden],
        resources=[("Implementation toolkit", "https://example.org/toolkit")],
    )
    return item


def get(client, slug: str = "short-term-funding") -> str:
    response = client.get(reverse("knowledge:factor", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_factor(client, factor):
    html = get(client)
    assert html.count("<h1") == 1
    assert "<h1>Short-term funding</h1>" in html
    assert "<title>Short-term funding – PAIR Commissioning Toolkit</title>" in html
    assert '<span class="badge kb-kind kb-kind-barrier">Barrier</span>' in html
    assert "Specific to PAIR services" in html
    assert f'href="/knowledge/?theme={factor.theme.slug}">{factor.theme.name}</a>' in html
    assert "Commissioners, Practitioners" in html
    assert "Money arrives a year at a time." in html
    assert "Pilots <strong>end</strong> when the grant stops." in html
    assert "<li>one</li>" in html
    assert "Last reviewed" in html and "14 March 2025" in html


def test_it_has_breadcrumbs(client, factor):
    html = get(client)
    assert '<nav aria-label="Breadcrumb"' in html
    assert '<li class="breadcrumb-item"><a href="/knowledge/">Knowledge base</a></li>' in html
    assert 'aria-current="page">Short-term funding</li>' in html


def test_it_shows_the_behaviour_change_wheel_mapping_with_its_basis(client, factor):
    html = get(client)
    assert "<caption>Behaviour Change Wheel mapping for short-term funding</caption>" in html
    assert '<a href="/knowledge/?comb=CPs">Psychological capability</a>' in html
    assert '<a href="/knowledge/?tdf=TDF11">Environmental context and resources</a>' in html
    assert '<a href="/knowledge/?function=IF-enablement">Enablement</a>' in html
    assert "<td>Fiscal measures</td>" in html
    assert '<span class="kb-code">1.4</span> Action planning' in html
    assert html.count(">From the source</span>") == 2
    assert html.count(">Proposed by the editors</span>") == 4
    assert '<th scope="row">COM-B sub-component</th>' in html


def test_it_shows_actions_with_function_resources_and_sources(client, factor):
    html = get(client)
    assert "Agree a three-year funding plan" in html
    assert "Bring finance leads in early." in html
    assert 'Intervention function:</span> <a href="/knowledge/?function=IF-enablement">' in html
    assert (
        '<a href="https://example.org/toolkit" rel="noopener noreferrer">Implementation toolkit</a>'
        in html
    )
    assert '<a href="/knowledge/sources/mcsweeney2025/">McSweeney et al. (2025)</a>' in html


def test_it_lists_published_sources_and_related_factors_only(client, factor):
    html = get(client)
    assert "Evidence strength C: qualitative or observational study" in html
    assert "hidden2024" not in html and "Hidden (2020)" not in html
    assert '<a href="/knowledge/joint-funding/">Joint and pooled funding</a>' in html
    assert "Unpublished neighbour" not in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_unpublished_factors_are_404(client, factor, status):
    factor.status = status
    factor.save()
    response = client.get(reverse("knowledge:factor", args=[factor.slug]))
    assert response.status_code == 404


def test_an_unknown_slug_is_404(client, factor):
    assert client.get("/knowledge/no-such-factor/").status_code == 404


def test_a_hostile_body_is_shown_inert(client):
    load_frameworks()
    make_factor(
        slug="hostile",
        body=(
            "<script>alert(1)</script> [x](javascript:alert(1)) "
            '<img src=x onerror=alert(1)> <a href="#" onclick="x">y</a>'
        ),
        summary="<b>not bold</b>",
        title='Title with <script>alert("t")</script>',
    )
    html = get(client, "hostile")
    body = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in body
    assert "javascript:" not in body
    assert "onerror" not in body
    assert "onclick" not in body
    assert "&lt;b&gt;not bold&lt;/b&gt;" in body
