"""The one PDF renderer: only the app's static files and data: URIs are fetched;
local files, loopback and other hosts are refused, so nothing leaks into a PDF; the
output is tagged, with language and metadata."""

import base64
import io
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from pypdf import PdfReader

from commissioning.lib.pdf import (
    PDF_BASE_URL,
    RefusedURL,
    StaticOnlyFetcher,
    render_pdf,
    static_file,
)

# A 1x1 transparent PNG.
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()
STATIC = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL


@pytest.fixture
def weasy_warnings():
    """What WeasyPrint logs while rendering ("Failed to load ..." and the like)."""
    records: list[str] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.fixture
def template_dir(tmp_path):
    """Templates written by the test, ahead of the project's own."""
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates):
        yield tmp_path


def page(template_dir: Path, body: str) -> str:
    (template_dir / "doc.html").write_text(
        '{% load static %}<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<title>{{ title }}</title><meta name="author" content="North Borough ICB">'
        '<meta name="description" content="A test document"></head>'
        f"<body><h1>{{{{ title }}}}</h1>{body}</body></html>",
        encoding="utf-8",
    )
    return "doc.html"


def image_count(reader: PdfReader) -> int:
    return sum(len(p.images) for p in reader.pages)


# --- The fetcher ----------------------------------------------------------------


def test_it_serves_the_apps_static_files():
    response = StaticOnlyFetcher().fetch(STATIC + "css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert StaticOnlyFetcher().fetch(STATIC + "images/logo.svg").content_type == "image/svg+xml"


def test_it_serves_data_uris():
    response = StaticOnlyFetcher().fetch(f"data:image/png;base64,{PIXEL}")
    assert response.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:1/x.png",
        "http://localhost/static/css/print.css",
        "https://example.org/static/css/print.css",
        "https://169.254.169.254/latest/meta-data/",
        "ftp://127.0.0.1/x",
        PDF_BASE_URL + "etc/passwd",
        STATIC + "../../../etc/passwd",
        STATIC + "%2e%2e/%2e%2e/toolkit/settings.py",
        STATIC + "css/../../toolkit/settings.py",
        STATIC + "/etc/passwd",
        STATIC + "%2fetc%2fpasswd",
        STATIC + "css/no-such-file.css",
        STATIC + "css/",
        STATIC + "css\\..\\..\\toolkit\\settings.py",
        "https://pdf.invalid.example.org/static/css/print.css",
    ],
)
def test_it_refuses_everything_else(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_a_symlink_out_of_the_static_root_is_refused(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    (root / "innocent.css").symlink_to(secret)
    (root / "real.css").write_text("h1 { color: red }")
    with override_settings(STATIC_ROOT=root):
        assert static_file("real.css") == (root / "real.css").resolve()
        assert static_file("innocent.css") is None
        with pytest.raises(RefusedURL):
            StaticOnlyFetcher().fetch(STATIC + "innocent.css")


def test_it_is_a_weasyprint_url_fetcher():
    # WeasyPrint 70 reads private attributes of URLFetcher: a plain function breaks.
    from weasyprint.urls import URLFetcher

    assert isinstance(StaticOnlyFetcher(), URLFetcher)


# --- Rendering -------------------------------------------------------------------


def test_it_renders_a_tagged_pdf_with_metadata(template_dir, weasy_warnings):
    name = page(
        template_dir,
        '<p>Hello</p><img src="{% static \'images/logo.svg\' %}" alt="Logo">'
        f'<img src="data:image/png;base64,{PIXEL}" alt="Pixel">',
    )
    pdf = render_pdf(name, {"title": "Spring review"})
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Spring review"
    assert reader.metadata.author == "North Borough ICB"
    assert reader.metadata.subject == "A test document"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert "Hello" in reader.pages[0].extract_text()
    assert image_count(reader) == 1  # the PNG; the static SVG is drawn as vectors
    assert weasy_warnings == []


HOSTILE = (
    '<img src="file:///etc/passwd"><img src="http://127.0.0.1:1/x.png">'
    '<link rel="attachment" href="file:///etc/passwd">'
    '<a rel="attachment" href="file:///etc/hostname">x</a>'
    '<link rel="stylesheet" href="file:///etc/passwd">'
    '<div class="bg"></div>'
    "<style>.bg { background: url(file:///etc/passwd) } "
    "@import url(http://127.0.0.1:1/x.css); "
    "h1 { background-image: url(http://127.0.0.1:1/y.png) }</style>"
    '<object data="file:///etc/passwd"></object><embed src="http://127.0.0.1:1/z">'
    '<svg><image href="file:///etc/passwd" width="10" height="10"/></svg>'
)


def test_even_raw_markup_cannot_fetch_files_or_the_network(template_dir, monkeypatch):
    """Second line of defence: pretend escaping failed (the template marks hostile
    markup safe). Every outside reference is refused; nothing is embedded."""
    asked: list[str] = []
    original = StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording)
    fetcher = StaticOnlyFetcher()
    name = page(template_dir, "{{ hostile|safe }}")
    pdf = render_pdf(name, {"title": "Hostile", "hostile": HOSTILE}, fetcher=fetcher)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert image_count(reader) == 0
    assert b"root:" not in pdf
    assert asked, "the hostile references should have reached the fetcher"
    assert set(asked) == set(fetcher.refused)
    assert {"file:///etc/passwd", "http://127.0.0.1:1/x.png"} <= set(fetcher.refused)


def test_stylesheets_are_read_as_strings_not_fetched(template_dir, monkeypatch):
    asked: list[str] = []
    original = StaticOnlyFetcher.fetch
    monkeypatch.setattr(
        StaticOnlyFetcher,
        "fetch",
        lambda self, url, headers=None: asked.append(url) or original(self, url, headers),
    )
    render_pdf(page(template_dir, "<p>x</p>"), {"title": "x"})
    assert asked == []
