"""The business case as a tagged PDF: metadata, language, tagging, page numbers,
embedded fonts, charts as tagged figures and at least ten pages for the example. Never
a byte comparison (rendered once per module: about two seconds)."""

import io
import logging

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from commissioning.cases.document import render_business_case_pdf
from commissioning.lib.pdf import StaticOnlyFetcher
from tests.cases.test_document import analysis_of, context_for, load

TITLE = "Business case: New specialised parent-infant relationship team (example)"


@pytest.fixture(scope="module")
def rendered():
    """(PDF bytes, what WeasyPrint logged, the fetcher) for the example case."""
    records: list[str] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    fetcher = StaticOnlyFetcher()
    try:
        data = load("new-team")
        narrative = {"strategic_need": "Five hundred families a year need help.\n\nMore text."}
        context = context_for(data, analysis_of(data, 1000), narrative=narrative)
        body = render_business_case_pdf(context, fetcher=fetcher)
    finally:
        logger.removeHandler(handler)
    return body, records, fetcher


@pytest.fixture(scope="module")
def reader(rendered):
    return PdfReader(io.BytesIO(rendered[0]))


@pytest.fixture(scope="module")
def text(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def test_it_is_a_pdf_of_at_least_ten_pages(rendered, reader):
    assert rendered[0].startswith(b"%PDF")
    assert len(reader.pages) >= 10


def test_it_renders_cleanly(rendered):
    _, records, fetcher = rendered
    assert not [r for r in records if "Failed to load" in r or "refus" in r.lower()], records
    assert fetcher.refused == []


def test_metadata_language_and_tagging(reader):
    meta = reader.metadata
    assert meta["/Title"] == TITLE
    assert meta["/Author"] == "Alice North, North Borough ICB"
    assert meta["/Subject"].startswith("Business case under the Green Book Five Case Model")
    assert "Five Case Model" in meta["/Keywords"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.attachments == {}


def test_page_numbers_header_and_content(reader, text):
    first, second = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    assert f"Page 1 of {len(reader.pages)}" in first
    assert "Page 2 of" in second
    # The running header (the case title) is on later pages, not on the cover; the
    # footer (organisation, version, date) is on every page.
    header = "New specialised parent-infant relationship team (example) Business case"
    assert header in second.splitlines() and header not in first.splitlines()
    assert "North Borough ICB · Version 3 · 5 January 2026 Page 1 of" in first
    for heading in (
        "Executive summary",
        "1. Strategic case",
        "2. Economic case",
        "3. Commercial case",
        "4. Financial case",
        "5. Management case",
        "Appendix A: Assumptions",
    ):
        assert heading in text
    assert "£176,888" in text
    assert "Five hundred families a year need help." in text
    assert "Illustrative: replace with a local figure" in text


def test_fonts_are_embedded(reader):
    seen = 0
    for page in reader.pages:
        fonts = resolve(resolve(page["/Resources"]).get("/Font", {}))
        for ref in fonts.values():
            font = resolve(ref)
            descendants = font.get("/DescendantFonts")
            target = resolve(resolve(descendants)[0]) if descendants else font
            descriptor = resolve(target["/FontDescriptor"])
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font
            seen += 1
    assert seen


def structure(node, found: list):
    node = resolve(node)
    if hasattr(node, "get"):
        if node.get("/S") == "/Figure":
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(resolve(kids), list) else [kids]:
                structure(kid, found)
    elif isinstance(node, list):
        for kid in node:
            structure(kid, found)
    return found


def test_the_charts_are_tagged_figures_with_alternative_text(reader):
    figures = structure(reader.trailer["/Root"]["/StructTreeRoot"], [])
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert len(figures) >= 4
    for title in (
        "Costs and benefits in each year (present value)",
        "Cumulative net present value at the end of each year",
        "Who gains: present value of benefits by agency",
    ):
        assert title in alts
