"""A commissioner appraises three options in one case in the browser: adds two options
(each a copy of another), edits one option's staff through the builder steps, sees every
option compared with business as usual (with the flag for an option that repeats
another and the preferred option shown as missing), records the preferred option and
why, and sees it in the comparison, the business case and its Word copy. axe checks
every page, including an error state;
there are no CSP violations; another organisation gets 404 for the options page."""

from decimal import Decimal

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from commissioning.cases import services
from commissioning.cases.models import Case
from tests.browser.conftest import assert_accessible, sign_in
from tests.cases.test_builder_fixtures import make_library


@pytest.mark.django_db(transaction=True)
def test_three_options_through_to_their_comparison(
    page: Page, live_server, alice, north, bob, csp_violations
):
    make_library()
    case = services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="Northborough options"
    )
    base = live_server.url
    sign_in(page, live_server, alice)

    page.goto(f"{base}/cases/{case.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Add, rename or delete options").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Options")
    assert_accessible(page)

    # Two more options, each a copy; a repeated name is refused with a clear message.
    page.get_by_label("Name of the option").fill("Do minimum")
    page.get_by_role("button", name="Add the option").click()
    expect(page.get_by_text("The option 'Do minimum' has been added.")).to_be_visible()
    page.get_by_label("Name of the option").fill(" do MINIMUM ")
    page.get_by_role("button", name="Add the option").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("already the name")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Name of the option").fill("Ambitious team")
    page.get_by_label("Start as a copy of").select_option(label="Option 1")
    page.get_by_role("button", name="Add the option").click()
    expect(page.get_by_role("row", name="Ambitious team")).to_be_visible()
    assert_accessible(page)

    # Edit "Do minimum" through the builder's steps: less staff time.
    page.get_by_role("link", name="Edit Do minimum").click()
    expect(page.get_by_text("You are editing the option: Do minimum")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service model and costs")
    page.locator("#id_staff-0-wte").fill("0.1")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes and values")
    assert_accessible(page)
    option = case.options.get(name="Do minimum")
    assert Decimal(str(option.inputs["staff"][0]["wte"])) == Decimal("0.1")
    case.refresh_from_db()
    assert Decimal(str(case.inputs["staff"][0]["wte"])) != Decimal("0.1")

    # The comparison: three options against business as usual.
    page.goto(f"{base}/cases/{case.pk}/results/")
    appraisal = page.locator(".options-appraisal")
    expect(appraisal.get_by_role("heading", name="The options compared")).to_be_visible()
    table = appraisal.locator("table.case-table-options")
    for name in ("Business as usual (no new service)", "Option 1", "Do minimum", "Ambitious team"):
        expect(table.get_by_role("columnheader", name=name)).to_be_visible()
    expect(appraisal.locator(".option-flags")).to_contain_text(
        "Ambitious team has the same inputs as Option 1"
    )
    expect(appraisal).to_contain_text("Preferred option: not recorded.")
    expect(appraisal.locator("svg#chart-options-npv")).to_have_count(1)
    assert_accessible(page)

    # Record the preferred option and why; an empty reason is refused first.
    page.get_by_role("link", name="Record the preferred option and why").click()
    page.get_by_label("Do minimum").check()
    page.get_by_role("button", name="Save the preferred option").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Say why")
    assert_accessible(page)
    page.get_by_label("Do minimum").check()
    page.get_by_label("Why is it preferred?").fill("Affordable within this year's budget.")
    page.get_by_role("button", name="Save the preferred option").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    expect(page.locator(".options-appraisal")).to_contain_text("Preferred option: Do minimum.")
    expect(page.get_by_role("heading", name="The option in detail: Do minimum")).to_be_visible()
    assert_accessible(page)

    # The business case carries the comparison, and so does its Word copy.
    page.get_by_role("link", name="Read the business case").click()
    appraisal = page.locator(".options-appraisal")
    expect(appraisal.get_by_role("heading", name="The options compared")).to_be_visible()
    expect(appraisal).to_contain_text("Preferred option: Do minimum.")
    assert_accessible(page)
    downloads = page.get_by_role("navigation", name="Download this business case")
    with page.expect_download() as download_info:
        downloads.get_by_role("link", name="Download as Word (.docx)").click()
    word = Document(download_info.value.path())
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert "The options compared with business as usual" in headings
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Preferred option: Do minimum." in text
    assert "Affordable within this year's budget." in text
    columns = [cell.text for table in word.tables for cell in table.rows[0].cells]
    assert {"Option 1", "Do minimum", "Ambitious team"} <= set(columns)
    assert csp_violations == []

    # Another organisation cannot see the options.
    page.context.clear_cookies()
    sign_in(page, live_server, bob)
    response = page.goto(f"{base}/cases/{case.pk}/options/")
    assert response.status == 404
