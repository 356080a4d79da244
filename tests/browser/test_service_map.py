"""The service map in Chromium: start a map, record two services and a "no service"
cell, and read the gap summary. axe finds no WCAG 2.2 A/AA problem on any page and
there are no Content Security Policy violations."""

import re

import pytest
from playwright.sync_api import Page, expect

from commissioning.assessment.models import Question
from commissioning.servicemap.models import ServiceMap
from tests.assessment.support import make_assessment, make_small_instrument
from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.django_db(transaction=True)
def test_recording_services_and_a_gap(page: Page, live_server, alice, north, csp_violations):
    sign_in(page, live_server, alice)
    page.goto(live_server.url + "/service-map/")
    assert_accessible(page)
    # Bad input first: a clear message, nothing saved.
    page.get_by_role("button", name="Start the map").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the area the map covers")
    assert_accessible(page)
    page.get_by_label("Area the map covers").fill("North Borough")
    page.get_by_role("button", name="Start the map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service map for North Borough")
    assert_accessible(page)

    page.get_by_role("link", name="Add a service").click()
    assert_accessible(page)
    page.get_by_label("Targeted").check()
    page.get_by_label("Sector").select_option(label="Health visiting")
    page.get_by_label("Name of the service").fill("Enhanced health visiting")
    page.get_by_label("Who provides it").fill("North Community Trust")
    page.get_by_label("Capacity, families a year (optional)").fill("many")
    page.get_by_role("button", name="Save and add another").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter capacity as a whole number of families a year"
    )
    assert_accessible(page)
    page.get_by_label("Capacity, families a year (optional)").fill("120")
    page.get_by_role("button", name="Save and add another").click()
    expect(page.get_by_text("Enhanced health visiting has been saved.")).to_be_visible()

    page.get_by_label("Specialist").check()
    page.get_by_label("Sector").select_option(label="Voluntary and community sector")
    page.get_by_label("Name of the service").fill("Parent-infant therapy")
    page.get_by_label("Who provides it").fill("Bright Start charity")
    page.get_by_label("Funding route").select_option(label="Grant or charitable funding")
    page.get_by_label("Funding end date (optional)").fill("2027-03-31")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service map for North Borough")

    # Record that there is no specialist CAMHS / infant mental health service.
    page.get_by_role(
        "link", name=re.compile(r"^Not yet recorded ?: Specialist, CAMHS and infant mental health$")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Specialist support in camhs and infant mental health"
    )
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("Checked with the trust")
    page.get_by_role("button", name="Record no service").click()

    def gap(row: str):
        return page.locator("#gap-summary tr", has_text=row).locator("td")

    expect(gap("Levels with no service")).to_have_text("Universal")
    expect(gap("Sectors with no service")).to_contain_text("Midwifery, Perinatal mental health")
    expect(gap("Recorded as having no service")).to_have_text("1 combination")
    expect(gap("Not yet recorded")).to_have_text("21 combinations")
    expect(gap("Time-limited funding")).to_contain_text("1 service")
    expect(gap("Specialised parent-infant relationship team")).to_contain_text("No.")
    expect(page.locator("#funding-table")).to_contain_text("Funding ends on 31 March 2027")
    expect(page.locator("#chart-matrix")).to_be_visible()
    expect(
        page.get_by_role(
            "link", name=re.compile(r"^No service ?: Specialist, CAMHS and infant mental health$")
        )
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Versions").click()
    expect(page.get_by_role("row", name="Version 4 (current)")).to_contain_text(
        "Recorded no specialist support in camhs and infant mental health"
    )
    assert_accessible(page)
    assert ServiceMap.objects.get().version == 4

    # The self-assessment question about local support shows what the map says.
    make_small_instrument()
    Question.objects.filter(code="s1-1").update(code="need-2")
    assessment = make_assessment(organisation=north, user=alice)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/s1/need-2/")
    panel = page.get_by_role("complementary", name="Your service map says")
    expect(panel).to_contain_text("2 services recorded; 3 of 24 level and sector combinations")
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_a_partner_accepts_an_invitation_and_adds_a_service(
    page: Page, live_server, alice, north, csp_violations
):
    from commissioning.servicemap import services, sharing
    from tests.factories import PASSWORD, make_user

    service_map = services.map_create(
        organisation=north, area_name="North Borough", area_code="", user=alice
    )
    invitation = sharing.contributor_invite(
        service_map=service_map, email="lead@provider.example", invited_by=alice
    )
    make_user(email="lead@provider.example", name="Lee Provider")
    link = sharing.invitation_link(invitation).split("/service-map/", 1)[1]

    # The partner opens the emailed link signed out and signs in from it.
    page.goto(f"{live_server.url}/service-map/{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contribute to the service map for North Borough"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Email address").fill("lead@provider.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Accept and contribute")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and contribute").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service map for North Borough")
    expect(page.get_by_role("status").first).to_contain_text(
        "You now contribute to the service map for North Borough"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Add a service").click()
    page.get_by_label("Specialist").check()
    page.get_by_label("Sector").select_option(label="Voluntary and community sector")
    page.get_by_label("Name of the service").fill("Little Steps parent-infant therapy")
    page.get_by_label("Who provides it").fill("Provider Partnership")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service map for North Borough")
    expect(page.locator("main")).to_contain_text("Little Steps parent-infant therapy")
    assert_accessible(page)
    service = service_map.services.get()
    assert service.name == "Little Steps parent-infant therapy"
    assert csp_violations == []
