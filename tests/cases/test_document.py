"""The business case document: the context's figures, the HTML page (web and
standalone) under the Five Case Model, and the CSV (no database)."""

import csv
import io
import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from commissioning.assessment.diagnosis import DiagnosisSummary, GroupScoreLine, PriorityLine
from commissioning.cases.document import (
    ILLUSTRATIVE_NOTE,
    NARRATIVE_SECTIONS,
    break_even,
    business_case_csv,
    document_context,
    grade_of,
    input_text,
    methods_summary,
    money,
    percent,
    ratio,
    render_business_case_html,
)
from commissioning.cases.economics import analyse_case, parse_case
from commissioning.cases.economics.uncertainty import SensitivityRow
from tests.cases.support import EXAMPLES, make_case, make_outcome

GENERATED = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
FIVE_CASES = (
    "1. Strategic case",
    "2. Economic case",
    "3. Commercial case",
    "4. Financial case",
    "5. Management case",
)
DIAGNOSIS = DiagnosisSummary(
    assessment="a1",
    title="North Borough readiness 2025",
    area_name="North Borough",
    status="submitted",
    submitted_at=datetime(2025, 11, 3, tzinfo=UTC),
    provisional=False,
    sections=(
        GroupScoreLine("S1", "Leadership and strategy", Decimal("62.5"), 4, 0, 0, 4),
        GroupScoreLine("S2", "Workforce", Decimal("25"), 4, 0, 0, 4),
        GroupScoreLine("S3", "Data", None, 0, 2, 2, 4),
    ),
    comb=(),
    priorities=(
        PriorityLine("funding", "Short-term funding", Decimal(3), ("q1",)),
        PriorityLine("skills", "Specialist skills gap", Decimal(2), ("q2",)),
    ),
    evidence_gaps=2,
    unanswered=4,
    reading=(
        "Your strongest section is Leadership and strategy (62.5 out of 100).",
        "Your weakest section is Workforce (25 out of 100).",
        "Data does not have enough answers for a score, so no number is shown.",
    ),
)


def load(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(), parse_float=Decimal)


def analysis_of(data: dict, draws: int = 5000):
    return analyse_case(parse_case(data), draws=draws)


def context_for(data: dict, analysis, **overrides) -> dict:
    arguments = {
        "case": data,
        "analysis": analysis,
        "narrative": {},
        "organisation_name": "North Borough ICB",
        "author_name": "Alice North",
        "diagnosis": None,
        "version_label": "Version 3",
        "generated_at": GENERATED,
    }
    arguments.update(overrides)
    return document_context(**arguments)


@pytest.fixture(scope="module")
def new_team():
    data = load("new-team")
    return data, analysis_of(data)


@pytest.fixture(scope="module")
def page(new_team):
    data, analysis = new_team
    return render_business_case_html(context_for(data, analysis))


class Outline(HTMLParser):
    """Headings, and the order of <svg> and <table> start tags."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.sequence: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        if tag in ("svg", "table"):
            self.sequence.append(tag)

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


# --- Figures --------------------------------------------------------------------------


def test_the_executive_summary_has_the_exact_figures(new_team):
    data, analysis = new_team
    summary = context_for(data, analysis)["summary"]
    assert summary["npv"] == "£176,888" == money(analysis.appraisal.npv)
    assert summary["bcr"] == "1.10"
    assert summary["roi"] == "10%"
    assert summary["fiscal_roi"] == "36.6%"
    assert summary["payback"] == "Year 5"
    assert summary["families"] == "360"
    assert summary["cost_per_family"] == "£4,924"
    assert summary["probability_positive"] == "49%"
    assert summary["npv_interval"] == "-£657,841 to £784,024"
    assert summary["switching"] == "The case still breaks even if effects are 91% of those assumed."


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1.0416"), "1.04"),
        (Decimal("1.0001"), "1.0001"),  # never "1.00" for a case that is not break-even
        (Decimal("0.9999"), "0.9999"),
        (Decimal(1), "1.00"),
        (None, "Not calculated"),
    ],
)
def test_ratios_never_contradict_the_npv(value, shown):
    assert ratio(value) == shown


def test_formatting_of_inputs():
    assert percent(Decimal("0.0416")) == "4.2%"
    assert percent(Decimal("0.28")) == "28%"
    assert input_text("prevalence", Decimal("0.15")) == "15%"
    assert input_text("setup_cost", Decimal(40000)) == "£40,000"
    assert input_text("value_per_case", Decimal("2003.2")) == "£2,003.20"
    assert input_text("births_per_year", Decimal(5000)) == "5,000"
    assert input_text("duration_years", 1) == "1 year"
    assert input_text("horizon_years", 20) == "20 years"
    assert input_text("discount_shift", Decimal("-0.015")) == "-1.5 percentage points"
    assert input_text("running_cost_scale", Decimal("0.96884457")) == "× 0.969"


def test_evidence_grades_come_from_the_status_marks():
    assert grade_of("Conti et al. 2017/2021, (Conti 2021, V).", False) == "Verified (V)"
    assert grade_of("(Audit Commission 2014, V; D)", False) == "Verified (V), derived (D)"
    assert grade_of("Team judgement (P).", True) == "Team proposal (P)"
    assert grade_of("", True) == "Illustrative"
    assert grade_of("A local report", False) == "Not stated"


def test_break_even_interpolates_to_zero_npv():
    row = SensitivityRow("births_per_year", "Births", 80, 100, 120, Decimal(-50), Decimal(150), 0)
    assert break_even(row, Decimal(50)) == Decimal(90)  # NPV linear: 50 + 5 (x - 100)
    no_cross = SensitivityRow("reach", "Reach", 80, 100, 120, Decimal(10), Decimal(90), 0)
    assert break_even(no_cross, Decimal(50)) is None


# --- HTML -----------------------------------------------------------------------------


def test_the_page_is_laid_out_under_the_five_case_model(page):
    headings = outline(page).headings
    assert headings[0] == "New specialised parent-infant relationship team (example)"
    for title in ("Executive summary", *FIVE_CASES, "Appendix A: Assumptions"):
        assert title in headings, title
    positions = [headings.index(t) for t in FIVE_CASES]
    assert positions == sorted(positions)
    for _, title, _ in NARRATIVE_SECTIONS:
        assert title in headings
    assert "Skip to main content" in page  # the site page, from base.html


def test_the_page_shows_the_figures(page):
    for text in (
        "a net present value of £177k",  # prose is rounded for a board
        "Expected NPV (average of the simulations)",
        '<td class="number">£176,888</td>',
        "The case still breaks even if effects are 91% of those assumed.",
        "above zero in 49% of them",
        "-£657,841 to £784,024",
        "Year 5",
    ):
        assert text in page, text


def test_do_nothing_is_an_option_with_npv_zero(page):
    assert "Option 0: do nothing" in page
    assert "Option 1: New specialised parent-infant relationship team (example)" in page
    table = re.search(r'case-table-options">.*?</table>', page, re.S).group(0)
    npv_row = re.search(r"Net present value \(NPV\)</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r">([^<]+)</td>", npv_row) == ["£0", "£176,888"]


def test_comparison_options_sit_side_by_side(new_team):
    data, analysis = new_team
    other = load("system-champions")
    html = render_business_case_html(
        context_for(data, analysis, comparison=[("Champions", analysis_of(other, 200))])
    )
    assert "Option 2: Champions" in html
    assert (
        "Option 1: New specialised parent-infant relationship team (example) has the highest"
        in html
    )


def test_four_charts_each_followed_by_its_table(page):
    sequence = outline(page).sequence
    assert sequence.count("svg") >= 4
    for i, tag in enumerate(sequence):
        if tag == "svg":
            assert sequence[i + 1] == "table"
    for chart_id in (
        "chart-costs-benefits",
        "chart-cumulative-npv",
        "chart-agencies",
        "chart-tornado",
    ):
        assert f'id="{chart_id}"' in page
    assert page.count("What this shows:") >= 4


def test_every_assumption_is_listed_with_its_source(new_team, page):
    data, analysis = new_team
    context = context_for(data, analysis)
    rows = context["appendix"]["assumptions"]
    paths = {row["path"] for row in rows}
    assert {
        "births_per_year",
        "unit_costs.Band 7",
        "staff[0].wte",
        "non_staff[2].annual_cost",
    } <= paths
    assert {f"outcomes[{i}].value_per_case" for i in range(5)} <= paths
    births = next(row for row in rows if row["path"] == "births_per_year")
    assert births["value"] == "5,000" and births["illustrative"]
    assert births["range"] == "4,700 to 5,300"
    assert births["source"].startswith("Illustrative births")
    value = next(row for row in rows if row["path"] == "outcomes[0].value_per_case")
    assert value["price_year"] == "not known" and value["price_warning"]
    uprated = next(row for row in rows if row["path"] == "outcomes[1].value_per_case")
    assert uprated["price_year"] == "2024/25"
    assert uprated["price_note"] == "Uprated from £50,000 in 2012/13 prices (factor 1.3977)."
    assert value["grade"] == "Verified (V)"
    assert ILLUSTRATIVE_NOTE in page
    assert "Conti et al. 2017/2021" in page  # in the references too
    assert "1. Families reached" in page  # the method summary
    assert methods_summary()[0][0] == "1. Families reached"


def test_narrative_is_escaped_with_paragraphs(new_team):
    data, analysis = new_team
    narrative = {
        "strategic_need": "Line one\nline two.\n\nSecond <em>paragraph</em> & more.",
        "unknown_key": "ignored",
        "financial_funding": 42,  # not text: ignored
    }
    html = render_business_case_html(context_for(data, analysis, narrative=narrative))
    assert "<p>Line one<br>line two.</p>" in html
    assert "<p>Second &lt;em&gt;paragraph&lt;/em&gt; &amp; more.</p>" in html
    assert "ignored" not in html
    assert html.count("Not written yet.") == len(NARRATIVE_SECTIONS) - 1


def test_without_an_assessment_the_strategic_case_says_so(page):
    assert "No submitted self-assessment is linked to this case" in page


def test_the_diagnosis_from_the_self_assessment(new_team):
    data, analysis = new_team
    html = render_business_case_html(context_for(data, analysis, diagnosis=DIAGNOSIS))
    assert "No submitted self-assessment" not in html
    assert "North Borough readiness 2025" in html and "submitted on 3 November 2025" in html
    assert "<li>Short-term funding</li>" in html
    assert 'id="chart-readiness"' in html
    # The assessment's own reading, word for word: the case does not re-derive it.
    assert "Your weakest section is Workforce (25 out of 100)." in html
    assert "least ready" not in html
    assert "Not enough answers" in html  # the section without a score is never drawn as 0
    assert outline(html).sequence.count("svg") == 5


def test_the_standalone_page_inlines_its_stylesheet(new_team):
    data, analysis = new_team
    html = render_business_case_html(context_for(data, analysis), standalone=True)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "<style>" in html and "@page" in html
    assert "<link" not in html and "<script" not in html
    assert (
        "<title>Business case: New specialised parent-infant relationship team (example)</title>"
        in html
    )
    assert '<meta name="author" content="Alice North, North Borough ICB">' in html


def test_the_second_example_renders(new_team):
    data = load("system-champions")
    analysis = analysis_of(data, 200)
    context = context_for(data, analysis)
    html = render_business_case_html(context)
    assert context["summary"]["payback"] in html
    assert "never turns positive" in context["charts"]["cumulative_npv"]["reading"]


# --- CSV ------------------------------------------------------------------------------


def test_the_csv_has_the_per_year_table_and_every_input(new_team):
    data, analysis = new_team
    rows = list(csv.reader(io.StringIO(business_case_csv(data, analysis))))
    header = rows.index(
        [
            "Year",
            "Costs (£)",
            "Benefits (£)",
            "Health benefits (£)",
            "Discount factor",
            "Health discount factor",
            "PV of costs (£)",
            "PV of benefits (£)",
            "Cumulative NPV (£)",
        ]
    )
    years = rows[header + 1 : header + 1 + analysis.appraisal.horizon_years]
    assert [r[0] for r in years] == [str(y) for y in range(20)]
    assert years[0][8] == "-580723.95"  # negative money stays a number
    assert Decimal(years[-1][8]) == analysis.appraisal.npv.quantize(Decimal("0.01"))
    start = rows.index(next(r for r in rows if r[:2] == ["Input", "Label"])) + 1
    inputs = rows[start : rows.index([], start)]
    by_path = {r[0]: r for r in inputs}
    assert by_path["births_per_year"][2] == "5000"
    assert by_path["births_per_year"][10] == ILLUSTRATIVE_NOTE
    assert by_path["prevalence"][11].startswith("Disorganised attachment")
    assert by_path["outcomes[0].value_per_case"][4] == "not known"
    assert by_path["outcomes[1].value_per_case"][4] == "2024/25"
    sensitivity = rows[rows.index(next(r for r in rows if r[:1] == ["Sensitivity input"])) + 1 :]
    assert len(sensitivity) == len(analysis.sensitivity) == 38
    assert sensitivity[0][0] == "outcomes[4].relative_reduction"
    assert [Decimal(r[7]) for r in sensitivity] == sorted(
        (Decimal(r[7]) for r in sensitivity), reverse=True
    )


def test_the_csv_protects_against_formulas(new_team):
    data = load("new-team")
    data["name"] = '=HYPERLINK("https://evil.example","Click")'
    data["births_per_year"]["source"] = "+cmd|' /C calc'!A0"
    data["staff"][0]["role"] = "@SUM(1+1)"
    data["outcomes"][0]["agency"] = "-2+3"
    analysis = analysis_of(data, 200)
    text = business_case_csv(data, analysis)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("https://evil.example","Click")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "Staff: @SUM(1+1)" in cells  # a label that merely contains it is harmless
    for cell in cells:
        if cell[:1] in ("=", "+", "@", "\t", "\r"):
            pytest.fail(f"unprotected formula cell {cell!r}")
        if cell.startswith("-"):
            Decimal(cell)  # only numbers may start with a minus sign


@pytest.mark.parametrize(
    "overrides",
    [
        {},  # no costs at all: ratios not calculated
        {"outcomes": (make_outcome(value_per_case=Decimal(0)),), "setup_cost": Decimal(100)},
        {"setup_cost": Decimal(100), "capacity_families_per_year": Decimal(10)},
    ],
    ids=["no-costs", "no-benefits", "capacity-binds"],
)
def test_edge_cases_render_with_reasons_not_errors(overrides):
    analysis = analyse_case(make_case(**overrides), draws=100)
    context = context_for({}, analysis)
    html = render_business_case_html(context, standalone=True)
    assert "Option 0: do nothing" in html
    figures = html.split('id="appendix-method"')[0]  # the method text mentions NaN
    assert "Infinity" not in figures and "NaN" not in figures
    if not overrides:
        assert context["summary"]["bcr"] == "Not calculated"
        assert "The case has no costs" in context["charts"]["costs_benefits"]["reading"]
    elif "capacity_families_per_year" in overrides:
        assert "Limited by the capacity of the service" in html
    else:
        assert "No agency gains within the horizon." in html
        assert "No option has a positive NPV" in html
