"""Server-side SVG charts: accessible, CSP-safe markup with the right geometry, and
no number drawn for a group without one (pure: no database)."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from commissioning.lib.charts import (
    NOT_ENOUGH,
    Datum,
    bar_svg,
    describe,
    format_value,
    radar_or_bar_svg,
    radar_svg,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"
EIGHT = [Datum(f"Section {n}", Decimal(n * 10)) for n in range(1, 9)]


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("build", [radar_svg, bar_svg])
def test_it_is_an_accessible_image_with_title_and_description(build):
    root = parse(build(EIGHT, chart_id="profile", title="Scores by section"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "profile-title profile-desc"
    assert root.find(f"{SVG}title").get("id") == "profile-title"
    assert root.find(f"{SVG}title").text == "Scores by section"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "profile-desc"
    assert "Section 1: 10" in desc.text and "Section 8: 80" in desc.text


@pytest.mark.parametrize("build", [radar_svg, bar_svg])
def test_it_uses_presentation_attributes_never_inline_styles(build):
    markup = build(EIGHT, chart_id="c", title="t")
    assert "style=" not in markup
    assert "<script" not in markup and "href" not in markup
    assert 'fill="#0b4f6c"' in markup


@pytest.mark.parametrize("build", [radar_svg, bar_svg])
def test_it_escapes_labels_and_titles(build):
    data = [Datum('<img src=x onerror="alert(1)">', 50), *EIGHT[:3]]
    markup = build(data, chart_id="c", title="</title><script>x</script>")
    assert "<img" not in markup and "<script" not in markup
    root = parse(markup)  # still well-formed
    assert root.find(f"{SVG}title").text == "</title><script>x</script>"


def test_radar_has_one_point_per_axis_at_the_right_radius():
    data = [Datum("A", 100), Datum("B", 50), Datum("C", 0), Datum("D", 25)]
    root = parse(radar_svg(data, chart_id="r", title="t"))
    shape = [p for p in root.iter(f"{SVG}polygon") if p.get("fill-opacity")][0]
    points = [tuple(map(float, pair.split(","))) for pair in shape.get("points").split()]
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    cx, cy = width / 2, height / 2
    outer = max(abs(y - cy) for _, y in points)
    radii = [round(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 / outer, 2) for x, y in points]
    assert radii == [1.0, 0.5, 0.0, 0.25]
    # A at the top, B to the right, D to the left (clockwise from twelve o'clock).
    assert points[0][1] < cy and points[1][0] > cx and points[3][0] < cx
    assert len(list(root.iter(f"{SVG}circle"))) == 4


def test_radar_draws_no_point_for_a_missing_value_and_says_why():
    data = [Datum("A", 60), Datum("B", None), Datum("C", 40), Datum("D", 20)]
    markup = radar_svg(data, chart_id="r", title="t")
    root = parse(markup)
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    # No closed shape: only the neighbours that both have values are joined (C-D, D-A).
    assert not [p for p in root.iter(f"{SVG}polygon") if p.get("fill-opacity")]
    joins = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke-width") == "3"]
    assert len(joins) == 2
    assert any(t.startswith("B") and t.endswith(NOT_ENOUGH) for t in texts(root))
    assert "B: not enough answers" in root.find(f"{SVG}desc").text


def test_radar_needs_three_axes_and_profile_falls_back_to_bars():
    with pytest.raises(ValueError, match="three axes"):
        radar_svg(EIGHT[:2], chart_id="r", title="t")
    assert "<rect" in radar_or_bar_svg(EIGHT[:2], chart_id="p", title="t")
    assert "<rect" not in radar_or_bar_svg(EIGHT[:3], chart_id="p", title="t")


def test_bars_are_proportional_and_a_missing_value_has_no_bar():
    data = [
        Datum("Full", 100),
        Datum("Half", Decimal("50.0")),
        Datum("None yet", None, "No questions"),
    ]
    root = parse(bar_svg(data, chart_id="b", title="t"))
    bars = list(root.iter(f"{SVG}rect"))
    assert len(bars) == 2
    assert float(bars[0].get("width")) == 2 * float(bars[1].get("width"))
    labels = texts(root)
    assert "100" in labels and "50" in labels and "No questions" in labels


@pytest.mark.parametrize("value", [-1, 101, Decimal("100.1")])
def test_values_outside_0_to_100_are_refused(value):
    with pytest.raises(ValueError, match="0 to 100"):
        Datum("x", value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("62.50"), "62.5"), (Decimal("75.0"), "75"), (0, "0"), (33.333, "33.3")],
)
def test_format_value(value, expected):
    assert format_value(value) == expected


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Local need and data", 20, ["Local need and data"]),
        (
            "Funding and the commissioning process",
            20,
            ["Funding and the", "commissioning", "process"],
        ),
        ("Supercalifragilistic word", 10, ["Supercalifragilistic", "word"]),
        ("a b c d e f g h", 3, ["a b", "c d", "e…"]),
        ("one two three four five six", 9, ["one two", "three", "four…"]),
        ("abcdefghijkl mnopqrstuvwxyz x y", 5, ["abcdefghijkl", "mnopqrstuvwxyz", "x y"]),
        ("ab cd ef gh", 2, ["ab", "cd", "e…"]),
        ("", 10, [""]),
    ],
)
def test_wrap(text, width, lines):
    assert wrap(text, width) == lines


def test_describe_reads_every_value():
    assert describe([Datum("A", 10), Datum("B", None)]) == (
        "Scores out of 100. A: 10; B: not enough answers."
    )


def test_ids_are_namespaced_by_chart_id():
    markup = radar_svg(EIGHT, chart_id="one", title="t") + bar_svg(EIGHT, chart_id="two", title="t")
    ids = re.findall(r' id="([^"]+)"', markup)
    assert len(ids) == len(set(ids))
