"""The business case as a Word document (no database): parsed back with python-docx,
its structure (heading styles, core properties, repeating table headers, charts as
pictures with alt text, appendices, status on the cover) matches the content model
the page and the PDF use; hostile text gives a file that still opens."""

import copy
import io
import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image

from commissioning.cases.document import DOCX_MEDIA_TYPE, render_business_case_docx
from commissioning.cases.document.word import charts as word_charts
from commissioning.cases.document.word import document_charts
from commissioning.cases.document.word.writer import clean
from tests.cases.test_document import DIAGNOSIS, FIVE_CASES, analysis_of, context_for, load

PNG = b"\x89PNG\r\n\x1a\n"
WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
PARTS = (
    "Executive summary",
    *FIVE_CASES,
    "Appendix A: Assumptions",
    "Appendix B: Method",
    "Appendix C: References",
)


@pytest.fixture(scope="module")
def context():
    data = load("new-team")
    return context_for(data, analysis_of(data, 500), diagnosis=DIAGNOSIS)


@pytest.fixture(scope="module")
def body(context):
    """The real thing, charts drawn through WeasyPrint and pdftoppm (once)."""
    return render_business_case_docx(context)


@pytest.fixture(scope="module")
def word(body):
    return docx.Document(io.BytesIO(body))


def styled(word, prefix):
    return [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith(prefix)]


def test_it_is_a_word_document(body):
    assert DOCX_MEDIA_TYPE.endswith("wordprocessingml.document")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(archive.read(name))  # every part is well-formed XML


def test_each_part_is_a_heading_1_in_order_with_heading_2s_below(word, context):
    assert styled(word, "Title") == [("Title", context["doc"]["title"])]
    assert [text for _, text in styled(word, "Heading 1")] == list(PARTS)
    headings_2 = [text for _, text in styled(word, "Heading 2")]
    for expected in (
        "Barriers found by the local self-assessment",
        "Costs",
        "Sensitivity and switching values",
        "Budget profile",
        "Evaluation plan",
        "Prices: one price year",
        "Works cited in this case's sources",
    ):
        assert expected in headings_2
    # Nothing skips a level: every Heading 2 follows a Heading 1 or another Heading 2.
    levels = [int(s[-1]) for s, _ in styled(word, "Heading ")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_core_properties_give_title_language_and_status(word, context):
    core = word.core_properties
    assert core.title == context["meta"]["title"]
    assert core.language == "en-GB"
    assert core.content_status == "Draft"
    assert core.author == "Alice North, North Borough ICB"
    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "en-GB"


def test_the_cover_says_draft(word):
    cover = [p.text for p in word.paragraphs[:4]]
    assert "Status: Draft" in cover
    facts = {row.cells[0].text: row.cells[1].text for row in word.tables[0].rows}
    assert facts["Status"] == "Draft: not yet approved"
    assert facts["Version"] == "Version 3" and facts["Organisation"] == "North Borough ICB"
    assert "Draft." in word.sections[0].header.paragraphs[0].text


def test_every_table_repeats_its_header_row_and_has_a_caption(word):
    assert len(word.tables) > 10
    for table in word.tables:
        first, *rest = table._tbl.tr_lst
        header = first.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) == "true"
        assert all(r.trPr is None or r.trPr.find(qn("w:tblHeader")) is None for r in rest)
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))


def test_the_content_is_the_content_models(word, context):
    text = "\n".join(p.text for p in word.paragraphs)
    assert context["summary"]["verdict"] in text
    assert context["economic"]["options_reading"] in text
    # The self-assessment's own reading, as on the page.
    assert "Your weakest section is Workforce (25 out of 100)." in text
    priorities = [p.text for p in word.paragraphs if p.style.name == "List Number"]
    assert priorities[:2] == ["Short-term funding", "Specialist skills gap"]
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert "Assumptions, sources and evidence grades" in captions


def test_the_charts_are_pictures_with_alt_text_and_their_tables(word, context):
    charts = document_charts(context)
    assert len(charts) == 5  # the readiness profile and the economic case's four
    pictures = word.inline_shapes
    assert len(pictures) == len(charts)
    described = [shape._inline.find(WP_DOCPR) for shape in pictures]
    for chart, properties in zip(charts, described, strict=True):
        assert properties.get("title") == chart["title"]
        alt = properties.get("descr")
        assert alt.startswith(f"Chart: {chart['title']}.") and len(alt) > len(chart["title"]) + 20
        assert "&#x27;" not in alt and "<" not in alt  # unescaped, no markup
    images = [part.blob for part in word.part.package.parts if part.partname.endswith(".png")]
    assert len(images) == len(charts) and all(blob.startswith(PNG) for blob in images)
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    for chart in charts:
        assert f"Chart: {chart['title']}" in captions
        assert chart["table"]["caption"] in captions


def test_the_appendices_are_all_there(word, context):
    assumptions = next(
        t
        for t in word.tables
        if t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
        == "Assumptions, sources and evidence grades"
    )
    assert len(assumptions.rows) == 1 + len(context["appendix"]["assumptions"])
    assert [c.text for c in assumptions.rows[0].cells][-1] == "Source"
    listed = {p.text for p in word.paragraphs if p.style.name == "List Number"}
    for work in context["appendix"]["references"].works:
        assert work.text in listed
    for text in context["appendix"]["method_sources"]:
        assert text in listed


def test_numbered_lists_start_again_at_1(word):
    numbers = [
        p._p.pPr.numPr.numId.val
        for p in word.paragraphs
        if p.style.name == "List Number" and p._p.pPr.numPr is not None
    ]
    # Priorities, then the checks, then the references: each its own list.
    assert len(set(numbers)) >= 3


def test_without_pdftoppm_the_tables_stand_in_for_the_pictures(context, monkeypatch):
    monkeypatch.setattr(word_charts.shutil, "which", lambda name: None)
    word = docx.Document(io.BytesIO(render_business_case_docx(context)))
    assert len(word.inline_shapes) == 0
    text = "\n".join(p.text for p in word.paragraphs)
    assert text.count("The chart's picture could not be made here") == 5


# --- Hostile text -------------------------------------------------------------------

CONTROL = "".join(chr(c) for c in (0, 1, 8, 11, 12, 27, 31)) + "\ufffe\uffff"
FORMULAS = ("=cmd|' /c calc'!A1", "+1+1", "-2-2", "@SUM(A1:A9)")
LONG_WORD = "Pneumono" * 800  # 6,400 characters, no break


def hostile_context() -> dict:
    data = load("new-team")
    narrative_text = f"{FORMULAS[0]}\n{CONTROL}\n\n{LONG_WORD}"
    context = context_for(
        data,
        analysis_of(data, 200),
        narrative={"strategic_need": narrative_text, "summary_recommendation": FORMULAS[1]},
        organisation_name=f"{FORMULAS[3]}{CONTROL}",
        author_name=f"{FORMULAS[2]}\x00",
        version_label=f"v{CONTROL}",
        diagnosis=DIAGNOSIS,
    )
    context = copy.deepcopy(context)
    # The renderer must cope with any text the content model carries, anywhere.
    context["doc"]["title"] = f"{FORMULAS[0]}{CONTROL}"
    context["meta"]["title"] = f"Business case: {FORMULAS[0]}{CONTROL}"
    context["doc"]["description"] = LONG_WORD + CONTROL
    context["strategic"]["need_table"]["rows"][0][0]["text"] = FORMULAS[0] + CONTROL
    context["appendix"]["assumptions"][0]["source"] = LONG_WORD + CONTROL
    context["economic"]["chart_list"][0]["title"] = FORMULAS[3] + CONTROL
    return context


def tiny_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def hostile():
    context = hostile_context()
    pictures = {chart["id"]: tiny_png() for chart in document_charts(context)}
    pictures[context["economic"]["chart_list"][0]["id"]] = PNG + b"broken"
    return render_business_case_docx(context, pictures=pictures)


def test_hostile_text_gives_a_file_that_opens(hostile):
    with zipfile.ZipFile(io.BytesIO(hostile)) as archive:
        assert archive.testzip() is None
        xml = archive.read("word/document.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
    etree.fromstring(xml.encode())
    etree.fromstring(core.encode())
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", xml + core)
    word = docx.Document(io.BytesIO(hostile))
    text = "\n".join(p.text for p in word.paragraphs)
    assert LONG_WORD in text  # kept whole; Word wraps it
    assert len(word.inline_shapes) == 4  # the broken picture is left out, not fatal
    assert "The chart's picture could not be made here" in text
    assert word.core_properties.title.startswith("Business case: =cmd|")


def test_formula_starts_stay_plain_text(hostile):
    with zipfile.ZipFile(io.BytesIO(hostile)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    # Only text runs: no field, hyperlink or DDE instruction is made from user text.
    for element in ("w:fldSimple", "w:instrText", "w:fldChar", "w:hyperlink"):
        assert f"<{element}" not in xml
    word = docx.Document(io.BytesIO(hostile))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    for formula in FORMULAS:
        assert formula in text + cells


def test_clean_replaces_only_what_xml_forbids():
    assert clean("a\tb\nc\rd") == "a\tb\nc\rd"
    assert clean(f"x{CONTROL}y") == "x" + " " * len(CONTROL) + "y"
    assert clean(None) == "" and clean(12) == "12"
    assert clean("£ – “quotes” 👶") == "£ – “quotes” 👶"


def test_every_document_kind_fits_its_row():
    """PostgreSQL enforces the column's length (SQLite does not): Word's media type is
    71 characters."""
    from django.conf import settings

    from commissioning.render_queue.kinds import kind_get
    from commissioning.render_queue.models import GeneratedDocument

    limit = GeneratedDocument._meta.get_field("media_type").max_length
    kinds = [kind_get(name) for name in settings.DOCUMENT_KINDS]
    assert "business_case_docx" in settings.DOCUMENT_KINDS
    assert all(len(kind.media_type) <= limit for kind in kinds)


# --- The options appraisal, the service map and the action plan: one content model -------


def test_options_service_map_and_action_plan_reach_the_word_copy_as_on_the_page():
    from datetime import date

    from commissioning.cases.document import render_business_case_html
    from commissioning.cases.document.options import ActionPlan, PlanAction
    from tests.cases.test_options import compared, shared_case
    from tests.servicemap.test_business_case import hostile_summary

    comparison = compared(
        shared_case(), preferred="Large team", preferred_reason="Reaches every family.\n\nAnd more."
    )
    plan = ActionPlan(
        assessment_title="Spring review",
        submitted_on=date(2026, 5, 1),
        actions=(PlanAction("Brief the board", "Alice North", date(2027, 1, 15), "Planned"),),
    )
    data = load("new-team")
    context = context_for(
        data,
        analysis_of(data, 200),
        options=comparison,
        action_plan=plan,
        service_map=hostile_summary(),
    )
    pictures = {chart["id"]: tiny_png() for chart in document_charts(context)}
    assert {"chart-options-npv", "chart-service-map"} <= set(pictures)
    word = docx.Document(io.BytesIO(render_business_case_docx(context, pictures=pictures)))
    headings = [text for _, text in styled(word, "Heading 2")]
    for heading in (
        "Existing arrangements and the gaps",
        "The options compared with business as usual",
        "The preferred option and why",
        "Action plan from the self-assessment",
    ):
        assert heading in headings
        assert heading in render_business_case_html(context)
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Preferred option: Large team." in text
    assert "Reaches every family." in text and "And more." in text
    assert 'From the action plan of the self-assessment "Spring review"' in text
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert {"Small team", "Large team", "Brief the board", "15 January 2027"} <= cells
    described = [d.get("descr") for d in word.element.body.iter(WP_DOCPR)]
    assert any(d and d.startswith("Chart: Net present value of each option") for d in described)
    assert any(d and d.startswith("Chart: Existing support for each level") for d in described)
