"""Every page reachable so far, in its normal and error states, passes axe-core's
WCAG 2.2 A/AA rules in Chromium, with no Content Security Policy violations."""

import pytest
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Invitation, Membership
from commissioning.accounts.services import invitation_token
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_membership, make_user

ANONYMOUS_PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/contact/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/sent/",
    "/no-such-page/",
]


@pytest.mark.django_db(transaction=True)
def test_public_pages(page: Page, live_server, csp_violations):
    for path in ANONYMOUS_PAGES:
        page.goto(live_server.url + path)
        assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_error_states_of_public_forms(page: Page, live_server, csp_violations):
    for path, button in [
        ("/accounts/signup/", "Create account"),
        ("/accounts/login/", "Sign in"),
        ("/accounts/password/reset/", "Send link"),
    ]:
        page.goto(live_server.url + path)
        page.get_by_role("button", name=button).click()
        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        assert page.title().startswith("Error: ")
        assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_signed_in_pages(page: Page, live_server, alice, north, csp_violations):
    colleague = make_user(email="colleague@north.example", name="Colin League")
    make_membership(user=colleague, organisation=north)
    Invitation.objects.create(organisation=north, email="pending@north.example", invited_by=alice)
    sign_in(page, live_server, alice)
    for path in [
        "/",
        "/accounts/",
        "/accounts/profile/",
        "/accounts/password/change/",
        "/accounts/delete/",
        "/accounts/organisations/new/",
        f"/accounts/organisations/{north.pk}/",
        f"/accounts/organisations/{north.pk}/edit/",
        f"/accounts/organisations/{north.pk}/invite/",
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    # Error states of the signed-in forms.
    for path, button in [
        ("/accounts/organisations/new/", "Save"),
        (f"/accounts/organisations/{north.pk}/invite/", "Send invitation"),
        ("/accounts/password/change/", "Change password"),
        ("/accounts/delete/", "Delete my account"),
    ]:
        page.goto(live_server.url + path)
        page.get_by_role("button", name=button).click()
        expect(page.locator("[data-error-summary]")).to_be_focused()
        assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_invitation_pages(page: Page, live_server, alice, north, csp_violations):
    invitation = Invitation.objects.create(
        organisation=north, email="new@partner.example", invited_by=alice
    )
    page.goto(f"{live_server.url}/accounts/invitations/{invitation_token(invitation)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join North Borough ICB")
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/invitations/forged-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation cannot be used")
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_lockout_page(page: Page, live_server, alice):
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(5):
        page.get_by_label("Email address").fill("alice@north.example")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    assert_accessible(page)
    assert Membership.objects.filter(user=alice).exists()
