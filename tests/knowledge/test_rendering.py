"""Markdown to safe HTML, and the template filters built on it. No database."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines

from commissioning.knowledge.rendering import render_markdown
from commissioning.knowledge.templatetags.knowledge_tags import (
    plain_number,
    published,
    web_address,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "Before <script>alert(1)</script> after",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x]( javascript:alert(1) )",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="x">click</a>',
    '<a href="javascript:alert(1)">raw link</a>',
    "<svg onload=alert(1)></svg>",
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<scr<script>ipt>alert(1)</script>",
    "<div><script>alert(1)</script></div>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<form action="https://evil.example"><input name=x></form>',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_it_renders_hostile_input_inert(source):
    html = render_markdown(source).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onload" not in html
    assert "style=" not in html
    assert "<iframe" not in html
    assert "<form" not in html
    assert "data:" not in html


def test_script_contents_are_dropped_not_shown():
    assert "alert" not in render_markdown("<script>alert(1)</script>")


def test_it_renders_ordinary_markdown():
    html = render_markdown(
        "Some **bold** and *emphasis*.\n\n"
        "- one\n- two\n\n"
        "1. first\n2. second\n\n"
        "> quoted\n\n"
        "See [the guide](https://example.org/guide) or [email us](mailto:team@example.org)."
    )
    assert "<strong>bold</strong>" in html
    assert "<em>emphasis</em>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.org/guide" rel="noopener noreferrer">the guide</a>' in html
    assert 'href="mailto:team@example.org"' in html


def test_links_get_noopener_even_if_the_source_sets_rel():
    html = render_markdown('<a href="https://example.org" rel="opener" target="_blank">x</a>')
    assert 'rel="noopener noreferrer"' in html
    assert "target" not in html
    assert 'rel="opener"' not in html


def test_headings_start_below_the_page_headings():
    html = render_markdown("# Big\n\n## Smaller\n\n### Smallest")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Big</h3>" in html
    assert "<h4>Smallest</h4>" in html


def test_tables_and_code_survive_without_style_attributes():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n`<b>code</b>`")
    assert "<table>" in html and "<th>a</th>" in html and "<td>2</td>" in html
    assert "style" not in html
    assert "<code>&lt;b&gt;code&lt;/b&gt;</code>" in html


def test_text_is_escaped_and_empty_input_is_empty():
    assert render_markdown("a < b & c") == "<p>a &lt; b &amp; c</p>"
    assert render_markdown("") == ""


def test_the_markdown_filter_outputs_safe_html_once():
    template = engines["django"].from_string("{% load knowledge_tags %}{{ text|markdown }}")
    html = template.render({"text": "**bold** <script>alert(1)</script>"})
    assert "<strong>bold</strong>" in html
    assert "&lt;strong&gt;" not in html
    assert "<script" not in html
    assert template.render({"text": None}) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("8100000000.000000"), "8,100,000,000"),
        (Decimal("0.035000"), "0.035"),
        (Decimal("100.000000"), "100"),
        (Decimal("1234.500000"), "1,234.5"),
        (Decimal("0E-6"), "0"),
        (None, ""),
    ],
)
def test_plain_number(value, expected):
    assert plain_number(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", ""),
        (" JAVASCRIPT:alert(1)", ""),
        ("data:text/html,x", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_web_address_keeps_only_web_links(url, expected):
    assert web_address(url) == expected


def test_published_keeps_published_items():
    items = [SimpleNamespace(status=s) for s in ("published", "draft", "review", "published")]
    assert published(items) == [items[0], items[3]]
