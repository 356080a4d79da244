"""Markdown written by editors, turned into HTML that is safe to show to the public.

Editors write factor bodies and programme descriptions in Markdown. The text is
rendered with Python-Markdown and then cleaned with nh3 (ammonia) against a short
allow-list, so whatever an editor (or an imported bundle) puts in, the page never
carries a script, an event handler, a style attribute (which the Content Security
Policy would block anyway) or a ``javascript:`` link.
"""

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "blockquote",
        "code",
        "pre",
        "h3",
        "h4",
        "br",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their content, not just unwrapped: the text of a script or style
# element is never something a reader should see.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "textarea", "noscript"})

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


class _DemoteHeadings(Treeprocessor):
    """Editors' text sits under the page's own h1 and h2, so its headings start at h3.
    Without this, "# Title" would be unwrapped to a plain paragraph by the cleaner."""

    LEVELS = {"h1": "h3", "h2": "h3", "h3": "h4", "h5": "h4", "h6": "h4"}

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            element.tag = self.LEVELS.get(element.tag, element.tag)


class _DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


def render_markdown(text: str) -> str:
    """Render Markdown ``text`` to sanitised HTML.

    Raw HTML in the source is not trusted: tags outside the allow-list are removed
    (scripts and styles with their content), attributes other than a link's ``href``
    are dropped, links keep only http, https and mailto (or relative) addresses and
    get ``rel="noopener noreferrer"``. Empty input gives an empty string.
    """
    if not text:
        return ""
    html = markdown.markdown(
        text,
        extensions=["tables", "sane_lists", _DemoteHeadingsExtension()],
        output_format="html",
    )
    return _cleaner.clean(html)
