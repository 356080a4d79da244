"""SVG charts for the business case (pure: no Django, no JavaScript, no ORM).

Money charts that ``commissioning.lib.charts`` (scores on 0..100) does not draw:

- ``costs_benefits_svg``: costs and benefits for each year, side by side (grouped bars);
- ``cumulative_npv_svg``: the running total of net present value, year by year (line);
- ``agency_bars_svg``: benefits by the agency that gains (horizontal bars);
- ``tornado_svg``: NPV with each input at its low and its high value, drawn from the
  central NPV (one-way sensitivity).

They follow the rules of ``commissioning.lib.charts`` and reuse its helpers: every
colour and size is an SVG presentation attribute (never ``style``), so the markup works
under the site's Content Security Policy and in WeasyPrint; each chart is
``<svg role="img">`` with a ``<title>`` and ``<desc>`` (WeasyPrint makes the title the
PDF figure's alternative text); every piece of text is escaped. Charts carry a
``viewBox`` and no fixed size, so the page's CSS sets the width. The page must still
show the figures in a table beside each chart (WCAG 1.1.1).

Money comes in as ``Decimal`` (or any real number) in pounds; it is drawn with floats,
which is fine for pictures: the exact figures are in the tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from commissioning.lib.charts import BRAND, FAINT, FONT, GRID, INK, num, svg_text, wrap

# A second series colour beside BRAND: orange and dark blue stay distinct for the common
# colour-vision deficiencies, and both have more than 3:1 contrast on white (WCAG 1.4.11).
ACCENT = "#a34a00"
WIDTH = 680

Number = Decimal | float | int


@dataclass(frozen=True)
class TornadoBar:
    """One input of the tornado: NPV with the input at its low and at its high value."""

    label: str
    npv_low: Number
    npv_high: Number


def short_money(value: Number) -> str:
    """Pounds for an axis: "£1.2m", "£350k", "£900", "-£800k", "£0"."""
    number = float(value)
    sign = "-" if number < 0 else ""
    size = abs(number)
    if size >= 1_000_000:
        text = f"{size / 1_000_000:.1f}".removesuffix(".0") + "m"
    elif size >= 1_000:
        text = f"{size / 1_000:.0f}k"
    else:
        text = f"{size:.0f}"
    return "£0" if text == "0" else f"{sign}£{text}"


def full_money(value: Number) -> str:
    """Whole pounds with thousands separators, rounded half away from zero: "£71,031"."""
    number = float(value)
    pounds = int(math.floor(abs(number) + 0.5))
    return f"-£{pounds:,}" if number < 0 and pounds else f"£{pounds:,}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 × a power of ten apart) covering low..high,
    always including 0 when the range spans it. A zero-width range gets 0..1."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        high = low + 1
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    ticks = []
    value = start
    while value <= stop + step / 2:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    """Like ``lib.charts.svg_open`` but with no fixed width and height: the viewBox
    keeps the proportions and CSS sets the size (full width in the browser)."""
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart case-chart" id="{cid}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="xMinYMin meet" '
        f'font-family="{FONT}" fill="{INK}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    out = []
    for colour, label in items:
        out.append(f'<rect x="{num(x)}" y="{num(y - 10)}" width="12" height="12" fill="{colour}"/>')
        out.append(svg_text(x + 17, y, [label], font_size="12"))
        x += 30 + 7 * len(label)
    return out


class _Scale:
    """Maps pounds to a pixel coordinate between ``start`` and ``end``."""

    def __init__(self, ticks: list[float], start: float, end: float) -> None:
        self.low, self.high = ticks[0], ticks[-1]
        self.start, self.end = start, end

    def __call__(self, value: Number) -> float:
        share = (float(value) - self.low) / (self.high - self.low)
        return self.start + share * (self.end - self.start)


def _vertical_axis(ticks: list[float], scale: _Scale, left: float, right: float) -> list[str]:
    """Horizontal gridlines with pound labels on the left; the zero line is darker."""
    out = []
    for tick in ticks:
        y = scale(tick)
        colour = GRID if tick == 0 else FAINT
        out.append(
            f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(right)}" y2="{num(y)}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        out.append(
            svg_text(left - 6, y + 4, [short_money(tick)], font_size="11", text_anchor="end")
        )
    return out


def _horizontal_axis(ticks: list[float], scale: _Scale, top: float, bottom: float) -> list[str]:
    """Vertical gridlines with pound labels above; the zero line is darker."""
    out = []
    for tick in ticks:
        x = scale(tick)
        colour = GRID if tick == 0 else FAINT
        out.append(
            f'<line x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        out.append(
            svg_text(
                x, top - 6, [short_money(tick)], font_size="11", text_anchor="middle", fill=GRID
            )
        )
    return out


def _year_labels(years: Sequence[int], centre: list[float], y: float) -> list[str]:
    every = 1 if len(years) <= 20 else math.ceil(len(years) / 20)
    out = [
        svg_text(x, y, [str(year)], font_size="11", text_anchor="middle")
        for i, (year, x) in enumerate(zip(years, centre, strict=True))
        if i % every == 0
    ]
    return out


def costs_benefits_svg(
    years: Sequence[int],
    costs: Sequence[Number],
    benefits: Sequence[Number],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    labels: tuple[str, str] = ("Costs", "Benefits"),
) -> str:
    """Grouped bars: for each year, a cost bar then a benefit bar, on one pound axis
    from 0 (or below, should a value be negative). Needs at least one year, and as
    many costs and benefits as years."""
    if not years or not len(years) == len(costs) == len(benefits):
        raise ValueError("Give one cost and one benefit for each year, and at least one year")
    height, left, right, top, bottom = 340, 74, 16, 46, 300
    ticks = nice_ticks(min(map(float, (*costs, *benefits))), max(map(float, (*costs, *benefits))))
    scale = _Scale(ticks, bottom, top)
    description = description or (
        f"{labels[0]} and {labels[1].lower()} for each of {len(years)} years, from "
        f"year {years[0]} to year {years[-1]}. The table after the chart gives the figures."
    )
    out = _open(chart_id, title, description, height)
    out += _legend(left, 20, [(ACCENT, labels[0]), (BRAND, labels[1])])
    out += _vertical_axis(ticks, scale, left, WIDTH - right)
    slot = (WIDTH - right - left) / len(years)
    bar = max(1.0, min(16.0, slot * 0.36))
    zero = scale(0)
    centres = []
    for i, (cost, benefit) in enumerate(zip(costs, benefits, strict=True)):
        centre = left + slot * (i + 0.5)
        centres.append(centre)
        for x, value, colour in ((centre - bar, cost, ACCENT), (centre, benefit, BRAND)):
            y = scale(value)
            out.append(
                f'<rect x="{num(x)}" y="{num(min(y, zero))}" width="{num(bar)}" '
                f'height="{num(abs(zero - y))}" fill="{colour}"/>'
            )
    out += _year_labels(years, centres, bottom + 16)
    out.append(
        svg_text(
            left + (WIDTH - right - left) / 2,
            bottom + 34,
            ["Year"],
            font_size="12",
            text_anchor="middle",
        )
    )
    out.append("</svg>")
    return "".join(out)


def cumulative_npv_svg(
    years: Sequence[int],
    values: Sequence[Number],
    *,
    chart_id: str,
    title: str,
    payback_year: int | None = None,
    description: str = "",
) -> str:
    """A line through the cumulative NPV at the end of each year, with the zero line
    drawn darker and, when ``payback_year`` is given, a dashed marker at that year."""
    if not years or len(years) != len(values):
        raise ValueError("Give one value for each year, and at least one year")
    height, left, right, top, bottom = 330, 74, 16, 34, 290
    ticks = nice_ticks(min(map(float, values)), max(map(float, values)))
    scale = _Scale(ticks, bottom, top)
    description = description or (
        f"Cumulative net present value at the end of each year, from year {years[0]} "
        f"({full_money(values[0])}) to year {years[-1]} ({full_money(values[-1])}). "
        "The table after the chart gives the figures."
    )
    out = _open(chart_id, title, description, height)
    out += _vertical_axis(ticks, scale, left, WIDTH - right)
    slot = (WIDTH - right - left) / len(years)
    xs = [left + slot * (i + 0.5) for i in range(len(years))]
    if payback_year is not None and payback_year in years:
        x = xs[list(years).index(payback_year)]
        out.append(
            f'<line x1="{num(x)}" y1="{top}" x2="{num(x)}" y2="{bottom}" stroke="{GRID}" '
            'stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        anchor = "end" if x > WIDTH / 2 else "start"
        shift = -5 if anchor == "end" else 5
        out.append(
            svg_text(
                x + shift,
                top + 12,
                [f"Pays back in year {payback_year}"],
                font_size="12",
                text_anchor=anchor,
            )
        )
    points = " ".join(f"{num(x)},{num(scale(v))}" for x, v in zip(xs, values, strict=True))
    out.append(
        f'<polyline points="{points}" fill="none" stroke="{BRAND}" stroke-width="3" '
        'stroke-linejoin="round"/>'
    )
    for x, value in zip(xs, values, strict=True):
        out.append(f'<circle cx="{num(x)}" cy="{num(scale(value))}" r="3.5" fill="{BRAND}"/>')
    out += _year_labels(years, xs, bottom + 16)
    out.append(
        svg_text(
            left + (WIDTH - right - left) / 2,
            bottom + 34,
            ["Year"],
            font_size="12",
            text_anchor="middle",
        )
    )
    out.append("</svg>")
    return "".join(out)


def agency_bars_svg(
    rows: Sequence[tuple[str, Number]],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    label_width: int = 30,
) -> str:
    """Horizontal bars, one per (label, pounds) row in the order given, each with its
    value written after the bar."""
    if not rows:
        raise ValueError("A bar chart needs at least one bar")
    label_space, right, top, row = 230, 90, 30, 40
    height = top + row * len(rows) + 8
    ticks = nice_ticks(min(float(v) for _, v in rows), max(float(v) for _, v in rows), 4)
    scale = _Scale(ticks, label_space, WIDTH - right)
    description = description or (
        "; ".join(f"{label}: {full_money(value)}" for label, value in rows) + "."
    )
    out = _open(chart_id, title, description, height)
    out += _horizontal_axis(ticks, scale, top, height - 8)
    zero = scale(0)
    for i, (label, value) in enumerate(rows):
        y = top + row * i
        lines = wrap(label, label_width, max_lines=2)
        first = y + row / 2 + 4 - (len(lines) - 1) * 7.5
        out.append(svg_text(label_space - 10, first, lines, font_size="12", text_anchor="end"))
        x = scale(value)
        out.append(
            f'<rect x="{num(min(x, zero))}" y="{num(y + 8)}" width="{num(abs(x - zero))}" '
            f'height="{row - 16}" fill="{BRAND}"/>'
        )
        out.append(
            svg_text(
                max(x, zero) + 6,
                y + row / 2 + 4,
                [full_money(value)],
                font_size="12",
                font_weight="bold",
            )
        )
    out.append("</svg>")
    return "".join(out)


def tornado_svg(
    rows: Sequence[TornadoBar],
    *,
    central: Number,
    chart_id: str,
    title: str,
    description: str = "",
    label_width: int = 36,
) -> str:
    """One-way sensitivity: for each input (largest swing first, as given) two thin bars
    from the central NPV, to NPV with the input at its low value (upper bar) and at its
    high value (lower bar). Two bars rather than one split bar, so an input whose low
    and high values move NPV the same way is still drawn truthfully."""
    if not rows:
        raise ValueError("A tornado chart needs at least one input")
    label_space, right, top, row = 250, 24, 50, 42
    height = top + row * len(rows) + 30
    values = [float(central)] + [float(v) for r in rows for v in (r.npv_low, r.npv_high)]
    ticks = nice_ticks(min(values), max(values), 4)
    scale = _Scale(ticks, label_space, WIDTH - right)
    description = description or (
        f"Net present value, central {full_money(central)}, with each input at its low "
        "and high value: "
        + "; ".join(
            f"{r.label}: {full_money(r.npv_low)} (low), {full_money(r.npv_high)} (high)"
            for r in rows
        )
        + "."
    )
    out = _open(chart_id, title, description, height)
    out += _legend(
        label_space, 14, [(ACCENT, "Input at its low value"), (BRAND, "Input at its high value")]
    )
    out += _horizontal_axis(ticks, scale, top, height - 26)
    centre = scale(central)
    bar = (row - 12) / 2
    for i, item in enumerate(rows):
        y = top + row * i
        lines = wrap(item.label, label_width, max_lines=3)
        first = y + row / 2 + 4 - (len(lines) - 1) * 6.5
        out.append(svg_text(label_space - 8, first, lines, font_size="11", text_anchor="end"))
        for offset, value, colour in ((6, item.npv_low, ACCENT), (6 + bar, item.npv_high, BRAND)):
            x = scale(value)
            out.append(
                f'<rect x="{num(min(x, centre))}" y="{num(y + offset)}" '
                f'width="{num(max(0.5, abs(x - centre)))}" height="{num(bar)}" fill="{colour}"/>'
            )
    out.append(
        f'<line x1="{num(centre)}" y1="{top}" x2="{num(centre)}" y2="{height - 26}" '
        f'stroke="{INK}" stroke-width="1.5"/>'
    )
    out.append(
        svg_text(
            centre,
            height - 10,
            [f"Central NPV {full_money(central)}"],
            font_size="11",
            text_anchor="middle",
            font_weight="bold",
        )
    )
    out.append("</svg>")
    return "".join(out)
