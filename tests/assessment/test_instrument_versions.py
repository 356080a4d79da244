"""Questionnaire versions: published versions are immutable; editing makes a new
version; an assessment always uses the version it was started on."""

import pytest

from commissioning.assessment.models import Instrument, Question
from commissioning.assessment.services import assessment_start, instrument_load, shipped_instruments
from tests.assessment.support import load_shipped_instrument, make_small_instrument
from tests.knowledge.curation_support import make_curator, make_publisher

pytestmark = pytest.mark.django_db


def test_the_shipped_instrument_loads_once_and_covers_the_sections():
    instrument = load_shipped_instrument()
    codes = list(instrument.sections.values_list("code", flat=True))
    assert codes == [
        "need",
        "awareness",
        "strategy",
        "funding",
        "collaboration",
        "evidence",
        "service",
        "families",
    ]
    questions = Question.objects.filter(section__instrument=instrument)
    assert questions.count() >= 55
    for question in questions.prefetch_related("factors"):
        assert len(question.levels) == 5 and all(question.levels)
        assert question.factors.exists(), question.code
    assert instrument_load(shipped_instruments()[0]) is None  # already there: unchanged
    assert Instrument.objects.count() == 1


def test_published_versions_are_read_only_in_the_admin(client):
    instrument = make_small_instrument()
    client.force_login(make_publisher())
    url = f"/admin/assessment/instrument/{instrument.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"title": "Changed"}).status_code == 403
    instrument.refresh_from_db()
    assert instrument.title == "Small test instrument"


def test_a_new_version_is_an_editable_copy_and_old_assessments_keep_theirs(client, alice, north):
    v1 = make_small_instrument()
    old = assessment_start(organisation=north, user=alice, title="Old", area_name="North")
    client.force_login(make_curator())
    client.post(
        "/admin/assessment/instrument/", {"action": "new_version", "_selected_action": [v1.pk]}
    )
    v2 = Instrument.objects.get(version=2)
    assert v2.status == "draft"
    assert Question.objects.filter(section__instrument=v2).count() == 6
    # Editing the draft leaves version 1 alone.
    question = Question.objects.get(section__instrument=v2, code="s1-1")
    question.statement = "Reworded"
    question.save()
    assert Question.objects.get(section__instrument=v1, code="s1-1").statement == "Statement 1.1"
    # Curators cannot publish; publishers can.
    client.post("/admin/assessment/instrument/", {"action": "publish", "_selected_action": [v2.pk]})
    assert Instrument.objects.get(version=2).status == "draft"
    client.force_login(make_publisher())
    client.post("/admin/assessment/instrument/", {"action": "publish", "_selected_action": [v2.pk]})
    assert Instrument.objects.get(version=2).status == "published"
    new = assessment_start(organisation=north, user=alice, title="New", area_name="North")
    old.refresh_from_db()
    assert (old.instrument.version, new.instrument.version) == (1, 2)
