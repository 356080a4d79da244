"""Self-assessment questions about existing services show what the map says, to
members of the organisation only."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from commissioning.assessment.models import Participant, Question
from commissioning.servicemap.models import NoService
from commissioning.servicemap.panel import QUESTION_TOPICS
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_user
from tests.servicemap.support import HOSTILE, add_service, make_map

CONTENT = Path(__file__).resolve().parents[2] / "commissioning/assessment/content"


@pytest.mark.parametrize("name", ["instrument-v1.json", "instrument-v2.json"])
def test_every_panel_question_exists_in_the_shipped_questionnaires(name):
    data = json.loads((CONTENT / name).read_text())
    codes = {q["code"] for s in data["sections"] for q in s["questions"]}
    assert set(QUESTION_TOPICS) <= codes


@pytest.fixture
def assessment(north, alice):
    make_small_instrument()
    Question.objects.filter(code="s1-1").update(code="need-2")
    Question.objects.filter(code="s1-2").update(code="need-3")
    return make_assessment(organisation=north, user=alice)


def page(client, assessment, code):
    url = reverse("assessment:question", args=[assessment.pk, "s1", code])
    return client.get(url).content.decode()


def test_members_see_what_the_map_says(client, alice, north, assessment):
    service_map = make_map(north, alice)
    add_service(service_map, alice, sector="camhs_imh", level="specialist", name=HOSTILE)
    NoService.objects.create(service_map=service_map, level="universal", sector="perinatal_mh")
    client.force_login(alice)
    html = page(client, assessment, "need-2")
    assert "Your service map says" in html
    assert "1 service recorded; 2 of 24 level and sector combinations checked." in html
    need3 = page(client, assessment, "need-3")
    assert "Perinatal mental health: universal: no service; targeted: not yet recorded" in need3
    assert "CAMHS and infant mental health: universal: not yet recorded" in need3
    assert "&lt;script&gt;" in need3 and "<script>alert(1)" not in need3
    assert "Your service map says" not in page(client, assessment, "s1-3")


def test_no_panel_without_a_map_or_for_partners(client, alice, north, assessment):
    client.force_login(alice)
    assert "Your service map says" not in page(client, assessment, "need-2")
    make_map(north, alice)
    partner = make_user(email="pat@vcs.example", name="Pat Partner")
    Participant.objects.create(assessment=assessment, user=partner)
    client.force_login(partner)
    html = page(client, assessment, "need-2")
    assert "Statement 1.1" in html and "Your service map says" not in html
