"""An ICB abolished on 1 April 2026 in Chromium: found by its old name, its page says
when it ceased and which current ICBs cover its area, with shares, and links to them;
a business case that kept its births offers the current map in one click. axe finds no
WCAG 2.2 A/AA problem on any page and there are no Content Security Policy violations."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from commissioning.cases import defaults, services
from tests.areas.support import load_shipped
from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.django_db(transaction=True)
def test_an_abolished_icbs_page(page: Page, live_server, csp_violations):
    load_shipped()
    page.goto(live_server.url + "/areas/")
    page.get_by_label("Name or code").fill("Frimley")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main")).to_contain_text("ceased 1 April 2026")
    page.get_by_role("link", name="NHS Frimley Integrated Care Board", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("NHS Frimley Integrated Care Board")
    notice = page.get_by_role("note").filter(has_text="This ICB no longer exists")
    expect(notice).to_contain_text("ceased on 1 April 2026")
    table = notice.get_by_role("table")
    expect(table).to_contain_text("NHS Thames Valley Integrated Care Board")
    expect(table).to_contain_text("56%")
    expect(table).to_contain_text("23.1%")
    expect(table).to_contain_text("20.9%")
    expect(page.get_by_text("years old").first).to_be_visible()
    assert_accessible(page)
    notice.get_by_role("link", name="NHS Surrey and Sussex Integrated Care Board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "NHS Surrey and Sussex Integrated Care Board"
    )
    expect(page.get_by_text("map is derived by the toolkit")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_a_case_on_the_old_map_moves_to_the_current_one(
    page: Page, live_server, alice, north, csp_violations
):
    load_shipped()
    case = services.case_create(organisation=north, user=alice, kind="new_team", title="Frimley")
    defaults.set_number(case.inputs, "births_per_year", Decimal(9100), source="From the areas")
    case.provenance["births_per_year"] = {
        "origin": "area",
        "code": "E54000034",
        "name": "NHS Frimley Integrated Care Board",
        "dataset": {"kind": "births_lad", "version": 1},
        "period": "mid-2019",
    }
    case.save()
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/cases/{case.pk}/need/")
    expect(page.locator("main")).to_contain_text("births are from the ICBs of July 2022 map")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Use the current map: NHS Thames Valley Integrated Care Board"
    ).click()
    expect(page.get_by_role("table", name="What changes")).to_contain_text("23,594")
    assert page.get_by_label("Births a year", exact=False).first.input_value() == "23594"
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_an_assessment_on_the_old_map_moves_to_the_current_one(
    page: Page, live_server, alice, north, csp_violations
):
    from commissioning.assessment import services as assessments
    from tests.assessment.support import make_small_instrument

    load_shipped()
    make_small_instrument()
    assessment = assessments.assessment_start(
        organisation=north,
        user=alice,
        title="Frimley readiness",
        area_name="NHS Frimley Integrated Care Board",
        area_code="E54000034",
        area_map="ICBs of April 2024",
    )
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    expect(page.locator("main")).to_contain_text("area is from the ICBs of April 2024 map")
    assert_accessible(page)
    page.get_by_role(
        "button", name="Use the current map: NHS Hampshire and Isle of Wight Integrated Care Board"
    ).click()
    expect(page.locator("main")).to_contain_text(
        "now covers NHS Hampshire and Isle of Wight Integrated Care Board"
    )
    assert_accessible(page)
    assert csp_violations == []
