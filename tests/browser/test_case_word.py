"""A commissioner opens the business case page and downloads its Word copy: the page
passes axe, the download is a .docx with the case's title and each of the five cases
as a Heading 1, and the charts as pictures with alt text."""

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from commissioning.cases import services
from tests.browser.conftest import assert_accessible, sign_in

FIVE_CASES = [
    "1. Strategic case",
    "2. Economic case",
    "3. Commercial case",
    "4. Financial case",
    "5. Management case",
]


@pytest.mark.django_db(transaction=True)
def test_the_business_case_page_offers_the_word_copy(
    page: Page, live_server, alice, north, csp_violations
):
    case = services.case_create(
        organisation=north, user=alice, kind="new_team", title="Northborough team"
    )
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}/cases/{case.pk}/results/")
    page.get_by_role("link", name="Read the business case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northborough team")
    downloads = page.get_by_role("navigation", name="Download this business case")
    expect(downloads.get_by_role("link")).to_have_text(
        ["Download as PDF", "Download as Word (.docx)", "Download the figures (CSV)"]
    )
    assert_accessible(page)

    with page.expect_download() as download_info:
        downloads.get_by_role("link", name="Download as Word (.docx)").click()
    download = download_info.value
    assert download.suggested_filename == "northborough-team-business-case-v1.docx"
    word = Document(download.path())
    assert word.core_properties.title == "Business case: Northborough team"
    assert word.core_properties.language == "en-GB"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:6] == FIVE_CASES
    pictures = word.inline_shapes
    assert len(pictures) >= 3
    assert all(shape._inline.docPr.get("descr", "").startswith("Chart: ") for shape in pictures)
    assert csp_violations == []
