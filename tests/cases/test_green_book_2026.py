"""The Green Book 2026: the lower-rate test for horizons over 50 years, and the BCR
reported but never judged, in the engine, the documents, the CSV and the JSON."""

import csv
import io
import json
import re
from datetime import UTC, datetime
from decimal import Context, Decimal

import pytest

from commissioning.cases.document import (
    business_case_csv,
    document_context,
    render_business_case_html,
)
from commissioning.cases.economics import (
    BCR_NOTE,
    CostLine,
    DiscountSchedule,
    analyse_case,
    analysis_to_dict,
    lower_rate_test,
    parse_case,
)
from commissioning.cases.economics.green_book import (
    LOWER_RATES,
    lower_rate_sentence,
    lower_rate_test_applies,
    rates_text,
)
from tests.cases.support import EXAMPLES, make_case, make_outcome

D = Decimal
WIDE = Context(prec=60)


def long_case(horizon=51, is_health=False):
    """£1,000 of cost in year 0 and £10,000 of benefit in year 40 (10 net cases × £1,000,
    lag 40), at the Green Book rates."""
    return make_case(
        horizon_years=horizon,
        non_staff=(CostLine("Running", D(1000)),),
        outcomes=(make_outcome(lag_years=40, is_health=is_health),),
        discounting=DiscountSchedule.green_book(),
    )


def test_the_test_applies_only_to_horizons_longer_than_50_years():
    assert not lower_rate_test_applies(50)
    assert lower_rate_test_applies(51)
    assert lower_rate_test(long_case(horizon=50)) is None
    assert analyse_case(long_case(horizon=50), draws=100).lower_rate_test is None


def test_worked_example_at_the_lower_rates():
    test = lower_rate_test(long_case())
    main = WIDE.divide(D(1), WIDE.multiply(WIDE.power(D("1.035"), 30), WIDE.power(D("1.03"), 10)))
    lower = WIDE.divide(D(1), WIDE.multiply(WIDE.power(D("1.03"), 30), WIDE.power(D("1.0257"), 10)))
    # Factors are fixed to 40 decimal places (discounting.py): agreement to 1e-30.
    assert abs(test.central.npv - WIDE.subtract(WIDE.multiply(10000, main), 1000)) < D("1e-30")
    assert abs(test.lower.npv - WIDE.subtract(WIDE.multiply(10000, lower), 1000)) < D("1e-30")
    assert (round(test.central.npv, 2), round(test.lower.npv, 2)) == (D("1651.05"), D("2196.54"))
    assert test.npv_change == test.lower.npv - test.central.npv > 0
    assert test.bands == LOWER_RATES


def test_health_values_keep_their_own_rates():
    test = lower_rate_test(long_case(is_health=True))
    assert test.lower.pv_benefits == test.central.pv_benefits
    assert test.lower.npv == test.central.npv


def test_the_rates_are_described_within_the_horizon():
    assert rates_text(LOWER_RATES, 55) == "3% for years 0 to 30 and 2.57% for years 31 to 54"
    assert rates_text(LOWER_RATES, 32) == "3% for years 0 to 30 and 2.57% for year 31"
    assert rates_text(LOWER_RATES, 31) == "3% for years 0 to 30"
    assert rates_text(LOWER_RATES, 130).endswith(
        ", 2.14% for years 76 to 125 and 1.71% for years 126 to 129"
    )


def test_the_sentence_says_when_the_test_does_not_apply():
    assert lower_rate_sentence(None, 20) == (
        "The appraisal horizon is 20 years. The Green Book (HM Treasury, 2026) adds a "
        "sensitivity test at lower discount rates for horizons longer than 50 years, so it "
        "does not apply here."
    )
    sentence = lower_rate_sentence(lower_rate_test(long_case(horizon=55)), 55)
    assert "3% for years 0 to 30 and 2.57% for years 31 to 54" in sentence
    assert "health values keep their own rates" in sentence
    assert sentence.endswith(
        "At those rates the NPV is £2,197, £545 higher than at the main rates (£1,651)."
    )


# --- In the JSON, the document and the CSV ------------------------------------------------

GENERATED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def example(name: str, **changes) -> dict:
    data = json.loads((EXAMPLES / f"{name}.json").read_text(), parse_float=Decimal)
    data.update(changes)
    return data


def documents(data: dict):
    analysis = analyse_case(parse_case(data), draws=500)
    context = document_context(
        case=data,
        analysis=analysis,
        narrative={},
        organisation_name="North Borough ICB",
        author_name="Alice North",
        diagnosis=None,
        generated_at=GENERATED,
    )
    return analysis, render_business_case_html(context), business_case_csv(data, analysis)


@pytest.fixture(scope="module")
def long_example():
    return documents(example("new-team", horizon_years={"value": 55}))


@pytest.fixture(scope="module")
def short_example():
    return documents(example("new-team"))


def test_a_long_case_shows_the_lower_rate_test_everywhere(long_example):
    analysis, html, csv_text = long_example
    assert analysis.lower_rate_test is not None
    lower = analysis.lower_rate_test.lower
    assert "Green Book 2026 lower-rate sensitivity test (horizons over 50 years)" in html
    assert "At the lower rates" in html
    npv = f"£{round(lower.npv):,}" if lower.npv >= 0 else f"-£{round(-lower.npv):,}"
    assert npv in html
    rows = {row[0]: row for row in csv.reader(io.StringIO(csv_text)) if row}
    lower_row = rows["Net present value at the Green Book 2026 lower rates (£)"]
    assert D(lower_row[1]) == round(lower.npv, 2)
    assert analysis_to_dict(analysis)["lower_rate_test"]["npv"] == str(round(lower.npv, 2))


def test_a_short_case_says_the_test_does_not_apply(short_example):
    analysis, html, csv_text = short_example
    assert analysis.lower_rate_test is None
    assert "so it does not apply here" in html
    assert "lower rates" not in csv_text
    assert analysis_to_dict(analysis)["lower_rate_test"] is None


# --- The BCR is reported, never judged --------------------------------------------------

JUDGEMENTS = re.compile(
    r"(?i)\b(?:pass(?:es|ed)?|fail(?:s|ed)?)\b"
    r"|value for money (?:is |was )?(?:achieved|demonstrated|shown)"
    r"|(?:good|poor|high|low) value for money"
    r"|represents? (?:good )?value"
    r"|(?:bcr|benefit-cost ratio|ratio)\s+(?:of\s+)?(?:is\s+)?"
    r"(?:above|over|greater than|below|under|less than|at least)\s+(?:1|one)\b"
)


NOT_A_TEST = re.compile(r"(?i)not a pass or fail test")


def judgements(text: str) -> list[str]:
    """Pass/fail judgements of the BCR in ``text``, once the statements that the BCR is
    *not* a pass or fail test (the BCR note, the method's sources) are taken out."""
    return [m.group(0) for m in JUDGEMENTS.finditer(NOT_A_TEST.sub("", text))]


def test_the_judgement_finder_finds_judgements():
    assert judgements("A BCR above 1 means the case passes.") == ["BCR above 1", "passes"]
    assert judgements("Value for money achieved.") == ["Value for money achieved"]
    assert judgements(BCR_NOTE) == []


@pytest.mark.parametrize("which", ["short_example", "long_example"])
def test_documents_csv_and_json_never_judge_the_bcr(which, request):
    analysis, html, csv_text = request.getfixturevalue(which)
    assert BCR_NOTE in html.replace("&#x27;", "'")
    assert BCR_NOTE in csv_text
    json_text = json.dumps(analysis_to_dict(analysis))
    for text in (html, csv_text, json_text):
        assert judgements(text) == []


def test_the_executive_summary_shows_the_expected_npv_beside_the_central_estimate(
    short_example,
):
    analysis, html, _ = short_example
    summary = html[html.index('id="summary"') : html.index('id="strategic-case"')]
    assert "Expected NPV (average of the simulations)" in summary
    assert 'id="summary-expected-value"' in summary
    assert "the average over 500 simulations" in summary
    assert "Why the two differ:" in summary
    assert "The service can see at most 120 families a year." in summary
    economic = html[html.index('id="economic-case"') : html.index('id="commercial-case"')]
    assert 'id="economic-expected-value"' in economic
