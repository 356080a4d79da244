"""The "Preparing your PDF" page in Chromium, with a queue and the worker's code run
from the test: the page switches to the download (or the error and "Try again")
without a reload, announces it in its live region, passes axe in every state and
breaks no CSP rule."""

import pytest
from playwright.sync_api import Page, expect

from commissioning.render_queue import services
from commissioning.render_queue.models import GeneratedDocument
from commissioning.render_queue.tasks import render_document
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.browser import conftest as browser
from tests.browser.conftest import assert_accessible, sign_in
from tests.render_queue.conftest import DATABASE_TASKS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# tests/browser's fixtures: Debian's Chromium (never a download) and the CSP console log.
browser_type_launch_args = browser.browser_type_launch_args
csp_violations = browser.csp_violations
Status = GeneratedDocument.Status


@pytest.fixture
def queued_page(page: Page, live_server, settings, alice, north):
    settings.TASKS = DATABASE_TASKS
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice, title="North readiness 2027")
    answer_all(assessment, alice, 3)
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/results/")
    page.get_by_role("link", name="Download the results (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preparing your PDF")
    # Marks this page load: still there later means the page was never reloaded.
    page.evaluate("window.notReloaded = true")
    return GeneratedDocument.objects.get()


def test_the_page_offers_the_download_once_the_worker_is_done(
    page: Page, queued_page, csp_violations
):
    document = queued_page
    assert page.title().startswith("Preparing your PDF")
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    assert_accessible(page)

    render_document.call(str(document.pk))  # the worker

    expect(page.get_by_role("heading", level=1)).to_have_text("Your PDF is ready", timeout=8000)
    expect(page.get_by_role("status").last).to_contain_text("Your PDF is ready")
    assert page.evaluate("window.notReloaded") is True
    assert page.title().startswith("Your PDF is ready")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download north-readiness-2027-results.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "north-readiness-2027-results.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert csp_violations == []


def test_a_failure_shows_the_error_and_try_again_queues_it_again(
    page: Page, queued_page, csp_violations
):
    document = queued_page
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.FAILED, error=services.ERROR_FAILED
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We could not prepare your PDF", timeout=8000
    )
    expect(page.get_by_role("status").last).to_contain_text(services.ERROR_FAILED)
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page)

    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preparing your PDF")
    document.refresh_from_db()
    assert document.status == Status.QUEUED and document.error == ""
    assert csp_violations == []
