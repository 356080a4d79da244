"""The one PDF renderer: a Django template through WeasyPrint, safely.

WeasyPrint's default fetcher reads ``file://`` paths and makes outbound HTTP
requests, so a stray ``<img src="file:///etc/passwd">`` or ``<link rel=attachment>``
could read local files into the PDF or probe the internal network (see
``docs/pdf-rendering.md`` and GHSA-35jj-wx47-4w8r, CVE-2025-68616, CVE-2026-55073).
Here every fetch goes
through ``StaticOnlyFetcher``, which serves only the app's own static files and
``data:`` URIs and refuses everything else; stylesheets are passed as strings.

User text must still reach the template autoescaped (Django's default), so it is
never markup in the first place; the fetcher is the second line of defence.

Importing WeasyPrint takes most of a second, so import this module where a PDF is
rendered, not at start-up.
"""

import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from commissioning.lib.pdf_structure import finish_structure

# A base URL nothing real answers to: relative and /static/ links resolve against it,
# and only the fetcher below knows what to do with them.
PDF_BASE_URL = "https://pdf.invalid/"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF, structure tree, document language and title
PRINT_STYLESHEETS = ("css/print.css",)


class RefusedURL(ValueError):
    """A URL the PDF renderer will not fetch. A ``ValueError`` makes WeasyPrint skip
    the resource with a warning rather than abort the whole document."""


def static_roots() -> list[Path]:
    """Directories static files may come from: STATIC_ROOT (after collectstatic)
    and every staticfiles finder's storage (development)."""
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return [root.resolve() for root in roots]


def static_file(relative: str) -> Path | None:
    """The file for a static path such as ``css/print.css``, or None. The resolved
    path must stay inside the root it was found under (no ``..``, no symlink out)."""
    if not relative or "\x00" in relative or "\\" in relative or relative.startswith("/"):
        return None
    for root in static_roots():
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


class StaticOnlyFetcher(URLFetcher):
    """Fetch ``data:`` URIs and ``PDF_BASE_URL + STATIC_URL`` files; refuse the rest.

    No HTTP, no redirects, no ``file://``; ``refused`` records what was refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=2)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL
        if url.startswith(prefix):
            path = static_file(unquote(urlsplit(url).path).removeprefix(settings.STATIC_URL))
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        raise RefusedURL(f"The PDF renderer only loads the toolkit's static files, not {url}")


def stylesheet_text(name: str) -> str:
    path = static_file(name)
    if path is None:
        raise FileNotFoundError(f"Static stylesheet {name!r} not found")
    return path.read_text(encoding="utf-8")


_fonts = threading.local()


def font_configuration() -> FontConfiguration:
    """One FontConfiguration per thread, reused by every render: a new one per render
    leaks about 0.25 MB (measured: RSS 121 -> 354 MB over 1,000 renders; shared, 124 ->
    138 MB). Our stylesheets declare no @font-face, so nothing render-specific is kept
    in it; threads do not share one because it is not thread-safe."""
    if not hasattr(_fonts, "configuration"):
        _fonts.configuration = FontConfiguration()
    return _fonts.configuration


def render_pdf(
    template_name: str,
    context: dict,
    *,
    stylesheets: tuple[str, ...] = PRINT_STYLESHEETS,
    fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """Render ``template_name`` with ``context`` to a tagged PDF (PDF/UA-1).

    The template supplies the metadata: ``<html lang>``, ``<title>`` and
    ``<meta name="author|description|keywords">`` become the PDF's language, title,
    author, subject and keywords. ``stylesheets`` are static paths, read here and
    passed as strings (never as URLs WeasyPrint would fetch)."""
    fetcher = fetcher or StaticOnlyFetcher()
    html = render_to_string(template_name, context)
    fonts = font_configuration()
    css = [
        CSS(
            string=stylesheet_text(name),
            base_url=PDF_BASE_URL,
            url_fetcher=fetcher,
            font_config=fonts,
        )
        for name in stylesheets
    ]
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=css,
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        finisher=finish_structure,  # headers and footers as artifacts, tables whole
    )
