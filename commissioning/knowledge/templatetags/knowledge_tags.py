"""Template filters for the public knowledge-base pages."""

from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import urlsplit

from django import template
from django.utils.safestring import SafeString, mark_safe

from commissioning.knowledge.models import Status
from commissioning.knowledge.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    """Editors' Markdown as sanitised HTML (see ``rendering.render_markdown``)."""
    # Safe to mark: render_markdown's output has been through the nh3 allow-list.
    return mark_safe(render_markdown(text or ""))


@register.filter
def published(items: Iterable) -> list:
    """Keep published items only, from an already-fetched (prefetched) collection, so
    a page never links to a draft that would 404."""
    return [item for item in items if item.status == Status.PUBLISHED]


@register.filter
def plain_number(value: Decimal | int | None) -> str:
    """A stored decimal as people write it: thousands separated, no trailing zeros
    (8100000000.000000 -> "8,100,000,000"; 0.035000 -> "0.035")."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    return format(number, ",f")


@register.filter
def web_address(url: str | None) -> str:
    """The address if it is http or https, else empty: stored addresses are validated
    on the way in, and this keeps a bad one from ever becoming a live link."""
    if url and urlsplit(url.strip()).scheme.lower() in {"http", "https"}:
        return url.strip()
    return ""
