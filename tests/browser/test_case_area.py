"""A commissioner picks an ICB on the case builder's need step, sees its births,
deprivation context and constituent authorities with sources, changes the births
figure, and the case uses theirs. The page passes axe in both states."""

import pytest
from playwright.sync_api import Page, expect

from commissioning.cases import services
from commissioning.cases.models import Case
from tests.areas.support import load_shipped
from tests.browser.conftest import assert_accessible, sign_in

ICB = "E54000050"  # NHS North East and North Cumbria ICB in the shipped 2022 lookup


@pytest.mark.django_db(transaction=True)
def test_pick_an_icb_then_use_my_own_figure(page: Page, live_server, alice, north, csp_violations):
    load_shipped()
    case = services.case_create(organisation=north, user=alice, kind="new_team", title="NENC team")
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/cases/{case.pk}/need/?area={ICB}")
    panel = page.locator("main")
    expect(panel).to_contain_text("North East and North Cumbria")
    expect(panel).to_contain_text("1 July 2018 to 30 June 2019")
    assert_accessible(page)

    births = page.get_by_label("Births a year", exact=False).first
    area_figure = births.input_value()
    assert area_figure.isdigit() and int(area_figure) > 1000
    births.fill("27000")
    note = page.locator(
        "textarea[name$='births_per_year-source'], textarea[name*='births'][name*='source']"
    ).first
    if note.count():
        note.fill("Our own count from local maternity data, 2025")
    page.get_by_role("button", name="Continue", exact=True).click()
    case = Case.objects.get(pk=case.pk)
    if case.inputs["births_per_year"]["value"] != 27000:
        # The form asked for a source note: give one and save again.
        assert_accessible(page)
        page.locator("textarea").first.fill("Our own count from local maternity data, 2025")
        page.get_by_role("button", name="Continue", exact=True).click()
        case = Case.objects.get(pk=case.pk)
    assert case.inputs["births_per_year"]["value"] == 27000
    assert csp_violations == []
