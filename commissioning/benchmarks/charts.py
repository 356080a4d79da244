"""Box-plot chart for the benchmarks page (pure: builds SVG markup).

Follows ``commissioning.lib.charts``: presentation attributes only (no ``style``, so it
works under the Content Security Policy), ``role="img"`` with a ``<title>`` and a
``<desc>`` that states every figure, and a table beside it on the page (WCAG 1.1.1).
The viewer's own score is a diamond (shape as well as colour tells it apart).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from commissioning.benchmarks.benchmarking import Summary
from commissioning.lib.charts import (
    BRAND,
    FAINT,
    FONT,
    GRID,
    INK,
    format_value,
    num,
    svg_text,
    wrap,
)

OWN = "#b3261e"  # 5.9:1 on white
BOX = "#d7e4ea"  # light fill; the box's outline in BRAND carries the 3:1 contrast
STEPS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class BoxRow:
    label: str
    summary: Summary | None
    own: Decimal | None
    missing: str = "Not shown"


def describe(rows: Sequence[BoxRow]) -> str:
    parts = []
    for row in rows:
        if row.summary is None:
            text = f"{row.label}: {row.missing.lower()}"
        else:
            s = row.summary
            text = (
                f"{row.label}: {s.n} organisations, minimum {format_value(s.minimum)}, "
                f"lower quartile {format_value(s.lower_quartile)}, median "
                f"{format_value(s.median)}, upper quartile {format_value(s.upper_quartile)}, "
                f"maximum {format_value(s.maximum)}"
            )
        if row.own is not None:
            text += f", your score {format_value(row.own)}"
        parts.append(text)
    return "Scores out of 100. " + "; ".join(parts) + "."


def boxplot_svg(rows: Sequence[BoxRow], *, chart_id: str, title: str, width: int = 720) -> str:
    """One horizontal box plot per row on a 0..100 scale: whiskers from minimum to
    maximum, a box from the lower to the upper quartile, a thick line at the median,
    and the viewer's own score as a diamond. A hidden row says why instead."""
    if not rows:
        raise ValueError("A box plot needs at least one row")
    label_space, right, top, row_height = 220, 30, 56, 52
    plot = width - label_space - right
    height = top + row_height * len(rows) + 10
    cid = escape(chart_id)

    def x(value: Decimal | float) -> float:
        return label_space + plot * float(value) / 100

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bench-chart" id="{cid}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONT}" fill="{INK}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(describe(rows))}</desc>',
        # Legend: box = middle half of organisations; diamond = you.
        f'<rect x="{label_space}" y="6" width="18" height="12" fill="{BOX}" '
        f'stroke="{BRAND}" stroke-width="2"/>',
        svg_text(label_space + 24, 16, ["Middle half of organisations"], font_size="12"),
        f'<path d="M {num(label_space + 230)} 6 l 6 6 l -6 6 l -6 -6 z" fill="{OWN}"/>',
        svg_text(label_space + 242, 16, ["Your organisation"], font_size="12"),
    ]
    for step in STEPS:
        out.append(
            f'<line x1="{num(x(step))}" y1="{top - 8}" x2="{num(x(step))}" y2="{height - 10}" '
            f'stroke="{GRID if step == 0 else FAINT}" stroke-width="1"/>'
        )
        out.append(
            svg_text(
                x(step), top - 14, [str(step)], font_size="11", fill=GRID, text_anchor="middle"
            )
        )
    for i, row in enumerate(rows):
        y = top + row_height * i
        mid = y + row_height / 2
        lines = wrap(row.label, 30, max_lines=2)
        out.append(
            svg_text(
                label_space - 10,
                mid + 4 - (len(lines) - 1) * 7.5,
                lines,
                font_size="13",
                text_anchor="end",
            )
        )
        s = row.summary
        if s is None:
            out.append(svg_text(label_space + 8, mid + 4, [row.missing], font_size="12"))
        else:
            out.append(
                f'<line x1="{num(x(s.minimum))}" y1="{num(mid)}" x2="{num(x(s.maximum))}" '
                f'y2="{num(mid)}" stroke="{INK}" stroke-width="2"/>'
            )
            for end in (s.minimum, s.maximum):
                out.append(
                    f'<line x1="{num(x(end))}" y1="{num(mid - 8)}" x2="{num(x(end))}" '
                    f'y2="{num(mid + 8)}" stroke="{INK}" stroke-width="2"/>'
                )
            box = max(x(s.upper_quartile) - x(s.lower_quartile), 2)
            out.append(
                f'<rect x="{num(x(s.lower_quartile))}" y="{num(mid - 12)}" width="{num(box)}" '
                f'height="24" fill="{BOX}" stroke="{BRAND}" stroke-width="2"/>'
            )
            out.append(
                f'<line x1="{num(x(s.median))}" y1="{num(mid - 12)}" x2="{num(x(s.median))}" '
                f'y2="{num(mid + 12)}" stroke="{INK}" stroke-width="4"/>'
            )
        if row.own is not None:
            ox = x(row.own)
            out.append(
                f'<path d="M {num(ox)} {num(mid - 9)} l 9 9 l -9 9 l -9 -9 z" fill="{OWN}" '
                'stroke="#ffffff" stroke-width="1.5"/>'
            )
    out.append("</svg>")
    return "".join(out)
