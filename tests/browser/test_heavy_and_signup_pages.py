"""The pages added for email confirmation and heavy cases pass axe-core's WCAG 2.2 A/AA
rules with no Content Security Policy violations."""

import pytest
from playwright.sync_api import Page, expect

from commissioning.accounts import verification
from commissioning.cases import analysis_jobs, services
from commissioning.cases.models import Case
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_confirmation_pages(page: Page, live_server, csp_violations):
    user = make_user(email="new@example.org", email_verified_at=None)
    uid, token = verification.link_parts(user)
    for path in (
        "/accounts/signup/check-your-email/",
        f"/accounts/confirm/{uid}/{token}/",
        "/accounts/confirm/bad/bad/",
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + "/accounts/signup/check-your-email/")
    page.get_by_role("button", name="Send the link again").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)
    sign_in(page, live_server, user)
    page.goto(live_server.url + "/accounts/")
    expect(page.get_by_role("heading", name="Confirm your email address")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


@pytest.mark.django_db(transaction=True)
def test_the_heavy_case_progress_page(
    page: Page, live_server, alice, north, settings, monkeypatch, csp_violations
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(analysis_jobs, "HEAVY_WORK", 0)
    case = services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="Heavy"
    )
    sign_in(page, live_server, alice)
    page.goto(live_server.url + f"/cases/{case.pk}/results/")
    expect(page.get_by_role("heading", name="Working out the results")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
