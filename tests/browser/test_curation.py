"""A curator edits a draft and sends it for review; a publisher publishes it, sees it
on the public site, then reverts it. Every admin page on the way passes axe."""

import pytest
import reversion
from playwright.sync_api import Page, expect

from commissioning.knowledge.models import Factor, Status
from tests.browser.conftest import assert_accessible, sign_in
from tests.knowledge.curation_support import load_small_kb, make_curator, make_publisher


@pytest.mark.django_db(transaction=True)
def test_draft_review_publish_revert(page: Page, live_server, csp_violations):
    with reversion.create_revision():
        load_small_kb()
    factor = Factor.objects.get(slug="low-awareness")
    factor.status = Status.DRAFT
    factor.save()
    curator = make_curator(email="cora@curators.example", name="Cora Curator")
    publisher = make_publisher(email="pat@publishers.example", name="Pat Publisher")

    # The curator edits the draft and sends it for review.
    sign_in(page, live_server, curator)
    page.goto(f"{live_server.url}/admin/knowledge/factor/")
    assert_accessible(page)
    page.get_by_role("link", name="Low awareness of infant mental health").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Infant mental health is poorly understood")
    page.locator("#id_status").select_option("review")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    factor.refresh_from_db()
    assert (factor.title, factor.status) == ("Infant mental health is poorly understood", "review")
    response = page.goto(f"{live_server.url}/knowledge/low-awareness/")
    assert response.status == 404  # not public until published

    # The publisher publishes it from the list.
    page.context.clear_cookies()
    sign_in(page, live_server, publisher)
    page.goto(f"{live_server.url}/admin/knowledge/factor/")
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option("publish")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("1 item(s) published")
    page.goto(f"{live_server.url}/knowledge/low-awareness/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Infant mental health is poorly understood"
    )

    # History, the differences, and revert to the first revision.
    page.goto(f"{live_server.url}/admin/knowledge/factor/{factor.pk}/history/")
    assert_accessible(page)
    page.get_by_role("link", name="What changed").first.click()
    expect(page.locator("ins").first).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.locator("#change-history tbody tr").last.get_by_role("link").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"{live_server.url}/knowledge/low-awareness/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Low awareness of infant mental health"
    )

    page.goto(f"{live_server.url}/admin/knowledge/factor/import/")
    assert_accessible(page)
    assert csp_violations == []
