"""Partner review and sign-off in the browser, each page through axe: a reviewer's
comment and its resolution, an approval by a partner's senior responsible owner (with
the approved PDF and Word copy carrying the decision record), and a return with
reasons."""

import io

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from commissioning.cases import services
from commissioning.cases.models import CaseCollaborator
from commissioning.cases.review import signoff
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared(alice, north, south):
    case = services.case_create(
        organisation=north, user=alice, kind="new_team", title="Northborough team"
    )
    people = {}
    for key, email, name in (
        ("reviewer", "fiona@south.example", "Fiona Finance"),
        ("sro", "sara@south.example", "Sara Senior"),
    ):
        user = make_user(email=email, name=name)
        make_membership(user=user, organisation=south)
        CaseCollaborator.objects.create(case=case, user=user, role="reviewer", organisation=south)
        people[key] = user
    return case, people


def test_a_reviewer_comments_and_the_owner_resolves_it(
    page: Page, live_server, alice, shared, csp_violations
):
    case, people = shared
    sign_in(page, live_server, people["reviewer"])
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name="Northborough team").click()
    page.get_by_role("link", name="Comments on the case").click()
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your comment")
    assert_accessible(page)
    page.get_by_label("Which part of the case is your comment about?").select_option(
        "financial_affordability"
    )
    page.get_by_role("textbox", name="Your comment").fill(
        "The <b>staff costs</b> look low for band 8a."
    )
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("The <b>staff costs</b> look low for band 8a.")).to_be_visible()
    assert page.get_by_role("button", name="Resolve").count() == 0  # reviewers cannot
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/cases/{case.pk}/comments/")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text("The comment has been resolved.")).to_be_visible()
    expect(page.get_by_text("Resolved by Alice North")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


def test_a_partner_sro_approves_and_the_pdf_and_word_copy_carry_the_decision(
    page: Page, live_server, alice, shared, csp_violations
):
    case, people = shared
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/cases/{case.pk}/sign-off/")
    assert_accessible(page)
    page.get_by_role("link", name="Ask for sign-off of version 1").click()
    page.get_by_role("radio", name="Sara Senior (sara@south.example)").check()
    page.get_by_label("The approver's role").fill("Director of Finance, senior responsible owner")
    page.get_by_role("checkbox", name="Fiona Finance (fiona@south.example)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Ask for sign-off").click()
    expect(page.get_by_text("Sign-off of version 1 has been asked for.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, people["reviewer"])
    page.goto(f"{live_server.url}/cases/{case.pk}/sign-off/")
    page.get_by_role("link", name="Record your review").click()
    page.get_by_role("radio", name="Content agreed").check()
    page.get_by_role("textbox", name="Your comment").fill("The finance figures are agreed.")
    assert_accessible(page)
    page.get_by_role("button", name="Record my review").click()

    page.context.clear_cookies()
    sign_in(page, live_server, people["sro"])
    page.goto(f"{live_server.url}/cases/{case.pk}/sign-off/")
    page.get_by_role("link", name="Record your decision").click()
    page.get_by_role("radio", name="Approve with conditions").check()
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the conditions of the approval")
    assert_accessible(page)
    page.get_by_role("radio", name="Approve with conditions").check()
    page.get_by_label("Conditions or reasons").fill("Report uptake to the board after 6 months.")
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What happens next")
    assert_accessible(page)

    page.goto(f"{live_server.url}/cases/{case.pk}/document/")
    expect(page.get_by_text("Approved: version 1").first).to_be_visible()
    downloads = page.get_by_role("navigation", name="Download this business case")
    with page.expect_download() as word_download:
        downloads.get_by_role("link", name="Download as Word (.docx)").click()
    word = Document(word_download.value.path())
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert word.core_properties.content_status == "Approved: version 1"
    assert "Sara Senior" in cells and "South Shire Council" in cells
    assert "Report uptake to the board after 6 months." in cells
    # The PDF takes longest to render (inline here, by the worker on the site).
    with page.expect_download(timeout=180_000) as pdf_download:
        downloads.get_by_role("link", name="Download as PDF").click(timeout=180_000)
    with open(pdf_download.value.path(), "rb") as handle:
        first = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Approved: version 1" in first and "Sara Senior" in first
    assert csp_violations == []


def test_the_sro_returns_the_case_with_reasons(page: Page, live_server, alice, shared):
    case, people = shared
    signoff.signoff_request(
        case=case, user=alice, approver=people["sro"], approver_role="SRO", reviewers=[]
    )
    sign_in(page, live_server, people["sro"])
    page.goto(f"{live_server.url}/cases/{case.pk}/sign-off/decide/")
    page.get_by_role("radio", name="Return the case with reasons").check()
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reasons you are returning")
    assert_accessible(page)
    page.get_by_role("radio", name="Return the case with reasons").check()
    page.get_by_label("Conditions or reasons").fill("Add the council's share of the costs.")
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_text("Your decision has been recorded: Returned.")).to_be_visible()
    expect(page.get_by_text("Add the council's share of the costs.")).to_be_visible()
    assert_accessible(page)
