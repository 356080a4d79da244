"""Areas, the "choose your area" picker on the assessment start form, and the
benchmarks (not sharing, then sharing) in Chromium: axe finds no WCAG 2.2 A/AA
problem on any page and there are no Content Security Policy violations."""

import pytest
from playwright.sync_api import Page, expect

from commissioning.assessment.models import Assessment
from commissioning.assessment.services import assessment_submit
from commissioning.benchmarks.models import BenchmarkSharing
from tests.areas.support import load_shipped
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_membership, make_organisation, make_user


@pytest.mark.django_db(transaction=True)
def test_areas_pages(page: Page, live_server, csp_violations):
    load_shipped()
    base = live_server.url
    page.goto(base + "/areas/")
    assert_accessible(page)
    page.get_by_label("Name or code").fill("Buckinghamshire")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#areas-count")).to_contain_text("matching “Buckinghamshire”")
    page.get_by_role("link", name="Buckinghamshire", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buckinghamshire")
    former = page.get_by_text("own Index of Multiple Deprivation 2019 average scores")
    expect(former).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/areas/E54000044/")
    expect(page.get_by_text("Derived by the toolkit, not an official figure")).to_be_visible()
    expect(page.get_by_text("not calendar-year registrations").first).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/areas/?level=icb&page=2")
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_choosing_an_area_on_the_assessment_start_form(
    page: Page, live_server, alice, north, csp_violations
):
    load_shipped()
    make_small_instrument()
    sign_in(page, live_server, alice)
    page.goto(live_server.url + "/assessments/")
    # Typed first, then the area chosen: what was typed is kept.
    page.get_by_label("Name this assessment").fill("Gateshead readiness")
    page.get_by_role("button", name="Find your area by name or code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your area")
    assert_accessible(page)
    page.get_by_label("Local authority or ICB name or code").fill("Gateshead")
    page.get_by_role("button", name="Find area").click()
    assert_accessible(page)
    page.get_by_role("link", name="Gateshead").click()
    area = page.get_by_label("Area it covers")
    expect(area).to_have_value("Gateshead")
    expect(
        page.get_by_text("Filled in from the area you chose, Gateshead (E08000037)")
    ).to_be_visible()
    assert_accessible(page)
    # The figure stays editable: the user's own wording wins.
    expect(page.get_by_label("Name this assessment")).to_have_value("Gateshead readiness")
    area.fill("Gateshead and Newcastle")
    # Enter in a box starts the assessment (the form's default button), not the chooser.
    area.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gateshead readiness")
    assert Assessment.objects.get().area_name == "Gateshead and Newcastle"
    assert csp_violations == []


def submitted(org, user, rating: int) -> None:
    assessment = make_assessment(organisation=org, user=user)
    answer_all(assessment, user, rating)
    assessment_submit(assessment=assessment, user=user)


@pytest.mark.django_db(transaction=True)
def test_benchmarks_not_sharing_then_sharing(page: Page, live_server, alice, north, csp_violations):
    make_small_instrument()
    for rating in (0, 1, 3, 4):
        org = make_organisation()
        admin = make_user()
        make_membership(user=admin, organisation=org, role="admin")
        submitted(org, admin, rating)
        BenchmarkSharing.objects.create(organisation=org, opted_in_by=admin)
    submitted(north, alice, 2)
    sign_in(page, live_server, alice)
    page.goto(live_server.url + "/benchmarks/")
    expect(page.get_by_text("does not share its scores, so it cannot see")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start sharing").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("We agree to share our submitted self-assessment scores anonymously").check()
    page.get_by_role("button", name="Start sharing").click()
    expect(
        page.get_by_role("heading", name="Compared with all sharing organisations")
    ).to_be_visible()
    expect(page.locator("svg#bench-section")).to_be_visible()
    assert_accessible(page)
    # A region without a type: the error state.
    page.goto(live_server.url + f"/benchmarks/{north.pk}/?region=unknown")
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + f"/benchmarks/{north.pk}/?kind=local_authority")
    expect(page.get_by_text("Not shown: fewer than 5").first).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_curators_dataset_pages(page: Page, live_server, csp_violations):
    """The admin's dataset list and upload form, and the upload's error state."""
    from tests.knowledge.curation_support import make_curator

    load_shipped()
    sign_in(page, live_server, make_curator(email="cora@curators.example"))
    page.goto(live_server.url + "/admin/areas/dataset/")
    assert_accessible(page)
    page.goto(live_server.url + "/admin/areas/dataset/upload/")
    expect(page.locator("h1")).to_contain_text("Upload a new version of a dataset")
    assert_accessible(page)
    page.locator("input[type=submit], button[type=submit]").first.click()
    assert_accessible(page)
    assert csp_violations == []
