"""Hostile text in every free-text field of a case cannot reach the network or the
file system through the business case: the HTML escapes it (no live tags), and the
PDF renderer never fetches it, attaches nothing and embeds no image. If markup ever
slipped through (simulated below by bypassing the escaping), the fetcher refuses it."""

import dataclasses
import io
import logging
from html.parser import HTMLParser

import pytest
from django.utils.safestring import mark_safe
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from commissioning.assessment.diagnosis import DiagnosisSummary
from commissioning.cases.document import (
    NARRATIVE_SECTIONS,
    render_business_case_html,
    render_business_case_pdf,
)
from commissioning.lib.pdf import StaticOnlyFetcher
from tests.cases.test_document import DIAGNOSIS, analysis_of, context_for, load

HOSTILE_URLS = ("file:///etc/passwd", "file:///work/main/manage.py", "http://127.0.0.1:1/x.png")
# Exactly 200 characters: the longest name, role, label or agency a case may have.
SHORT = (
    '<img src="file:///etc/passwd"><link rel="attachment" href="file:///work/main/manage.py">'
    '<img src="http://127.0.0.1:1/x.png"><i style="background:url(file:///etc/passwd)">x</i>'
    "<script>alert(1)</script>"
)
LONG = (
    SHORT
    + '<style>@import url("file:///etc/passwd"); body { background: url(http://127.0.0.1:1/x.png) }'
    '</style><object data="file:///etc/passwd"></object><iframe src="http://127.0.0.1:1/x.png">'
    '</iframe><svg><image href="file:///etc/passwd"/></svg><a href="file:///work/main/manage.py">'
    'link</a><link rel="stylesheet" href="http://127.0.0.1:1/x.css">\n\nurl(file:///etc/passwd)'
)
# Bytes of the two local files: if either appears in any PDF stream, it leaked.
LEAKS = (b"root:x:0:0", b"execute_from_command_line")
URL_ATTRIBUTES = {"src", "href", "data", "srcset", "action", "poster", "xlink:href", "background"}


def hostile_case() -> dict:
    """The new-team example with the payload in every free-text field."""
    data = load("new-team")
    assert len(SHORT) <= 200
    data["name"] = SHORT
    data["description"] = LONG
    data["notes"] = LONG
    data["discounting"]["source"] = LONG
    for value in data.values():
        if isinstance(value, dict) and "value" in value:
            value["source"] = LONG
    data["unit_costs"][SHORT] = {"value": 50000, "source": LONG}
    for line in data["staff"]:
        line["role"] = SHORT
        line["source"] = LONG
    data["staff"][0]["band"] = SHORT
    for line in data["non_staff"]:
        line["label"] = SHORT
        line["source"] = LONG
    for outcome in data["outcomes"]:
        outcome["name"] = SHORT
        outcome["agency"] = SHORT
        outcome["source"] = LONG
        for field in ("baseline_risk", "relative_reduction", "value_per_case"):
            if isinstance(outcome[field], dict):
                outcome[field]["source"] = LONG
    return data


def hostile_diagnosis() -> DiagnosisSummary:
    return dataclasses.replace(
        DIAGNOSIS,
        title=SHORT,
        area_name=SHORT,
        sections=tuple(dataclasses.replace(s, title=SHORT) for s in DIAGNOSIS.sections),
        priorities=tuple(dataclasses.replace(p, title=SHORT) for p in DIAGNOSIS.priorities),
        reading=(SHORT,),
    )


@pytest.fixture(scope="module")
def context():
    data = hostile_case()
    analysis = analysis_of(data, 200)
    other = analysis_of(load("system-champions"), 200)
    return context_for(
        data,
        analysis,
        narrative={key: LONG for key, _, _ in NARRATIVE_SECTIONS},
        organisation_name=SHORT,
        author_name=SHORT,
        diagnosis=hostile_diagnosis(),
        comparison=[(SHORT, other)],
        version_label=SHORT,
    )


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def live_tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_nothing_live(html: str) -> None:
    tags = live_tags(html)
    names = [tag for tag, _ in tags]
    for forbidden in ("iframe", "object", "image", "i"):
        assert forbidden not in names, forbidden
    for tag, attrs in tags:
        assert "style" not in attrs, tag
        for name in URL_ATTRIBUTES & set(attrs):
            value = attrs[name] or ""
            # Only the site's own links and files (base.html's logo, scripts, styles).
            assert "file:" not in value and "127.0.0.1" not in value, (tag, name, value)
            assert value.startswith(("/", "#")), (tag, name, value)
        if tag == "link":
            assert attrs.get("rel") != "attachment"
    assert "<script>alert(1)" not in html
    # ... while the text itself is shown, escaped.
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_web_page_escapes_every_field(context):
    html = render_business_case_html(context)
    assert_nothing_live(html)
    assert not any(tag == "style" for tag, _ in live_tags(html))
    # in the charts' SVG text too
    assert "&lt;link rel=&quot;attachment&quot;" in html


def test_the_standalone_page_escapes_every_field(context):
    html = render_business_case_html(context, standalone=True)
    assert_nothing_live(html)
    assert sum(1 for tag, _ in live_tags(html) if tag == "style") == 1  # our stylesheet only
    assert html.count("<style>") == 1


class SpyFetcher(StaticOnlyFetcher):
    """The real fetcher, recording every URL WeasyPrint asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        return super().fetch(url, headers)


@pytest.fixture
def weasy_log():
    records: list[str] = []
    handler = logging.Handler(level=logging.DEBUG)
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def streams(reader: PdfReader):
    """Every stream object in the PDF, decoded."""
    size = int(reader.trailer["/Size"])
    for number in range(1, size):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:  # noqa: BLE001 (free object numbers)
            continue
        if isinstance(obj, StreamObject):
            yield obj


def images(reader: PdfReader) -> int:
    return sum(1 for s in streams(reader) if s.get("/Subtype") == "/Image")


def assert_clean_pdf(body: bytes) -> PdfReader:
    assert body.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(body))
    assert reader.attachments == {}
    assert images(reader) == 0
    for stream in streams(reader):
        data = stream.get_data()
        for leak in LEAKS:
            assert leak not in data
    return reader


def test_the_pdf_never_fetches_attaches_or_embeds_them(context, weasy_log):
    fetcher = SpyFetcher()
    reader = assert_clean_pdf(render_business_case_pdf(context, fetcher=fetcher))
    assert len(reader.pages) >= 10  # rendering still succeeds
    assert fetcher.requested == [] and fetcher.refused == []  # escaped text: never asked for
    assert not [r for r in weasy_log if "Failed to load" in r]
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "file:///etc/passwd" in text  # shown as text, harmlessly


def test_markup_that_slipped_through_would_be_refused(context, weasy_log):
    """Defence in depth: bypass the escaping (as a bug in a chart builder would) and the
    fetcher still refuses every URL, so nothing is attached or embedded."""
    broken = {**context, "charts": dict(context["charts"])}
    economic = dict(context["economic"])
    economic["chart_list"] = [{**chart, "svg": mark_safe(LONG)} for chart in economic["chart_list"]]
    broken["economic"] = economic
    fetcher = SpyFetcher()
    assert_clean_pdf(render_business_case_pdf(broken, fetcher=fetcher))
    hostile = [url for url in fetcher.requested if not url.startswith("data:")]
    assert hostile, "the unescaped markup should have made WeasyPrint ask"
    assert sorted(set(fetcher.refused)) == sorted(set(hostile))
    for url in HOSTILE_URLS[:2]:
        assert url in fetcher.refused
    assert any("127.0.0.1" in url for url in fetcher.refused)
    assert any("Failed to load" in r or "only loads the toolkit" in r for r in weasy_log)
