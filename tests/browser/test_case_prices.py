"""A commissioner's case takes the looked-after child cost in 2012/13 prices and the
PSSRU 2024 unit costs (2023/24 prices) from the library: the results page shows, in the
case's one price year (2024/25), each input's value as given, its year, the factor and
the value used, and warns beside a value whose price year is not known. axe passes;
the timescales step refuses a price year the deflators cannot reach."""

import pytest
from playwright.sync_api import Page, expect

from commissioning.cases import services
from commissioning.cases.models import Case
from commissioning.prices.services import series_load_shipped
from tests.browser.conftest import assert_accessible, sign_in
from tests.cases.test_builder_fixtures import make_library


@pytest.mark.django_db(transaction=True)
def test_an_uprated_input_is_shown_in_a_case(page: Page, live_server, alice, north, csp_violations):
    make_library()
    series_load_shipped()
    case = services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="Northborough team"
    )
    assert case.inputs["price_year"] == "2024/25"
    sign_in(page, live_server, alice)

    page.goto(f"{live_server.url}/cases/{case.pk}/results/")
    prices = page.locator("[data-prices]")
    expect(prices.get_by_role("heading", name="Prices: one price year")).to_be_visible()
    expect(prices).to_contain_text("2024/25 prices")
    expect(prices).to_contain_text("HM Treasury GDP deflators at market prices, March 2026")
    table = prices.get_by_role("table", name="Money inputs and their price years")
    row = table.get_by_role("row", name="Entry to care avoided (placement costs): value per case")
    expect(row.get_by_role("cell")).to_have_text(
        ["£50,000", "2012/13", "1.3977", "£69,885.69", "£55,908.56 to £83,862.83"]
    )
    unit_cost = table.get_by_role("row", name="Unit cost: Band 5")
    expect(unit_cost.get_by_role("cell").nth(1)).to_have_text("2023/24")
    # The library's maltreatment cost has no known price year: a warning beside it.
    expect(prices.get_by_role("note", name="Price years not known")).to_contain_text(
        "Child maltreatment avoided: value per case: Price year not known"
    )
    inputs = page.get_by_role("table", name="Outcome 2: Entry to care avoided (placement costs)")
    expect(inputs).to_contain_text("Uprated from £50,000 in 2012/13 prices (factor 1.3977).")
    warning = page.get_by_role("table", name="Outcome 1: Child maltreatment avoided")
    expect(warning).to_contain_text("Warning: Price year not known")
    assert_accessible(page)

    # The business case shows the same table in its Appendix A.
    page.goto(f"{live_server.url}/cases/{case.pk}/document/")
    appendix = page.locator("#appendix-assumptions")
    expect(appendix.get_by_role("heading", name="Prices: one price year")).to_be_visible()
    expect(appendix).to_contain_text("£69,885.69")
    assert_accessible(page)

    # A price year the deflators cannot reach is refused on the timescales step.
    page.goto(f"{live_server.url}/cases/{case.pk}/timescales/")
    page.get_by_label("Price year (optional)").fill("2031/32")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("There is no deflator for 2031/32")
    assert_accessible(page)
    case.refresh_from_db()
    assert case.inputs["price_year"] == "2024/25"
    assert csp_violations == []
