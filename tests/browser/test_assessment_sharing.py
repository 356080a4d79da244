"""An admin invites a partner into an assessment, the partner accepts and rates, the
admin (a facilitator) records the agreed rating, and the partner's rating is locked.
Every page on the way, and each form's error state, passes axe with no CSP
violations."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from commissioning.assessment.models import ConsensusRating, Participant
from tests.assessment.support import make_assessment, make_small_instrument
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_membership, make_organisation, make_user


def expect_error_summary(page: Page) -> None:
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")


def switch_user(page: Page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, user)


@pytest.mark.django_db(transaction=True)
def test_invite_a_partner_rate_and_agree(page: Page, live_server, alice, north, csp_violations):
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    base = f"{live_server.url}/assessments/{assessment.pk}/"

    # The admin opens the people page from the task list and invites a partner.
    sign_in(page, live_server, alice)
    page.goto(base)
    page.get_by_role("link", name="People taking part").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People taking part")
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    expect_error_summary(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone to take part")
    assert_accessible(page)
    page.get_by_label("Their email address").fill("pat@partner.example")
    page.get_by_label("Rater: rates each question").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "An invitation has been sent to pat@partner.example"
    )
    expect(page.get_by_role("row", name=re.compile("pat@partner.example"))).to_be_visible()
    assert_accessible(page)

    # The partner, from another organisation, accepts through the emailed link.
    link = re.search(r"https?://\S+/assessments/invitations/\S+/", mail.outbox[-1].body).group(0)
    path = "/assessments/" + link.split("/assessments/", 1)[1]
    partner = make_user(email="pat@partner.example", name="Pat Partner")
    make_membership(user=partner, organisation=make_organisation(name="Partner Trust"))
    switch_user(page, live_server, partner)
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Take part in Spring review")
    assert_accessible(page)
    page.get_by_role("button", name="Accept and take part").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring review")
    assert Participant.objects.filter(user=partner, assessment=assessment).exists()

    # ... and rates the first question.
    page.goto(base + "s1/s1-1/")
    page.get_by_label("3 – Established").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(base + "s1/s1-2/")

    # The admin, a facilitator, compares ratings and records the agreed one.
    switch_user(page, live_server, alice)
    page.goto(base + "consensus/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agree ratings together")
    expect(page.locator("#question-s1-1")).to_contain_text("Pat Partner: 3")
    assert_accessible(page)
    page.get_by_role("link", name="Record agreed rating for: Statement 1.1").click()
    expect(page.get_by_label("3 – Established")).to_be_checked()  # the median, offered
    assert_accessible(page)
    page.get_by_role("button", name="Save agreed rating").click()
    expect_error_summary(page)
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Enter the reason the group agreed this rating"
    )
    assert_accessible(page)
    page.get_by_label("Why the group agreed this rating").fill(
        "The partner's referral data shows the pathway works."
    )
    page.get_by_role("button", name="Save agreed rating").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "The agreed rating for question 1 in Section 1 has been recorded: 3 – Established"
    )
    expect(page.locator("#question-s1-1")).to_contain_text("Recorded by Alice North")
    assert ConsensusRating.objects.get().rating == 3

    # The partner's question page now shows the lock.
    switch_user(page, live_server, partner)
    page.goto(base + "s1/s1-1/")
    expect(page.get_by_role("status")).to_contain_text(
        "The group has agreed a rating for this question (3), so individual ratings are locked."
    )
    expect(page.get_by_label("3 – Established")).to_be_disabled()
    assert_accessible(page)
    assert csp_violations == []
