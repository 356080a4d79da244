"""The gap matrix: a grid of levels (rows) by sectors (columns), one square per cell,
saying in words and by shade whether it has services, "no service" or is not yet
recorded (pure: no Django). Built with ``commissioning.lib.charts``'s helpers and
rules: presentation attributes only, ``role="img"`` with a title and description,
every piece of text escaped. Pages show the same cells in a table beside it."""

from __future__ import annotations

from commissioning.lib.charts import BRAND, FAINT, INK, num, svg_open, svg_text, wrap
from commissioning.servicemap.catalogue import LEVEL_LABELS, SECTOR_LABELS
from commissioning.servicemap.summary import GapSummary

LABEL_WIDTH = 110
CELL_W, CELL_H = 92, 54
HEAD_H = 78
# Shade and text colour per state; every pair has at least 4.5:1 contrast.
SHADES = {
    "services": (BRAND, "#ffffff"),
    "no_service": ("#ffffff", INK),
    "not_recorded": (FAINT, INK),
}


def describe_matrix(gaps: GapSummary) -> str:
    parts = []
    for level, label in LEVEL_LABELS.items():
        cells = [gaps.cell(level, sector) for sector in SECTOR_LABELS]
        parts.append(
            f"{label}: " + "; ".join(f"{SECTOR_LABELS[c.sector]} {c.label.lower()}" for c in cells)
        )
    return "Support recorded for each level and sector. " + ". ".join(parts) + "."


def matrix_svg(gaps: GapSummary, *, chart_id: str, title: str) -> str:
    sectors, levels = list(SECTOR_LABELS), list(LEVEL_LABELS)
    width = LABEL_WIDTH + CELL_W * len(sectors) + 4
    height = HEAD_H + CELL_H * len(levels) + 30
    out = svg_open(chart_id, title, describe_matrix(gaps), width, height)
    for col, sector in enumerate(sectors):
        x = LABEL_WIDTH + col * CELL_W + CELL_W / 2
        out.append(
            svg_text(
                x,
                16,
                wrap(SECTOR_LABELS[sector], 13, max_lines=4),
                text_anchor="middle",
                font_size="11",
            )
        )
    for row, level in enumerate(levels):
        y = HEAD_H + row * CELL_H
        out.append(
            svg_text(
                4, y + CELL_H / 2 + 4, [LEVEL_LABELS[level]], font_size="13", font_weight="bold"
            )
        )
        for col, sector in enumerate(sectors):
            cell = gaps.cell(level, sector)
            fill, ink = SHADES[cell.state]
            x = LABEL_WIDTH + col * CELL_W
            out.append(
                f'<rect x="{num(x + 2)}" y="{num(y + 2)}" width="{CELL_W - 4}" '
                f'height="{CELL_H - 4}" fill="{fill}" stroke="{INK}" stroke-width="1"/>'
            )
            out.append(
                svg_text(
                    x + CELL_W / 2,
                    y + CELL_H / 2 - 2,
                    wrap(cell.label, 12, max_lines=2),
                    text_anchor="middle",
                    font_size="11",
                    fill=ink,
                )
            )
    out.append(
        svg_text(
            4,
            height - 8,
            ["Dark: service recorded. White: no service. Grey: not yet recorded."],
            font_size="11",
        )
    )
    out.append("</svg>")
    return "".join(out)
