"""The factor list: facets, search, pagination and hostile input."""

import re

import pytest
from django.urls import reverse

from commissioning.knowledge.selectors import FACETS
from tests.knowledge.builders import make_factors_bulk, make_small_kb

pytestmark = [
    pytest.mark.django_db,
    # The page cache keys on the full path, so very long queries exceed memcached's
    # 250-character key limit and Django warns; the page itself is still right.
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

URL = reverse("knowledge:index")
RESULT_TITLE = re.compile(r'<h3 class="h5 mb-1"><a href="[^"]+">([^<]+)</a></h3>')


@pytest.fixture
def kb():
    return make_small_kb()


def get(client, query: str = ""):
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200
    return response.content.decode()


def titles(html: str) -> list[str]:
    return RESULT_TITLE.findall(html)


def test_it_lists_published_factors_only(client, kb):
    html = get(client)
    assert titles(html) == ["Local champions", "Pandemic disruption", "Short-term funding"]
    assert "Secret draft factor" not in html
    assert "Factor under review" not in html
    assert '<p class="fw-semibold" aria-live="polite" id="kb-result-count">3 factors</p>' in html


def test_each_result_shows_its_summary_badge_level_theme_and_comb(client, kb):
    html = get(client, "q=pandemic")
    assert '<a href="/knowledge/pandemic-disruption/">Pandemic disruption</a>' in html
    assert '<span class="badge kb-kind kb-kind-both">Barrier and enabler</span>' in html
    assert "Context (such as the pandemic)" in html
    assert "Theme: Funding" in html
    assert "Services moved online." in html
    assert "COM-B: Psychological capability, Physical opportunity" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A factor that is both a barrier and an enabler counts as each.
        ("kind=barrier", ["Pandemic disruption", "Short-term funding"]),
        ("kind=enabler", ["Local champions", "Pandemic disruption"]),
        ("level=pair", ["Local champions"]),
        ("theme=funding", ["Pandemic disruption", "Short-term funding"]),
        ("comb=CPs", ["Pandemic disruption", "Short-term funding"]),
        ("tdf=TDF06", ["Local champions"]),
        ("function=IF-enablement", ["Pandemic disruption"]),
        ("perspective=parent", ["Local champions"]),
    ],
)
def test_each_facet_filters(client, kb, query, expected):
    assert titles(get(client, query)) == expected


def test_two_facets_combine_with_and(client, kb):
    assert titles(get(client, "kind=barrier&comb=OPh")) == ["Pandemic disruption"]
    assert titles(get(client, "theme=funding&level=general")) == ["Short-term funding"]
    assert titles(get(client, "theme=awareness&comb=CPs")) == []


def test_two_values_of_one_facet_combine_with_or(client, kb):
    html = get(client, "level=general&level=pair")
    assert titles(html) == ["Local champions", "Short-term funding"]
    assert 'value="general" id="f-level-1" checked' in html
    assert 'value="pair" id="f-level-2" checked' in html


def test_each_option_shows_its_count(client, kb):
    html = get(client)
    assert 'for="f-kind-1">Barriers <span class="kb-count">(2)</span>' in html
    assert 'for="f-kind-2">Enablers <span class="kb-count">(2)</span>' in html
    assert '>Psychological capability <span class="kb-count">(2)</span>' in html
    # Counts answer "how many would I see if I ticked this too": with COM-B CPs
    # chosen, one enabler (the pandemic factor) remains.
    html = get(client, "comb=CPs")
    assert 'for="f-kind-2">Enablers <span class="kb-count">(1)</span>' in html


def test_options_with_no_factors_are_left_out_unless_ticked(client, kb):
    html = get(client)
    options = re.findall(r'for="f-[a-z]+-\d+">([^<]+) <span class="kb-count">\((\d+)\)', html)
    assert options and all(int(count) > 0 for _, count in options)
    assert "Options that would show no factors are not listed." in html
    # A search and a filter that leave nothing keep the ticked option, to untick.
    empty = get(client, "q=video+agenda&comb=CPs")
    assert 'id="kb-result-count">0 factors' in empty
    assert 'value="CPs" id="f-comb-1" checked' in empty
    assert '<span class="kb-count">(0)</span>' in empty  # only the ticked option


def test_the_form_has_grouped_checkboxes_a_labelled_search_and_a_clear_link(client, kb):
    html = get(client, "kind=barrier")
    assert '<form method="get" action="/knowledge/"' in html
    # A group whose every option would show no factors is left out.
    assert html.count("<fieldset") == len(FACETS) - 1
    assert "<legend" in html and ">Barrier or enabler</legend>" in html
    assert (
        '<label class="form-label fw-semibold" for="kb-search">Search the knowledge base</label>'
        in html
    )
    assert '<a href="/knowledge/">Clear filters</a>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=short-term", ["Short-term funding"]),  # title
        ("q=RING-FENCED", ["Short-term funding"]),  # body, any case
        ("q=agenda", ["Local champions"]),  # summary
        ("q=video+visits", ["Pandemic disruption"]),  # every word must match
        ("q=video+agenda", []),
        ("q=secret", []),  # drafts are never searched
    ],
)
def test_search_finds_words_in_title_summary_and_body(client, kb, query, expected):
    assert titles(get(client, query)) == expected


def test_search_and_filters_combine(client, kb):
    assert titles(get(client, "q=funding&kind=enabler")) == []
    assert titles(get(client, "q=funding&kind=barrier")) == ["Short-term funding"]


def test_pagination_keeps_the_filters(client, kb):
    make_factors_bulk(45)  # kinds cycle barrier, enabler, both: 30 match "barrier"
    html = get(client, "kind=barrier&q=bulk")
    assert "30 factors" in html
    assert len(titles(html)) == 20
    assert 'href="?kind=barrier&amp;q=bulk&amp;page=2"' in html
    page_two = get(client, "kind=barrier&q=bulk&page=2")
    assert len(titles(page_two)) == 10
    assert 'href="?kind=barrier&amp;q=bulk&amp;page=1"' in page_two
    assert set(titles(html)).isdisjoint(titles(page_two))


def test_unknown_filter_values_are_reported_not_fatal(client, kb):
    html = get(client, "comb=XX&theme=no-such-theme&kind=barrier")
    assert "We ignored these filters because they do not match anything:" in html
    assert "COM-B: &#x27;XX&#x27;" in html
    assert "Theme: &#x27;no-such-theme&#x27;" in html
    assert titles(html) == ["Pandemic disruption", "Short-term funding"]


def test_an_over_long_query_is_shortened_and_says_so(client, kb):
    html = get(client, "q=" + "funding " * 100)
    assert "Your search was too long, so we used only its first 200 characters." in html


def test_an_empty_result_helps(client, kb):
    html = get(client, "q=zebra")
    assert "0 factors" in html
    assert "No factors match your search and filters." in html
    assert "clear all filters and see every factor" in html


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * 10_000},
        {"q": "' OR 1=1; --"},
        {"q": ".*[("},
        {"q": "%_\\"},
        {"q": "👶🏽 babies 🍼"},
        {"q": ""},
        {"q": "   "},
        {"q": "<script>alert(1)</script>"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "0"},
        {"page": "99999"},
        {"page": "1.5"},
        {"kind": ["barrier", "barrier", "' OR 1=1"]},
        {"comb": "x" * 5000},
    ],
)
def test_bad_input_gives_a_normal_page(client, kb, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Barriers and enablers</h1>" in html
    assert 'id="kb-result-count"' in html
    assert "<script>alert" not in html


def test_out_of_range_pages_show_the_last_page(client, kb):
    make_factors_bulk(25)
    last = get(client, "q=bulk&page=2")
    assert get(client, "q=bulk&page=99999").count("<h3 class") == last.count("<h3 class")
    assert titles(get(client, "q=bulk&page=abc")) == titles(get(client, "q=bulk"))
