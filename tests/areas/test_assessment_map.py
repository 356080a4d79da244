"""A self-assessment keeps the area (and ICB map) it was started for and says so when
that map is not the current one; a facilitator moves it to the current map in one
click, which changes only the area's name and code."""

import pytest
from django.urls import reverse

from commissioning.assessment import services
from commissioning.assessment.models import Assessment
from commissioning.datasafety.models import AuditEvent
from tests.areas.support import load_shipped
from tests.assessment.support import make_small_instrument
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped(db):
    load_shipped()
    make_small_instrument()


def started_on_frimley(north, alice) -> Assessment:
    """An assessment started in 2025 for NHS Frimley ICB, on the April 2024 map."""
    return services.assessment_start(
        organisation=north,
        user=alice,
        title="Frimley readiness",
        area_name="NHS Frimley Integrated Care Board",
        area_code="E54000034",
        area_map="ICBs of April 2024",
    )


def test_an_area_kept_as_chosen_records_its_code_and_map(client, alice, north):
    client.force_login(alice)
    response = client.post(
        "/assessments/?area=E54000070",
        {
            "organisation": north.pk,
            "title": "Thames Valley",
            "area_name": "NHS Thames Valley Integrated Care Board",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.area_code, assessment.area_map) == ("E54000070", "ICBs of April 2026")
    text = client.get(reverse("assessment:tasks", args=[assessment.pk])).text
    assert "(<code>E54000070</code>, ICBs of April 2026)" in text
    assert "map-change-heading" not in text


def test_an_area_typed_over_keeps_no_code(client, alice, north):
    client.force_login(alice)
    client.post(
        "/assessments/?area=E08000037",
        {"organisation": north.pk, "title": "Spring", "area_name": "Gateshead and Newcastle"},
    )
    assert (Assessment.objects.get().area_code, Assessment.objects.get().area_map) == ("", "")


def test_an_assessment_on_an_abolished_icb_says_so(client, alice, north):
    assessment = started_on_frimley(north, alice)
    client.force_login(alice)
    response = client.get(reverse("assessment:tasks", args=[assessment.pk]))
    change = response.context["map_change"]
    assert [o.code for o in change.options] == ["E54000070", "E54000067", "E54000069"]
    text = response.text
    assert "This assessment's area is from the ICBs of April 2024 map" in text
    assert "NHS Frimley Integrated Care Board ceased on 1 April 2026" in text
    assert "Use the current map: NHS Thames Valley Integrated Care Board" in text
    assert '<td class="text-end">56%</td>' in text


def test_one_click_moves_it_to_the_current_map(client, alice, north):
    assessment = started_on_frimley(north, alice)
    client.force_login(alice)
    url = reverse("assessment:use_current_map", args=[assessment.pk])
    response = client.post(url, {"code": "E54000069"}, follow=True)
    assert "now covers NHS Surrey and Sussex Integrated Care Board" in response.text
    assessment.refresh_from_db()
    assert (assessment.area_code, assessment.area_name, assessment.area_map) == (
        "E54000069",
        "NHS Surrey and Sussex Integrated Care Board",
        "ICBs of April 2026",
    )
    event = AuditEvent.objects.filter(verb="changed").latest("pk")
    assert "NHS Frimley Integrated Care Board (E54000034" in str(event.details)
    assert response.context["map_change"] is None


def test_only_offered_areas_and_only_facilitators(client, alice, north):
    assessment = started_on_frimley(north, alice)
    url = reverse("assessment:use_current_map", args=[assessment.pk])
    client.force_login(alice)
    response = client.post(url, {"code": "E08000037"}, follow=True)
    assert "Nothing was changed: that area is not offered here." in response.text
    member = make_user(email="member@north.example")
    make_membership(user=member, organisation=north, role="member")
    client.force_login(member)
    client.post(url, {"code": "E54000070"})
    assessment.refresh_from_db()
    assert assessment.area_code == "E54000034"
    assert client.get(url).status_code == 405


def test_a_submitted_assessment_is_not_changed(client, alice, north):
    assessment = started_on_frimley(north, alice)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    client.force_login(alice)
    url = reverse("assessment:use_current_map", args=[assessment.pk])
    response = client.post(url, {"code": "E54000070"}, follow=True)
    assert "A submitted assessment cannot change; reopen it first." in response.text
    assert Assessment.objects.get(pk=assessment.pk).area_code == "E54000034"


def test_a_reopened_copy_keeps_the_area_and_its_map(alice, north):
    assessment = started_on_frimley(north, alice)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    copy = services.assessment_reopen(
        assessment=Assessment.objects.get(pk=assessment.pk), user=alice
    )
    assert (copy.area_code, copy.area_map) == ("E54000034", "ICBs of April 2024")
