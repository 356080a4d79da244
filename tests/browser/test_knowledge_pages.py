"""The public knowledge base in Chromium, with the real shipped content: filters and
search work from the form, and every kind of page passes axe-core's WCAG 2.2 A/AA
rules with no Content Security Policy violations."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from commissioning.knowledge.services import shipped_bundle
from tests.browser.conftest import assert_accessible
from tests.knowledge.builders import load_shipped_content

ALL_FACTORS = f"{len(shipped_bundle()['factors'])} factors"


@pytest.mark.django_db(transaction=True)
def test_filter_and_search_the_factors(page: Page, live_server, csp_violations):
    load_shipped_content()
    page.goto(live_server.url + "/knowledge/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Barriers and enablers")
    count = page.locator("#kb-result-count")
    expect(count).to_have_text(ALL_FACTORS)
    assert_accessible(page)

    page.get_by_label(re.compile(r"^Barriers \(")).check()
    page.get_by_label(re.compile(r"^Funding \(")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(count).not_to_have_text(ALL_FACTORS)
    query = parse_qs(urlsplit(page.url).query)
    assert query["kind"] == ["barrier"]
    assert query["theme"] == ["funding"]
    expect(page.get_by_label(re.compile(r"^Barriers \("))).to_be_checked()
    filtered = count.inner_text()
    assert re.fullmatch(r"\d+ factors?", filtered)
    assert_accessible(page)

    page.get_by_label("Search the knowledge base").fill("recurrent")
    page.get_by_role("button", name="Apply filters").click()
    expect(count).to_contain_text("matching “recurrent”")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["recurrent"]
    assert_accessible(page)

    page.get_by_role("link", name="Clear filters").click()
    expect(count).to_have_text(ALL_FACTORS)

    page.goto(live_server.url + "/knowledge/?q=zebra+crossing&comb=nonsense")
    expect(count).to_have_text("0 factors matching “zebra crossing”")
    expect(page.get_by_text("We ignored these filters")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_every_kind_of_knowledge_page_is_accessible(page: Page, live_server, csp_violations):
    load_shipped_content()
    pages = [
        ("/knowledge/?page=2", "Barriers and enablers"),
        (
            "/knowledge/complex-commissioning-process/",
            "Complex and fragmented commissioning process",
        ),
        ("/knowledge/behaviour-change-wheel/", "Behaviour Change Wheel explorer"),
        ("/knowledge/programmes/", "Programmes"),
        ("/knowledge/programmes/video-interaction-guidance/", None),
        ("/knowledge/parameters/", "Parameter library"),
        ("/knowledge/parameters/residential_care_cost_per_child_year/", None),
        ("/knowledge/sources/", "Sources"),
        ("/knowledge/sources/mcsweeney2025/", "McSweeney et al. (2025)"),
        (
            "/knowledge/best-start-family-hubs-and-healthy-babies/",
            "Best Start Family Hubs and Healthy Babies",
        ),
    ]
    for path, heading in pages:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)

    page.goto(live_server.url + "/knowledge/programmes/video-interaction-guidance/")
    expect(page.get_by_text("Not rated", exact=True)).to_be_visible()
    page.goto(live_server.url + "/knowledge/parameters/residential_care_cost_per_child_year/")
    expect(page.get_by_role("heading", name="How it was worked out")).to_be_visible()

    # Following links rather than typing addresses: list -> factor -> source.
    page.goto(live_server.url + "/knowledge/")
    page.get_by_role("link", name="Complex and fragmented commissioning process").click()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_be_visible()
    page.get_by_role("link", name="McSweeney et al. (2025)").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("McSweeney et al. (2025)")
    assert csp_violations == []
