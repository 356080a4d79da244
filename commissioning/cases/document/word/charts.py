"""The business case's charts as PNG images for the Word copy.

Word cannot be relied on to show SVG, and nothing installed draws SVG to PNG directly
(WeasyPrint writes only PDF since version 53; CairoSVG is not a dependency). So the
charts' own SVG, exactly as the page and the PDF show it, is laid out by WeasyPrint
one chart to a page, each page the chart's size, and poppler's ``pdftoppm`` turns the
pages into PNGs: one WeasyPrint render and one ``pdftoppm`` run for all the charts.

Without ``pdftoppm`` (poppler-utils: ``bin/system-deps run`` installs it) or if it
fails, ``chart_pngs`` returns what it has and the Word copy says a chart's picture is
missing; each chart's data table is always there."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

RESOLUTION = 192  # dots per inch: twice a screen's 96, sharp when printed
TIMEOUT_S = 60
VIEWBOX = re.compile(r'viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"')


def chart_size(svg: str) -> tuple[float, float]:
    """The chart's width and height in CSS pixels, from its viewBox (680 x 340 when it
    has none)."""
    match = VIEWBOX.search(svg[:1000])
    return (float(match.group(1)), float(match.group(2))) if match else (680.0, 340.0)


def charts_html(charts: Sequence[Mapping[str, Any]]) -> str:
    """A print document with each chart alone on a page of its own size."""
    styles, pages = [], []
    for i, chart in enumerate(charts):
        width, height = chart_size(str(chart["svg"]))
        styles.append(
            f"@page chart{i} {{ size: {width}px {height}px; margin: 0 }}"
            f" .chart{i} {{ page: chart{i}; width: {width}px; height: {height}px }}"
        )
        # Safe: the chart modules escape every piece of text they put in the markup.
        pages.append(f'<div class="chart{i}">{chart["svg"]}</div>')
    css = " ".join(styles) + " body { margin: 0 } svg { display: block; width: 100%; height: 100% }"
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Charts</title>'
        f"<style>{css}</style></head><body>{''.join(pages)}</body></html>"
    )


def charts_pdf(charts: Sequence[Mapping[str, Any]]) -> bytes:
    # Imported here: loading WeasyPrint takes most of a second.
    from weasyprint import HTML

    from commissioning.lib.pdf import PDF_BASE_URL, StaticOnlyFetcher, font_configuration

    document = HTML(
        string=charts_html(charts), base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()
    )
    return document.write_pdf(font_config=font_configuration())


def chart_pngs(charts: Sequence[Mapping[str, Any]]) -> dict[str, bytes]:
    """Each chart's PNG by its id; charts that could not be drawn are left out."""
    charts = [chart for chart in charts if chart and chart.get("svg")]
    tool = shutil.which("pdftoppm")
    if not charts or tool is None:
        if charts:
            logger.warning("pdftoppm is not installed: the Word copy has no chart pictures")
        return {}
    with tempfile.TemporaryDirectory(prefix="case-charts-") as folder:
        pdf = Path(folder) / "charts.pdf"
        pdf.write_bytes(charts_pdf(charts))
        try:
            subprocess.run(
                [tool, "-png", "-r", str(RESOLUTION), str(pdf), str(Path(folder) / "page")],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
            )
        except (OSError, subprocess.SubprocessError) as error:
            logger.warning("pdftoppm failed, so the Word copy has no chart pictures: %s", error)
            return {}
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        if len(pages) != len(charts):
            logger.warning("pdftoppm made %s pages for %s charts", len(pages), len(charts))
            return {}
        return {chart["id"]: page.read_bytes() for chart, page in zip(charts, pages, strict=True)}
