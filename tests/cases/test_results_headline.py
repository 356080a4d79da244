"""The results page's headline (expected NPV and the chance the NPV is above zero beside
the central estimate, rounded for a board, with the reasons they differ and the BCR
reading), the Green Book 2026 lower-rate test on the page, and NICE's QALY threshold
scope wherever the builder or the library offers a QALY value."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from commissioning.cases import selectors
from commissioning.cases.document import money
from commissioning.cases.document.appraisal_notes import NICE_THRESHOLD_NOTE, nice_threshold_note
from commissioning.cases.economics import BCR_NOTE, analyse_case, board_money
from commissioning.cases.economics.expected import explain, share_text
from commissioning.knowledge.models import Parameter, Source, Status
from tests.cases.support import make_case, make_outcome
from tests.cases.test_builder_fixtures import case_fixture, library_fixture  # noqa: F401
from tests.cases.test_green_book_2026 import judgements

NICE_SCOPE = "is the standard threshold for NICE technology appraisals"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def box(html: str, key: str) -> str:
    match = re.search(rf'id="headline-{key}">(.*?)</div>', html, re.S)
    assert match, key
    return text_of(match.group(1)).strip()


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_the_headline_shows_the_expected_npv_beside_the_central_estimate(signed_in, case):
    response = signed_in.get(reverse("cases:results", args=[case.pk]))
    html = response.text
    analysis = response.context["analysis"]
    psa, result = analysis.psa, analysis.appraisal
    assert box(html, "npv") == (
        f"Net present value (NPV), central estimate {board_money(result.npv)}"
    )
    assert box(html, "expected-npv") == (
        f"Expected NPV (average of 5,000 simulations) {board_money(psa.npv_mean)}"
    )
    assert box(html, "chance") == (
        f"Chance that the NPV is above zero {share_text(psa.probability_npv_positive)}"
    )
    # Rounded for a board in the headline, exact in the options table.
    assert re.fullmatch(r".* -?£[\d.]+(k|m)", box(html, "npv"))
    assert f'<td class="number">{money(result.npv)}</td>' in html
    value = explain(analysis)
    section = html[html.index('id="headline-expected-value"') :]
    section = text_of(section[: section.index("</div>")])
    assert value.summary in section
    for reason in value.reasons:
        assert reason.sentence in section
    assert "Why the two differ:" in section


def test_the_bcr_is_read_as_one_measure_and_never_judged(signed_in, case):
    text = text_of(signed_in.get(reverse("cases:results", args=[case.pk])).text)
    assert "Reading the BCR: " + BCR_NOTE in text
    assert judgements(text) == []


def test_a_short_horizon_says_the_lower_rate_test_does_not_apply(signed_in, case):
    text = text_of(signed_in.get(reverse("cases:results", args=[case.pk])).text)
    assert "Lower discount rates (Green Book 2026)" in text
    assert "The appraisal horizon is 20 years." in text
    assert "so it does not apply here" in text


def test_a_long_horizon_shows_the_lower_rate_test(signed_in, case):
    inputs = dict(case.inputs)
    horizon = inputs["horizon_years"]
    inputs["horizon_years"] = {**horizon, "value": 55} if isinstance(horizon, dict) else 55
    case.inputs = inputs
    case.save()
    analysis = selectors.analysis_for(case.inputs)
    text = text_of(signed_in.get(reverse("cases:results", args=[case.pk])).text)
    assert "The appraisal horizon is 55 years, longer than 50" in text
    assert "At the main rates At the lower rates" in text
    assert money(analysis.lower_rate_test.lower.npv) in text


# --- NICE's threshold scope ----------------------------------------------------------------


def test_the_outcomes_step_says_what_nice_s_threshold_applies_to(signed_in, case):
    html = signed_in.get(reverse("cases:step", args=[case.pk, "outcomes"])).text
    scope = text_of(re.search(r'id="nice-threshold-scope">(.*?)</p>', html, re.S).group(1))
    assert "£25,000 to £35,000 per QALY" in scope and NICE_SCOPE in scope
    assert "no change for its guidelines" in scope


def test_the_timescales_step_mentions_the_lower_rate_test(signed_in, case):
    text = text_of(signed_in.get(reverse("cases:step", args=[case.pk, "timescales"])).text)
    assert "The 2026 Green Book (HM Treasury) keeps the main rates above." in text
    assert "longer than 50 years" in text


@pytest.fixture
def qaly_threshold(db):
    source = Source.objects.create(
        key="nice2025threshold",
        authors="National Institute for Health and Care Excellence",
        title="Changes to NICE's cost-effectiveness thresholds",
        container="NICE",
        year=2025,
        kind=Source.Kind.GUIDANCE,
        grade="D",
        status=Status.PUBLISHED,
    )
    return Parameter.objects.create(
        key="nice_threshold_2026_upper",
        name="NICE threshold for technology appraisals from April 2026, upper bound",
        category="threshold",
        value=35000,
        unit="GBP per QALY",
        source=source,
        mark="V",
        status=Status.PUBLISHED,
    )


def test_the_parameter_library_says_what_nice_s_threshold_applies_to(client, qaly_threshold):
    listing = text_of(client.get(reverse("knowledge:parameter_list")).text)
    assert NICE_SCOPE in listing
    detail = text_of(client.get(qaly_threshold.get_absolute_url()).text)
    assert NICE_SCOPE in detail


def test_the_outcomes_step_lists_the_library_s_values_per_qaly(signed_in, case, qaly_threshold):
    html = signed_in.get(reverse("cases:step", args=[case.pk, "outcomes"])).text
    details = text_of(html[html.index('id="qaly-thresholds"') :])
    assert "from April 2026, upper bound : £35,000 per QALY;" in details


def test_every_value_per_qaly_in_the_shipped_library_says_what_nice_s_threshold_covers():
    content = Path(settings.BASE_DIR) / "commissioning" / "knowledge" / "content"
    parameters = json.loads((content / "parameters.json").read_text())
    per_qaly = [p for p in parameters if p["category"] == "threshold" and "QALY" in p["unit"]]
    assert len(per_qaly) >= 6
    for parameter in per_qaly:
        assert "technology appraisal" in parameter["notes"], parameter["key"]


def test_the_document_states_the_threshold_scope_only_when_health_is_valued():
    plain = make_case()
    health = make_case(outcomes=(make_outcome(is_health=True),))
    assert nice_threshold_note(analyse_case(plain, draws=100)) == ""
    assert nice_threshold_note(analyse_case(health, draws=100)) == NICE_THRESHOLD_NOTE
    quoted = make_case(sources={"outcomes[0].value_per_case": "0.05 QALY a year × £70,000"})
    assert nice_threshold_note(analyse_case(quoted, draws=100)) == NICE_THRESHOLD_NOTE


def test_the_document_s_assumptions_state_the_threshold_scope(new_team_document):
    appendix = new_team_document[new_team_document.index('id="appendix-assumptions"') :]
    appendix = text_of(appendix[: appendix.index("</table>")])
    assert "QALY thresholds: " + NICE_THRESHOLD_NOTE in appendix


@pytest.fixture(scope="module")
def new_team_document():
    from tests.cases.test_green_book_2026 import documents, example

    return documents(example("new-team"))[1]
