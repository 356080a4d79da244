"""The business case's money charts: accessible, CSP-safe SVG with escaped text and
the right geometry (pure: no database)."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from commissioning.cases.charts import (
    ACCENT,
    TornadoBar,
    agency_bars_svg,
    costs_benefits_svg,
    cumulative_npv_svg,
    full_money,
    nice_ticks,
    short_money,
    tornado_svg,
)
from commissioning.lib.charts import BRAND

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal
YEARS = [0, 1, 2, 3]
HOSTILE = '<script>alert("x")</script> & <img src="file:///etc/passwd">'


def build_all(label: str = "NHS") -> dict[str, str]:
    return {
        "costs_benefits": costs_benefits_svg(
            YEARS,
            [D(500), D(400), D(0), D(0)],
            [D(0), D(300), D(600), D(200)],
            chart_id="cb",
            title=f"Costs {label}",
        ),
        "cumulative": cumulative_npv_svg(
            YEARS,
            [D(-500), D(-600), D(0), D(200)],
            chart_id="cum",
            title=f"NPV {label}",
            payback_year=2,
        ),
        "agencies": agency_bars_svg(
            [(label, D(1200)), ("Parents", D(300))], chart_id="ag", title=f"Agencies {label}"
        ),
        "tornado": tornado_svg(
            [TornadoBar(label, D(-100), D(300)), TornadoBar("Births", D(50), D(150))],
            central=D(100),
            chart_id="tor",
            title=f"Tornado {label}",
        ),
    }


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("name", ["costs_benefits", "cumulative", "agencies", "tornado"])
def test_it_is_an_accessible_image_without_style_attributes(name):
    markup = build_all()[name]
    root = ET.fromstring(markup)  # well-formed XML
    chart_id = root.get("id")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root.find(f"{SVG}title").get("id") == f"{chart_id}-title"
    assert root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").text
    assert root.get("viewBox", "").startswith("0 0 680 ")
    assert "style=" not in markup
    assert root.get("width") is None  # CSS sets the size


@pytest.mark.parametrize("name", ["costs_benefits", "cumulative", "agencies", "tornado"])
def test_it_escapes_every_label(name):
    markup = build_all(HOSTILE)[name]
    ET.fromstring(markup)
    assert "<script>" not in markup and "<img" not in markup
    assert "&lt;script&gt;" in markup


def test_grouped_bars_draw_one_cost_and_one_benefit_bar_a_year():
    root = ET.fromstring(build_all()["costs_benefits"])
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") != "12"]  # not the legend
    assert len(bars) == 2 * len(YEARS)
    assert [b.get("fill") for b in bars[:2]] == [ACCENT, BRAND]
    heights = [float(b.get("height")) for b in bars]
    # year 0: cost 500, benefit 0; year 2: benefit 600 is the tallest
    assert heights[1] == 0 and max(heights) == heights[5]
    assert {"0", "1", "2", "3", "Year", "Costs", "Benefits"} <= set(texts(root))


def test_the_cumulative_line_marks_payback_and_passes_every_year():
    root = ET.fromstring(build_all()["cumulative"])
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == len(YEARS)
    assert "Pays back in year 2" in texts(root)
    assert len(list(root.iter(f"{SVG}circle"))) == len(YEARS)
    # the zero gridline is the darker one
    assert "£0" in texts(root)


def test_agency_bars_write_each_value_in_full():
    root = ET.fromstring(build_all()["agencies"])
    assert {"£1,200", "£300"} <= set(texts(root))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(4 * widths[1], rel=1e-3)


def test_tornado_bars_start_at_the_central_npv():
    root = ET.fromstring(build_all()["tornado"])
    central = next(line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "1.5")
    x = float(central.get("x1"))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") != "12"]
    assert len(bars) == 4  # low and high for each input
    for bar in bars:
        left, width = float(bar.get("x")), float(bar.get("width"))
        assert left == pytest.approx(x, abs=0.1) or left + width == pytest.approx(x, abs=0.1)
    assert "Central NPV £100" in texts(root)
    desc = root.find(f"{SVG}desc").text
    assert "NHS: -£100 (low), £300 (high)" in desc


def test_money_labels():
    assert [short_money(v) for v in (0, 900, 350_000, 1_200_000, -800_000, 2_000_000)] == [
        "£0",
        "£900",
        "£350k",
        "£1.2m",
        "-£800k",
        "£2m",
    ]
    assert full_money(D("71031.41")) == "£71,031"
    assert full_money(D("-0.4")) == "£0"
    assert full_money(-1500.5) == "-£1,501"


@pytest.mark.parametrize(
    ("low", "high"),
    [(0, 1), (-559_635, 630_780), (0, 481_479), (3, 7), (-5, -1), (0, 0), (12.5, 12.5)],
)
def test_nice_ticks_cover_the_range_and_include_zero(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= min(low, 0) and ticks[-1] >= max(high, 0)
    assert 0 in ticks
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    mantissa = re.sub(r"0+$|\.", "", f"{steps.pop():g}".lstrip("0."))
    assert mantissa in {"1", "2", "25", "5"}
    assert 2 <= len(ticks) <= 12


def test_empty_input_is_refused():
    with pytest.raises(ValueError):
        costs_benefits_svg([], [], [], chart_id="x", title="x")
    with pytest.raises(ValueError):
        costs_benefits_svg([0], [D(1)], [], chart_id="x", title="x")
    with pytest.raises(ValueError):
        cumulative_npv_svg([], [], chart_id="x", title="x")
    with pytest.raises(ValueError):
        agency_bars_svg([], chart_id="x", title="x")
    with pytest.raises(ValueError):
        tornado_svg([], central=0, chart_id="x", title="x")
