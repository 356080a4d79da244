"""Parameter names a commissioner reads (the parameters list, the case builders'
starting values) are plain words: no appraisal shorthand or bare abbreviations, and
the words are never the parameter's key."""

import re

import pytest
from django.urls import reverse

from commissioning.knowledge.corrections import shipped_corrections
from commissioning.knowledge.services import shipped_bundle

SHORTHAND = re.compile(
    r"\bopex\b|\bcapex\b|operating expenditure|Suggested default|\((?:PIF|CMH|EIF)\b|"
    r"\bPIF\b|\bSROI \w+ band\b|Social Time Preference Rate",
    re.I,
)


def shipped_names() -> dict[str, str]:
    return {p["key"]: p["name"] for p in shipped_bundle()["parameters"]}


def test_no_shipped_name_uses_shorthand_or_its_key():
    names = shipped_names()
    assert len(names) > 100
    assert [k for k, name in names.items() if SHORTHAND.search(name)] == []
    assert [k for k, name in names.items() if "_" in name or name == k] == []


def test_a_database_loaded_before_gets_the_plain_names():
    renamed = {
        c["key"]: c["to"]
        for c in shipped_corrections()
        if c["model"] == "parameter" and c["field"] == "name"
    }
    assert renamed["sroi_drop_off_band_25"] == (
        "Fall in the outcome each year after the first (SROI drop-off): 25%"
    )
    assert len(renamed) >= 40
    assert not [name for name in renamed.values() if SHORTHAND.search(name)]
    assert all(shipped_names()[key] == name for key, name in renamed.items())


@pytest.mark.django_db
def test_the_parameters_list_shows_the_plain_names(client):
    from django.core.management import call_command

    call_command("load_content", verbosity=0)
    page = client.get(reverse("knowledge:parameter_list")).content.decode()
    assert "Optimism bias, outsourced services, running costs: upper figure" in page
    assert not SHORTHAND.search(re.sub(r"<[^>]+>", " ", page))
