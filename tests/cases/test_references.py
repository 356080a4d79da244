"""The business case's references appendix names every work the case's default source
notes cite, in full (authors, year, title), and never a date from a note."""

import json
from datetime import UTC, datetime

import pytest

from commissioning.cases import defaults, selectors
from commissioning.cases.document import document_context, references, render_business_case_html
from commissioning.cases.economics import analyse_case, parse_case
from commissioning.cases.models import Case
from commissioning.knowledge.works import cited_works, shipped_works
from tests.cases.support import EXAMPLES
from tests.knowledge.builders import load_shipped_content

KINDS = [kind for kind, _ in Case.Kind.choices]


def source_notes(data: dict) -> list[str]:
    notes: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and isinstance(value, str):
                    notes.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return notes


def assert_named_in_full(appendix, notes: list[str], works) -> None:
    assert appendix.unlisted == [], "every citation in a default names a known work"
    listed = {work.key for work in appendix.works}
    for note in notes:
        for work in cited_works([note], works).works:
            assert work.key in listed, (note, work.key)
    for work in appendix.works:
        assert work.title and work.title.rstrip(".") in work.text
        assert (work.authors or work.container) in work.text
        assert (str(work.year) if work.year else "(n.d.)") in work.text


@pytest.mark.parametrize("name", ["new-team", "system-champions"])
def test_the_examples_cite_only_works_in_the_knowledge_base(name):
    data = json.loads((EXAMPLES / f"{name}.json").read_text())
    appendix = references(parse_case(data), data)
    assert len(appendix.works) >= 8
    assert_named_in_full(appendix, source_notes(data), shipped_works())


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_default_source_is_named_in_full_in_the_references(kind):
    load_shipped_content()
    data, provenance = defaults.starting_case(kind=kind, title="T", library=defaults.Library.load())
    assert provenance, "the defaults come partly from the parameter library"
    works = selectors.reference_works()
    notes = source_notes(data)
    assert any(note.startswith("Parameter library") for note in notes)
    analysis = analyse_case(parse_case(data), draws=200)
    context = document_context(
        case=data,
        analysis=analysis,
        narrative={},
        organisation_name="North Borough ICB",
        author_name="",
        diagnosis=None,
        generated_at=datetime(2026, 12, 1, tzinfo=UTC),
        works=works,
    )
    appendix = context["appendix"]["references"]
    assert_named_in_full(appendix, notes, works)
    keys = {work.key for work in appendix.works}
    assert {"conti2021", "auditcommission2014", "pssru2024", "vanijzendoorn1999"} <= keys
    html = render_business_case_html(context, standalone=True)
    section = html.split('id="appendix-references"', 1)[1]
    for work in appendix.works:
        assert work.title.replace("'", "&#x27;").split(" (")[0] in section, work.key
    assert "Other citations to check" not in section


def test_a_date_in_a_note_never_becomes_a_reference():
    data = json.loads((EXAMPLES / "new-team.json").read_text())
    data["births_per_year"]["source"] = (
        "ONS live births, mid-2019 (7 years old); HM Treasury GDP deflators, March 2026."
    )
    data["setup_cost"]["source"] = "Quotes received in March 2026 and Smith 2021."
    appendix = references(parse_case(data), data)
    texts = [work.text for work in appendix.works] + appendix.unlisted
    assert not any("March" in text or "mid-2019" in text for text in texts)
    assert "Smith 2021" in appendix.unlisted
