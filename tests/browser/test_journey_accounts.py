"""A newcomer signs up, sets up an organisation and invites a partner, who joins;
a commissioner from another organisation cannot see any of it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Membership, Organisation
from commissioning.areas.models import Area
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD


def confirmation_path(message) -> str:
    """The link's path: the email names SITE_URL, not the test server."""
    return re.search(r"/accounts/confirm/\S+/\S+/", message.body).group(0)


@pytest.mark.django_db(transaction=True)
def test_sign_up_set_up_invite_join(page: Page, live_server, bob):
    Area.objects.create(code="E54000099", name="West Valley", level="icb")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Full name").fill("Priya Commissioner")
    page.get_by_label("Work email address").fill("priya@west.example")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(live_server.url + confirmation_path(mail.outbox[-1]))
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    page.get_by_role("link", name="Set up a new organisation").click()
    page.get_by_label("Organisation name").fill("West Valley ICB")
    page.get_by_label("Integrated Care Board").check()
    page.get_by_label("Area it serves").select_option(label="West Valley")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("West Valley ICB")
    organisation = Organisation.objects.get(name="West Valley ICB")
    assert organisation.area_name == "West Valley"
    # The next step is plain: start a self-assessment, for this organisation and area.
    expect(page.get_by_role("heading", name="Next: start a self-assessment")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Start a self-assessment").click()
    expect(page.get_by_label("Area it covers")).to_have_value("West Valley")
    expect(page.get_by_label("West Valley ICB")).to_be_checked()
    assert_accessible(page)
    page.go_back()

    page.get_by_label("Colleague's email address").fill("sam@partner.example")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "An invitation has been sent to sam@partner.example"
    )
    link = re.search(r"https?://\S+/accounts/invitations/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("/accounts/", 1)[1]

    # The partner opens the link signed out, creates an account and joins.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/accounts/{path}")
    page.get_by_role("link", name="Create an account").last.click()
    expect(page.get_by_label("Work email address")).to_have_value("sam@partner.example")
    page.get_by_label("Full name").fill("Sam Partner")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(live_server.url + confirmation_path(mail.outbox[-1]))
    page.get_by_role("button", name="Confirm and sign in").click()
    # Back at the invitation, signed in with a confirmed address.
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("West Valley ICB")
    assert Membership.objects.filter(
        user__email="sam@partner.example", organisation=organisation
    ).exists()

    # Someone from another organisation gets "Page not found".
    page.context.clear_cookies()
    sign_in(page, live_server, bob)
    response = page.goto(f"{live_server.url}/accounts/organisations/{organisation.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
