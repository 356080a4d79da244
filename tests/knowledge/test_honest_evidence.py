"""The shipped content claims no more than its sources: the abstract-only seed study says
so, grades say what a source is, secondary figures are marked S, and the current
national context (Best Start, Healthy Babies, ICBs) replaces superseded programmes."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from commissioning.knowledge.bundle import GRADES, Known, validate_bundle
from commissioning.knowledge.models import Source
from commissioning.knowledge.services import shipped_bundle
from tests.knowledge.builders import load_shipped_content

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = shipped_bundle()
SOURCES = {s["key"]: s for s in BUNDLE["sources"]}
FACTORS = {f["slug"]: f for f in BUNDLE["factors"]}
ABSTRACT_NOTE = "could be read only as its published abstract"

# Claims that went beyond what the two seed studies say.
OVERCLAIMS = [
    "major influence",
    "with providers and the voluntary sector",
    "limited, contested and often time-limited",
    "a direct link between interprofessional working and outcomes",
    "only a psychology service",
    "every group interviewed",
    "main enablers found by McSweeney",
    "clearest enablers in McSweeney",
    "commissioning process itself is a barrier",
]
SHIPPED_TEXT_FILES = [
    *sorted((ROOT / "commissioning" / "knowledge" / "content").glob("*.json")),
    *sorted((ROOT / "commissioning" / "assessment" / "content").glob("*.json")),
    *sorted((ROOT / "commissioning" / "cases" / "templates_data").glob("*.json")),
    *sorted((ROOT / "commissioning" / "cases" / "examples").glob("*.json")),
    *sorted((ROOT / "templates").rglob("*.html")),
]


def cites(factor: dict, key: str) -> bool:
    in_actions = any(key in (a.get("sources") or []) for a in factor["actions"])
    return key in factor["sources"] or in_actions


@pytest.mark.parametrize("path", SHIPPED_TEXT_FILES, ids=lambda p: p.name)
def test_no_shipped_text_repeats_a_corrected_overclaim(path):
    text = path.read_text(encoding="utf-8").lower()
    for claim in OVERCLAIMS:
        assert claim.lower() not in text, (path.name, claim)


def test_every_factor_citing_the_abstract_only_study_says_so():
    citing = [f for f in FACTORS.values() if cites(f, "mcsweeney2025")]
    assert len(citing) >= 10
    for factor in citing:
        assert ABSTRACT_NOTE in factor["body"], factor["slug"]
    assert "Only the published abstract" in SOURCES["mcsweeney2025"]["notes"]


def test_actions_do_not_rest_on_the_abstract_only_study():
    """An action is the editors' advice: the abstract supports none of these."""
    for slug, title in [
        ("complex-commissioning-process", "Map who commissions what"),
        ("collaborative-commissioning", "Co-produce a local needs assessment"),
        ("pandemic-disruption", "Revisit proposals paused"),
    ]:
        action = next(a for a in FACTORS[slug]["actions"] if a["title"].startswith(title))
        assert "mcsweeney2025" not in (action.get("sources") or [])


@pytest.mark.parametrize(
    "key", ["michie2011", "michie2013bcttv1", "cane2012", "bmc2018tdf", "sroi2012", "greenbook2020"]
)
def test_framework_and_method_sources_are_graded_as_what_they_are(key):
    assert SOURCES[key]["grade"] == "M"


def test_no_source_with_unchecked_findings_is_graded_a():
    unchecked = re.compile(r"not (?:yet )?(?:been )?(?:read|checked)|conclusions not", re.I)
    flagged = [s for s in SOURCES.values() if unchecked.search(s["notes"])]
    assert {"barlow2015", "bennett2013"} <= {s["key"] for s in flagged}
    for source in flagged:
        assert source["grade"] != "A", source["key"]
    assert SOURCES["barlow2015"]["grade"] == SOURCES["bennett2013"]["grade"] == "N"


def test_a_figure_read_only_in_a_secondary_source_is_marked_s():
    secondary = re.compile(r"COSTmos|blog|[Ss]econdary|BASW summary|via CYP", re.I)
    for item in BUNDLE["parameters"]:
        if secondary.search(item.get("notes") or ""):
            assert item["mark"] != "V", item["key"]


def test_the_grades_are_the_same_in_the_model_and_the_exchange_format():
    assert set(Source.Grade.values) == GRADES
    bad = {"sources": [{**SOURCES["michie2011"], "key": "x", "grade": "Z"}]}
    problems = validate_bundle(bad, Known())
    assert [p.field for p in problems] == ["grade"]
    assert validate_bundle({"sources": [{**SOURCES["michie2011"], "key": "y"}]}, Known()) == []


def test_superseded_national_programmes_are_not_presented_as_current():
    drivers = FACTORS["national-policy-drivers"]["body"]
    assert "Best Start Family Hubs" in drivers and "Healthy Babies" in drivers
    funding = FACTORS["national-funding-not-reaching-every-area"]
    assert "Healthy Babies" in funding["summary"]
    for factor in FACTORS.values():
        for action in factor["actions"]:
            text = action["description"]
            if "Start for Life" in text:
                assert "formerly Start for Life" in text, (factor["slug"], action["title"])
    narrative = (ROOT / "commissioning" / "cases" / "document" / "narrative.py").read_text()
    assert "Long Term Plan" not in narrative and "Start for Life programme" not in narrative


def test_the_national_context_has_its_own_entries_with_actions():
    best_start = FACTORS["best-start-family-hubs-and-healthy-babies"]
    assert "every local authority" in best_start["body"] and "75" in best_start["body"]
    assert "Best Start local plan" in best_start["body"]
    icbs = FACTORS["icbs-as-strategic-commissioners"]
    assert "strategic commissioners" in icbs["body"] and "1 April 2026" in icbs["body"]
    for factor in (best_start, icbs):
        assert len(factor["actions"]) >= 3
        assert all(a.get("sources") for a in factor["actions"])
    # The 10 Year Health Plan itself was not read: it may not be graded as checked.
    assert SOURCES["dhsc2025tenyearplan"]["grade"] == "N"


@pytest.mark.django_db
def test_the_pages_show_the_grades_and_the_abstract_only_note(client):
    load_shipped_content()
    factor = client.get(reverse("knowledge:factor", args=["collaborative-commissioning"]))
    html = factor.content.decode()
    assert ABSTRACT_NOTE in html
    assert "C: qualitative or observational study" in html
    source = client.get(reverse("knowledge:source", args=["mcsweeney2025"])).content.decode()
    assert "Only the published abstract was available" in source
    method = client.get(reverse("knowledge:source", args=["michie2011"])).content.decode()
    assert "M: method or framework" in method
    listing = client.get(reverse("knowledge:source_list")).content.decode()
    assert "M and N are not strengths" in listing
    assert "N: findings not yet checked" in listing
    best_start = client.get(
        reverse("knowledge:factor", args=["best-start-family-hubs-and-healthy-babies"])
    ).content.decode()
    assert "Write parent-infant relationship support into the Best Start local plan" in best_start
    parameters = client.get(reverse("knowledge:parameter_list")).content.decode()
    assert "method or framework" in parameters


def test_the_correction_file_is_valid_json_with_reasons():
    for path in (ROOT / "commissioning" / "knowledge" / "content" / "corrections").glob("*.json"):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            assert entry["why"] and entry["from"] != entry["to"]


def test_the_latest_self_assessment_asks_about_the_current_national_routes():
    from commissioning.assessment.services import shipped_instruments

    latest = shipped_instruments()[-1]
    assert latest["version"] >= 2
    questions = {q["code"]: q for s in latest["sections"] for q in s["questions"]}
    assert "Best Start Family Hubs" in questions["strategy-2"]["statement"]
    assert "best-start-family-hubs-and-healthy-babies" in questions["strategy-2"]["factors"]
    for section in latest["sections"]:
        for text in [section["intro"]] + [q["statement"] + q["help"] for q in section["questions"]]:
            for mention in re.finditer(r"Start for Life", text):
                before = text[max(0, mention.start() - 20) : mention.start()]
                assert "formerly" in before or "had" in before, text
