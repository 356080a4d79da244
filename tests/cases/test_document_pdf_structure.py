"""The business case PDF read back as a screen reader would meet it (PDF/UA-1, the
Matterhorn checks that can be automated): running headers and footers are artifacts,
the contents page has one link per entry and no tagged leader dots, every header cell
has a scope, a table crossing a page break is one table with one caption, link text
names the target, and every piece of text is tagged or an artifact. No database: the
case comes from the shipped example. Rendered once for the module."""

import re

import pytest
from django.conf import settings

from commissioning.cases.document import render_business_case_html, render_business_case_pdf
from tests import pdf_structure as ua
from tests.cases.test_document import analysis_of, context_for, load


@pytest.fixture(scope="module")
def context():
    data = load("new-team")
    return context_for(data, analysis_of(data, 1000))


@pytest.fixture(scope="module")
def pdf(context):
    return ua.TaggedPDF(render_business_case_pdf(context))


@pytest.fixture(scope="module")
def html(context):
    return render_business_case_html(context, standalone=True)


def test_every_piece_of_text_is_tagged_or_an_artifact(pdf):
    assert ua.untagged_or_orphan_content(pdf) == []


def test_running_headers_and_footers_are_artifacts(pdf):
    pages = len(pdf.reader.pages)
    footer = [c for c in pdf.chunks if c.text.startswith("Page ") and f"of {pages}" in c.text]
    assert len(footer) == pages and all(c.artifact for c in footer)
    running = ["Business case", "North Borough ICB · Version 3", f"of {pages}"]
    as_content = ua.running_text_as_content(pdf, running)
    # Only the cover's own line, which the footer repeats, is content (once).
    assert [c.page for c in as_content] == [0]
    footers = [c for c in pdf.chunks if c.text.startswith("North Borough ICB · Version 3")]
    assert sum(c.artifact for c in footers) == pages


def test_the_contents_page_has_one_link_per_entry_and_no_leader_dots(pdf, context):
    assert ua.nested_links(pdf) == []
    contents = next(h for h in pdf.elements("/H2") if pdf.text_of(h) == "Contents")
    entries = next(e for e in contents.parent.children if e.kind == "/L").children
    assert len(entries) == len(context["toc"])
    for entry, (_, title) in zip(entries, context["toc"], strict=True):
        links = [e for e in entry.walk() if e.kind == "/Link"]
        assert len(links) == 1
        assert pdf.text_of(links[0]) == title
        assert re.fullmatch(rf"{re.escape(title)} \d+", pdf.text_of(entry))
    assert not [c for c in pdf.chunks if re.fullmatch(r"[.\s·…]+", c.text) and not c.artifact]


def test_every_header_cell_has_a_scope_and_every_cell_names_real_headers(pdf, html):
    assert ua.header_cells_without_scope(pdf) == []
    assert ua.cells_naming_missing_headers(pdf) == []
    columns = [e for e in pdf.elements("/TH") if e.attributes["/Scope"] == "/Column"]
    assert len(columns) == html.count('<th scope="col"')
    assert len(pdf.elements("/TH")) == html.count("<th ")


def test_a_table_across_a_page_break_is_one_table_with_its_caption_once(pdf, html):
    tables = pdf.elements("/Table")
    assert len(tables) == html.count("<table")
    assert ua.tables_with_more_than_one_caption(pdf) == []
    split = [t for t in tables if len(ua.pages_of(t)) > 1]
    assert split, "the example should have a table longer than a page"
    for table in split:
        assert [c.kind for c in table.children].count("/THead") == 1
        # The header row drawn again on the next page is there, as an artifact.
        head = pdf.text_of(next(c for c in table.children if c.kind == "/THead"))
        first_cell = head.split()[0]
        later = {c.page for c in pdf.chunks if c.artifact and c.text == first_cell}
        assert later & (ua.pages_of(table) - {min(ua.pages_of(table))})


def test_links_name_their_target_and_stay_on_the_site(pdf):
    assert ua.links_with_poor_text(pdf, settings.SITE_URL) == []
    assert ua.link_annotations_outside_the_tree(pdf) == []
    assert len(pdf.elements("/Link")) >= 9


def test_no_heading_sits_alone_at_the_foot_of_a_page(pdf):
    assert ua.headings_alone_at_the_foot(pdf) == []
