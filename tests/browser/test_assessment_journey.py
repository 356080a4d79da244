"""A commissioner assesses their system in the browser: signs in, starts, answers,
saves and comes back, completes, submits, reads the results (radar and table),
adopts an action, downloads the PDF and compares two assessments. axe checks every
page on the way; there are no CSP violations; another organisation gets 404."""

import re

import pytest
from playwright.sync_api import Page, expect

from commissioning.assessment.models import Answer, Assessment, PlanItem, Question
from tests.assessment.support import answer_all, load_shipped_instrument, make_assessment
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD


def sign_in_with_the_form(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def answer(page: Page, label: str, button: str = "Continue") -> None:
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name=button).click()


@pytest.mark.django_db(transaction=True)
def test_assess_submit_read_plan_and_download(
    page: Page, live_server, alice, north, bob, csp_violations
):
    load_shipped_instrument()
    base = live_server.url

    # Sign in and start an assessment.
    sign_in_with_the_form(page, live_server, alice.email)
    page.goto(base + "/assessments/")
    assert_accessible(page)
    page.get_by_label("Name this assessment").fill("North readiness 2027")
    page.get_by_label("Area it covers").fill("North Borough")
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North readiness 2027")
    assert_accessible(page)
    assessment = Assessment.objects.get()

    # A question page, its error state, then a few answers.
    page.get_by_role("link", name="Local need and data").click()
    expect(page.get_by_text("question 1 of 7")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    answer(page, "2 – Developing")
    answer(page, "Don't know")
    answer(page, "1 – Starting", button="Save and come back later")
    expect(page.get_by_role("status").first).to_contain_text("Your answer has been saved")

    # Sign out, sign in again, continue where we left off and finish the section.
    page.get_by_role("button", name="Sign out").click()
    sign_in_with_the_form(page, live_server, alice.email)
    page.goto(base + "/assessments/")
    page.get_by_role("link", name="North readiness 2027").click()
    page.get_by_role("link", name="Continue where you left off").click()
    expect(page.get_by_text("question 4 of 7")).to_be_visible()
    for label in ("0 – Not in place", "1 – Starting", "3 – Established", "4 – Embedded"):
        answer(page, label)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers: Local need and data"
    )
    assert_accessible(page)
    assert Answer.objects.filter(assessment=assessment, respondent=alice).count() == 7

    # The other sections through the ORM, for speed: low ratings make priorities.
    answered = set(Answer.objects.values_list("question_id", flat=True))
    for question in Question.objects.exclude(pk__in=answered):
        Answer.objects.create(
            assessment=assessment, question=question, respondent=alice, rating=question.pk % 3
        )

    # Submit.
    page.goto(f"{base}/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Check and submit").click()
    assert_accessible(page)
    page.get_by_role("button", name="Submit and lock the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment submitted")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert_accessible(page)

    # Results: the radar and its table alternative.
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    radar = page.get_by_role("img", name=re.compile("Readiness profile"))
    expect(radar).to_be_visible()
    expect(page.locator("svg#sections-chart")).to_have_attribute("role", "img")
    expect(page.get_by_role("table", name="Score for each section, out of 100")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("COM-B profile"))).to_be_visible()
    expect(page.get_by_role("heading", name="Priorities")).to_be_visible()
    assert_accessible(page)

    # The action plan: adopt an action, then give it an owner.
    page.get_by_role("link", name="Action plan").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Adopt this action")).first.click()
    expect(page.get_by_role("status").first).to_contain_text("has been added to your plan")
    assert_accessible(page)
    item = PlanItem.objects.get()
    assert item.action_id is not None and item.factor_id is not None
    page.get_by_role("link", name=re.compile(f"^Change {re.escape(item.title)}")).click()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("must be a real date")
    assert_accessible(page)
    page.get_by_label("Who is responsible (optional)").fill("Priya, public health")
    page.get_by_label("Month").fill("3")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").first).to_contain_text("has been updated")
    item.refresh_from_db()
    assert (item.owner, str(item.due_date), item.status) == (
        "Priya, public health",
        "2027-03-31",
        "in_progress",
    )

    # The PDF download.
    page.goto(f"{base}/assessments/{assessment.pk}/results/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the results (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "north-readiness-2027-results.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # Compare with a second assessment.
    later = make_assessment(organisation=north, user=alice, title="North readiness 2028")
    answer_all(later, alice, 3)
    page.get_by_role("link", name="Compare with another assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare assessments")
    assert_accessible(page)
    page.locator("fieldset", has_text="Compare it with").get_by_label(
        re.compile("^North readiness 2028")
    ).check()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("table", name="Section scores")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []

    # Someone from another organisation gets "Page not found" for every part.
    page.context.clear_cookies()
    sign_in(page, live_server, bob)
    for tail in ("results/", "plan/", "export.csv", "results.pdf"):
        response = page.goto(f"{base}/assessments/{assessment.pk}/{tail}")
        assert response.status == 404, tail
    response = page.goto(f"{base}/assessments/compare/?a={assessment.pk}")
    assert response.status == 404
