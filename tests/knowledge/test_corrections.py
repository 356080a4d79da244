"""Corrections reach a database that loaded the earlier shipped text, and never
overwrite a curator's edit."""

import io

import pytest
from django.core.management import call_command

from commissioning.knowledge.corrections import (
    _current,
    _set,
    _target,
    corrections_apply,
    shipped_corrections,
)
from commissioning.knowledge.models import Factor, Parameter, Source
from commissioning.knowledge.services import shipped_bundle, shipped_frameworks
from tests.knowledge.builders import load_shipped_content

CORRECTIONS = shipped_corrections()


def shipped_value(entry: dict) -> object:
    bundle = shipped_bundle()
    model, key = entry["model"], entry["key"]
    if model == "matrix_note":
        return shipped_frameworks()[f"{key}_matrix"]["note"]
    if model == "source":
        item = next(s for s in bundle["sources"] if s["key"] == key)
    elif model == "parameter":
        item = next(p for p in bundle["parameters"] if p["key"] == key)
    else:
        item = next(f for f in bundle["factors"] if f["slug"] == key)
        if model == "action":
            item = next(a for a in item["actions"] if a["title"] == entry["action"])
    return item.get(entry["field"], [])


def as_loaded_earlier() -> None:
    """Put every corrected field back to its old shipped value, as in a database that
    loaded the content before the corrections."""
    for entry in CORRECTIONS:
        obj = _target(entry)
        _set(obj, entry["field"], entry["from"])
        obj.save()


def test_the_corrections_match_the_shipped_content():
    assert len(CORRECTIONS) >= 50
    for entry in CORRECTIONS:
        value = shipped_value(entry)
        if isinstance(value, list):
            assert set(value) == set(entry["to"]), entry
        else:
            assert value == entry["to"], (entry["model"], entry["key"], entry["field"])


@pytest.mark.django_db
def test_an_earlier_database_is_corrected_once():
    load_shipped_content()
    as_loaded_earlier()
    michie = Source.objects.get(key="michie2011")
    assert michie.grade == "B"  # as first shipped
    summary = corrections_apply(CORRECTIONS)
    assert summary.applied == len(CORRECTIONS) and not summary.kept_local_edit
    michie.refresh_from_db()
    assert michie.grade == "M"
    assert Source.objects.get(key="barlow2015").grade == "N"
    assert Parameter.objects.get(key="mckay_attachment_annual_benefit").mark == "S"
    body = Factor.objects.get(slug="collaborative-commissioning").body
    assert "could be read only as its published abstract" in body
    assert "voluntary sector, and with" not in body
    for entry in CORRECTIONS:
        current = _current(_target(entry), entry["field"])
        expected = set(entry["to"]) if isinstance(entry["to"], list) else entry["to"]
        assert current == expected, entry
    again = corrections_apply(CORRECTIONS)
    assert again.applied == 0 and again.already == len(CORRECTIONS)


@pytest.mark.django_db
def test_a_curators_edit_is_left_alone_and_reported():
    load_shipped_content()
    as_loaded_earlier()
    factor = Factor.objects.get(slug="building-partner-links")
    factor.body = "Rewritten by a curator."
    factor.save()
    source = Source.objects.get(key="cane2012")
    source.grade = "C"
    source.save()
    summary = corrections_apply(CORRECTIONS)
    factor.refresh_from_db()
    source.refresh_from_db()
    assert factor.body == "Rewritten by a curator." and source.grade == "C"
    assert "factor building-partner-links: body" in summary.kept_local_edit
    assert "source cane2012: grade" in summary.kept_local_edit
    assert summary.applied == len(CORRECTIONS) - 2


@pytest.mark.django_db
def test_a_fresh_load_needs_no_correction_and_says_so():
    out = io.StringIO()
    call_command("load_content", stdout=out)
    expected = f"loaded earlier: applied 0; already in place {len(CORRECTIONS)}"
    assert expected in out.getvalue()


def test_a_correction_may_only_change_the_fields_it_is_for():
    with pytest.raises(ValueError, match="cannot change source.key"):
        corrections_apply([{"model": "source", "key": "x", "field": "key", "from": "", "to": ""}])
