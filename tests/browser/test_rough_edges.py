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


@pytest.mark.django_db(transaction=True)
def test_submitting_before_everyone_has_rated_asks_first(
    page: Page, live_server, alice, north, csp_violations
):
    from commissioning.assessment.models import Participant
    from tests.assessment.support import answer_all, make_assessment, make_small_instrument
    from tests.factories import make_user

    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, 3)
    partner = make_user(email="pat@partner.example", name="Pat Partner")
    Participant.objects.create(assessment=assessment, user=partner)
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/submit/")
    expect(page.get_by_role("table")).to_contain_text("None yet (has not rated)")
    assert_accessible(page)
    page.get_by_role("button", name="Submit and lock the assessment").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm that you want to submit")
    assert_accessible(page)
    page.get_by_label("Submit now, without the ratings still to come").check()
    page.get_by_role("button", name="Submit and lock the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment submitted")
    assert_accessible(page)
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    assert csp_violations == []
