"""Server-side SVG charts (pure: no Django, no JavaScript).

The same markup is inlined in the HTML results page and in its PDF, so it must work
under a Content Security Policy without inline styles (``style-src 'self'``) and in
WeasyPrint: every colour and size is an SVG presentation attribute (``fill``,
``stroke``, ``font-size``), never a ``style`` attribute.

Each chart is ``<svg role="img" aria-labelledby="...">`` with a ``<title>`` and a
``<desc>``, so it has an accessible name and description (WeasyPrint also turns the
title into the PDF figure's alternative text). Pages must still show the numbers in
a table beside the chart (WCAG 1.1.1): the chart is a picture of that table.

Values are on a 0..100 scale; ``None`` means "not enough answers" and is never
drawn as zero: the axis or bar is labelled instead.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

SCALE_MAX = 100
GRID_STEPS = (25, 50, 75, 100)
NOT_ENOUGH = "Not enough answers"

# Colours with at least 4.5:1 contrast on white (text) or 3:1 (graphics, WCAG 1.4.11).
INK = "#0b0c0c"
BRAND = "#0b4f6c"
GRID = "#6f777b"
FAINT = "#d8dde0"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class Datum:
    """One axis or bar: its label and value on 0..100, or None for no value, in
    which case ``missing`` says why (shown instead of a number)."""

    label: str
    value: Decimal | float | int | None
    missing: str = NOT_ENOUGH

    def __post_init__(self) -> None:
        if self.value is not None and not 0 <= self.value <= SCALE_MAX:
            raise ValueError(f"{self.label!r}: value must be 0 to {SCALE_MAX}; got {self.value}")


def format_value(value: Decimal | float | int) -> str:
    """62.50 -> "62.5", 75.0 -> "75": a score as people write it."""
    number = Decimal(str(value)).quantize(Decimal("0.1"))
    text = f"{number:f}"
    return text.removesuffix(".0")


def wrap(text: str, width: int, *, max_lines: int = 3) -> list[str]:
    """Split ``text`` into lines of at most ``width`` characters at spaces (a longer
    word gets a line of its own); past ``max_lines`` the last line ends with "…"."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while len(last) + 1 > width and " " in last:
            last = last.rsplit(" ", 1)[0]
        kept[-1] = last[: width - 1] + "…"
        return kept
    return lines or [""]


# --- SVG primitives, shared by every chart in the toolkit ---------------------------


def num(number: float) -> str:
    """A coordinate with at most one decimal place."""
    text = f"{number:.1f}"
    return text.removesuffix(".0")


def svg_open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    """The opening ``<svg>`` of an accessible chart: its role, title and description
    (read by screen readers), a fixed size and the house font and ink."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" fill="{INK}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def svg_text(x: float, y: float, lines: Sequence[str], **attributes: str) -> str:
    """A ``<text>`` element, one ``<tspan>`` per line, 1.15em apart."""
    attrs = "".join(
        f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items()
    )
    spans = "".join(
        f'<tspan x="{num(x)}" dy="{"0" if i == 0 else "1.15em"}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{num(x)}" y="{num(y)}"{attrs}>{spans}</text>'


def describe(data: Sequence[Datum]) -> str:
    """The chart's values as one sentence, for its ``<desc>``."""
    parts = [
        f"{d.label}: {d.missing.lower() if d.value is None else format_value(d.value)}"
        for d in data
    ]
    return "Scores out of 100. " + "; ".join(parts) + "."


def radar_svg(
    data: Sequence[Datum],
    *,
    chart_id: str,
    title: str,
    size: int = 640,
    label_width: int = 20,
) -> str:
    """A radar (spider) chart: one axis per datum, clockwise from the top, rings at
    25, 50, 75 and 100. The profile joins neighbouring axes that both have values;
    an axis without a value gets no point, and its label says why (``Datum.missing``).

    Needs at least three data (use ``bar_svg`` for fewer)."""
    if len(data) < 3:
        raise ValueError("A radar chart needs at least three axes; use a bar chart")
    side, above = 160, 100  # room for labels beside and above/below the rings
    radius = size / 2 - above
    width, height = round(2 * (radius + side)), size
    cx, cy = width / 2, height / 2
    count = len(data)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * value / SCALE_MAX
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    out = svg_open(chart_id, title, describe(data), width, height)
    for step in GRID_STEPS:
        ring = " ".join(f"{num(x)},{num(y)}" for x, y in (point(i, step) for i in range(count)))
        out.append(
            f'<polygon points="{ring}" fill="none" stroke="{GRID if step == SCALE_MAX else FAINT}" '
            'stroke-width="1"/>'
        )
    for i in range(count):
        x, y = point(i, SCALE_MAX)
        out.append(
            f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}" '
            f'stroke="{FAINT}" stroke-width="1"/>'
        )
    for step in GRID_STEPS:
        x, y = point(0, step)
        out.append(svg_text(x + 4, y + 4, [str(step)], font_size="11", fill=GRID))

    values = [None if d.value is None else float(d.value) for d in data]
    rated = [v for v in values if v is not None]
    if len(rated) == len(values):
        shape = " ".join(
            f"{num(x)},{num(y)}" for x, y in (point(i, v) for i, v in enumerate(rated))
        )
        out.append(
            f'<polygon points="{shape}" fill="{BRAND}" fill-opacity="0.2" stroke="{BRAND}" '
            'stroke-width="3" stroke-linejoin="round"/>'
        )
    else:
        for i, value in enumerate(values):
            following = values[(i + 1) % count]
            if value is None or following is None:
                continue
            (x1, y1), (x2, y2) = point(i, value), point((i + 1) % count, following)
            out.append(
                f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
                f'stroke="{BRAND}" stroke-width="3" stroke-linecap="round"/>'
            )
    for i, value in enumerate(values):
        if value is not None:
            x, y = point(i, value)
            out.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="5" fill="{BRAND}"/>')

    for i, datum in enumerate(data):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        lx, ly = point(i, SCALE_MAX + 9)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        lines = wrap(datum.label, label_width, max_lines=4)
        lines.append(datum.missing if datum.value is None else format_value(datum.value))
        line_height = 15
        block = line_height * len(lines)
        sin = math.sin(angle)
        # Above the chart the block grows upwards, below it downwards, beside it centred.
        if sin < -0.3:
            top = ly - block + 10
        elif sin > 0.3:
            top = ly + 12
        else:
            top = ly - block / 2 + 12
        out.append(svg_text(lx, top, lines, font_size="13", text_anchor=anchor))
    out.append("</svg>")
    return "".join(out)


def bar_svg(
    data: Sequence[Datum],
    *,
    chart_id: str,
    title: str,
    width: int = 640,
    label_width: int = 26,
) -> str:
    """A horizontal bar chart on 0..100 with gridlines at 0, 25, 50, 75 and 100. A
    datum without a value gets no bar; why (``Datum.missing``) is written in its place."""
    if not data:
        raise ValueError("A bar chart needs at least one bar")
    label_space, right, top, row = 200, 60, 30, 44
    plot = width - label_space - right
    height = top + row * len(data) + 10
    out = svg_open(chart_id, title, describe(data), width, height)
    for step in (0, *GRID_STEPS):
        x = label_space + plot * step / SCALE_MAX
        out.append(
            f'<line x1="{num(x)}" y1="{top - 6}" x2="{num(x)}" y2="{height - 10}" '
            f'stroke="{GRID if step == 0 else FAINT}" stroke-width="1"/>'
        )
        out.append(
            svg_text(x, top - 12, [str(step)], font_size="11", fill=GRID, text_anchor="middle")
        )
    for i, datum in enumerate(data):
        y = top + row * i
        lines = wrap(datum.label, label_width, max_lines=2)
        first = y + row / 2 + 4 - (len(lines) - 1) * 7.5
        out.append(svg_text(label_space - 10, first, lines, font_size="13", text_anchor="end"))
        if datum.value is None:
            out.append(svg_text(label_space + 8, y + row / 2 + 4, [datum.missing], font_size="13"))
            continue
        length = plot * float(datum.value) / SCALE_MAX
        out.append(
            f'<rect x="{label_space}" y="{num(y + 8)}" width="{num(length)}" height="{row - 16}" '
            f'fill="{BRAND}"/>'
        )
        out.append(
            svg_text(
                label_space + length + 6,
                y + row / 2 + 4,
                [format_value(datum.value)],
                font_size="13",
                font_weight="bold",
            )
        )
    out.append("</svg>")
    return "".join(out)


def radar_or_bar_svg(data: Sequence[Datum], *, chart_id: str, title: str) -> str:
    """A radar chart when there are three or more axes, else a bar chart."""
    if len(data) >= 3:
        return radar_svg(data, chart_id=chart_id, title=title)
    return bar_svg(data, chart_id=chart_id, title=title)
