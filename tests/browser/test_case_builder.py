"""A commissioner builds a value-for-money case in the browser from the parameter
library: starts a case, answers each step (a library prevalence, a staff line, an
outcome value from the library, adjustments), sees the results and the switching
value, changes an assumption and sees both change, and downloads the PDF. axe checks
every page on the way, including an error state; there are no CSP violations; another
organisation gets 404 for the case's pages and downloads."""

import re

import pytest
from playwright.sync_api import Page, expect

from commissioning.cases.models import Case
from tests.browser.conftest import assert_accessible, sign_in
from tests.cases.test_builder_fixtures import make_library


def continue_to(page: Page, heading: str) -> None:
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_build_a_case_read_the_results_and_download(
    page: Page, live_server, alice, north, bob, csp_violations
):
    make_library()
    base = live_server.url
    sign_in(page, live_server, alice)

    # Start a case for a new team.
    page.goto(base + "/cases/")
    assert_accessible(page)
    page.get_by_label("Name of the case").fill("Northborough parent-infant team")
    page.get_by_label("A new specialist parent-infant relationship team").check()
    page.get_by_role("button", name="Start the case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northborough parent-infant team")
    assert_accessible(page)
    case = Case.objects.get()

    # Area and need: a prevalence from the library, our own births, and an error first.
    page.get_by_role("link", name="Area and need").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Area and need")
    assert_accessible(page)
    page.get_by_label(re.compile("^From the library: Perinatal mental health problems")).check()
    page.get_by_label("Births a year in your area").fill("4200")
    page.locator("#id_births_source").fill("ONS live births 2024")
    page.get_by_label("Share of those families the service will reach").fill("150")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("must be a percentage between 0% and 100%")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    case.refresh_from_db()
    assert case.version == 1  # nothing half-saved
    page.get_by_label("Share of those families the service will reach").fill("25")
    page.locator("#id_reach_source").fill("Our local plan, 2026")
    continue_to(page, "Service model and costs")

    # One more staff line, costed at the library's Band 7.
    page.get_by_text("Add a staff line").click()
    line = page.locator("details", has_text="Add a staff line")
    line.get_by_label("Role").fill("Parent-infant therapist")
    line.get_by_label("Pay band").select_option("Band 7")
    line.get_by_label("Whole-time equivalents (WTE)").fill("0.5")
    continue_to(page, "Outcomes and values")

    # An outcome valued from the library.
    page.locator("#id_outcomes-2-value_choice").select_option(
        "bauer2014_depression_cost_per_case_child"
    )
    continue_to(page, "Adjustments")

    # Adjustments: a deadweight band with its plain-English meaning.
    page.get_by_label(re.compile("^25%: Some: a quarter of the improvement")).check()
    continue_to(page, "Timescales and discounting")
    continue_to(page, "Business-case narrative")
    page.get_by_label("Recommendation").fill("Fund a team for three years.")
    continue_to(page, "Results")

    case.refresh_from_db()
    inputs = case.inputs
    assert inputs["births_per_year"]["value"] == 4200
    assert inputs["prevalence"]["value"] == 0.2
    assert inputs["staff"][-1]["band"] == "Band 7"
    assert case.provenance["outcomes[2].value_per_case"]["parameters"] == [
        "bauer2014_depression_cost_per_case_child"
    ]
    assert inputs["deadweight"]["value"] == 0.25

    # The results: headline figures and the switching value.
    switching = page.locator("#switching-sentence")
    expect(switching).to_contain_text("breaks even")
    first_sentence = switching.inner_text()
    npv = page.locator(".case-headline dd").first
    first_npv = npv.inner_text()
    expect(page.get_by_role("img", name=re.compile("Cumulative net present value"))).to_be_visible()

    # Change an assumption: a bigger effect for the first outcome.
    page.goto(f"{base}/cases/{case.pk}/outcomes/")
    page.locator("#id_outcomes-0-relative_reduction").fill("60")
    page.locator("#id_outcomes-0-effect_source").fill("A larger trial, 2025")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northborough parent-infant team")
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    assert npv.inner_text() != first_npv
    assert switching.inner_text() != first_sentence
    assert_accessible(page)

    # The PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the business case (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "northborough-parent-infant-team-business-case-v8.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # Versions.
    page.goto(f"{base}/cases/{case.pk}/versions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Versions of this case")
    assert_accessible(page)
    assert csp_violations == []

    # Another organisation gets "Page not found" for every part of the case.
    page.context.clear_cookies()
    sign_in(page, live_server, bob)
    for tail in (
        "",
        "need/",
        "outcomes/",
        "results/",
        "versions/",
        "document/",
        "business-case.pdf",
        "business-case.csv",
    ):
        response = page.goto(f"{base}/cases/{case.pk}/{tail}")
        assert response.status == 404, tail
