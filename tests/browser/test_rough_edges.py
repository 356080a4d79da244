"""Rough edges a new user meets, in Chromium, with axe on every page: choosing an area
keeps what was typed on the case's need step."""

import pytest
from playwright.sync_api import Page, expect

from commissioning.cases import services
from tests.areas.support import load_shipped
from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.django_db(transaction=True)
def test_choosing_an_area_keeps_the_typed_figures(
    page: Page, live_server, alice, north, csp_violations
):
    load_shipped()
    case = services.case_create(organisation=north, user=alice, kind="new_team", title="Team")
    version = case.version
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/cases/{case.pk}/need/")
    assert_accessible(page)
    reach = page.get_by_label("Share of those families the service will reach")
    reach.fill("7")
    page.get_by_role("button", name="Choose your area").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your area")
    page.get_by_label("Local authority or ICB name or code").fill("Gateshead")
    page.get_by_role("button", name="Find area").click()
    page.get_by_role("link", name="Gateshead").click()
    expect(page.locator("main")).to_contain_text("You chose Gateshead")
    expect(page.get_by_label("Share of those families the service will reach")).to_have_value("7")
    assert page.get_by_label("Births a year in your area").input_value().isdigit()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.version == version  # choosing saved nothing
    assert csp_violations == []
