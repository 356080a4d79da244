"""Choosing an area keeps what the user had already typed: the "Choose your area"
button sits inside the form, the view keeps the typed values in the session (nothing
saved), and back on the page with ?area=CODE they are filled in again, once."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory
from django.urls import reverse

from commissioning.areas.picker import DRAFT_VALUE, DRAFTS, draft_keep, draft_take
from commissioning.assessment.models import Assessment
from tests.areas.support import load_shipped
from tests.assessment.support import make_small_instrument
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401

pytestmark = pytest.mark.django_db

GATESHEAD = "E08000037"
ICB = "E54000050"


@pytest.fixture(autouse=True)
def shipped(db):
    load_shipped()


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == reverse("areas:choose")
    return parse_qs(parts.query)["next"][0]


def test_the_start_form_keeps_the_typed_name_through_choosing_an_area(client, alice, north):
    make_small_instrument()
    client.force_login(alice)
    page = client.get("/assessments/").text
    assert 'name="choose_area"' in page and "Find your area by name or code" in page
    response = client.post(
        "/assessments/",
        {"organisation": north.pk, "title": "Gateshead readiness, spring", "choose_area": "1"},
    )
    assert response.status_code == 302
    assert _next_of(response["Location"]) == "/assessments/#start-heading"
    assert not Assessment.objects.exists()  # nothing started, nothing half-saved
    back = client.get("/assessments/", {"area": GATESHEAD})
    form = back.context["form"]
    assert not form.is_bound  # no error messages for fields not yet filled in
    assert form.initial["title"] == "Gateshead readiness, spring"
    assert form.initial["area_name"] == "Gateshead"
    assert 'value="Gateshead readiness, spring"' in back.text
    # Taken once: a later visit starts clean.
    again = client.get("/assessments/")
    assert "title" not in again.context["form"].initial


def test_enter_in_a_box_starts_the_assessment_not_the_area_chooser(client, alice):
    make_small_instrument()
    client.force_login(alice)
    text = client.get("/assessments/").text
    form = text[text.rindex("<form", 0, text.index('name="title"')) :]
    # The first submit button (the one Enter presses) is the form's own.
    first = form.index("<button")
    assert 'name="choose_area"' not in form[first : form.index(">", first)]
    assert "Start assessment</button>" in form[first : form.index("</button>", first) + 9]


def test_the_need_step_keeps_typed_figures_and_fills_the_area_births(client, alice, case):
    client.force_login(alice)
    url = reverse("cases:step", args=[case.pk, "need"])
    assert 'name="choose_area"' in client.get(url).text
    version = case.version
    data = page_data(case, "need", reach="7", reach_source="Our pilot reached 7%")
    data["capacity"] = "150"
    response = client.post(url, {**data, "choose_area": "1"})
    assert response.status_code == 302
    assert _next_of(response["Location"]) == url + "#case-area-heading"
    case.refresh_from_db()
    assert case.version == version  # nothing saved
    back = client.get(url, {"area": ICB})
    main = back.context["main"]
    assert main["reach"].value() == "7"
    assert main["reach_source"].value() == "Our pilot reached 7%"
    assert main["capacity"].value() == "150"
    births = back.context["area"].births.value
    assert main["births"].value() == str(births)  # the area's births win for births
    assert not main.is_bound


def test_a_draft_is_per_page_capped_and_taken_once():
    factory = RequestFactory()
    request = factory.post(
        "/assessments/", {"title": "x" * (DRAFT_VALUE + 50), "csrfmiddlewaretoken": "t"}
    )
    request.session = {}
    location = draft_keep(request, back="/assessments/")
    assert location.startswith(reverse("areas:choose"))
    assert request.session[DRAFTS]["/assessments/"] == {"title": ["x" * DRAFT_VALUE]}
    other = factory.get("/cases/1/need/")
    other.session = request.session
    assert draft_take(other) == {}
    same = factory.get("/assessments/")
    same.session = request.session
    assert draft_take(same) == {"title": "x" * DRAFT_VALUE}
    assert draft_take(same) == {}
