"""The "choose your area" picker: a GET search whose results link back with
?area=CODE, and the self-assessment start form it fills (the user can still type)."""

import pytest
from django.test import RequestFactory

from commissioning.areas.picker import chosen_area, link_with_area, picker_for, safe_next
from commissioning.assessment.models import Assessment
from tests.areas.support import load_shipped
from tests.assessment.support import make_small_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped(db):
    load_shipped()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/assessments/", "/assessments/?area=E08000037"),
        ("/assessments/#start-heading", "/assessments/?area=E08000037#start-heading"),
        ("/cases/1/need/?area=X&step=2", "/cases/1/need/?step=2&area=E08000037"),
    ],
)
def test_results_link_back_with_the_area_code(target, expected):
    assert link_with_area(target, "E08000037") == expected


def test_next_must_be_a_path_on_this_site():
    request = RequestFactory().get("/areas/choose/")
    assert safe_next(request, "/assessments/", "/areas/") == "/assessments/"
    for bad in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", None):
        assert safe_next(request, bad, "/areas/") == "/areas/"


def test_the_picker_searches_and_remembers_the_choice():
    request = RequestFactory().get("/cases/1/need/", {"area_q": "gates", "area": "E54000050"})
    picker = picker_for(request)
    assert [r.code for r in picker.results] == ["E08000037"]
    assert picker.results[0].url == "/cases/1/need/?area=E08000037"
    assert picker.chosen.code == "E54000050"
    assert picker_for(RequestFactory().get("/", {"area_q": "g"})).too_short
    assert chosen_area("nonsense") is None and chosen_area("") is None


def test_the_choose_page_links_back_to_next(client):
    response = client.get(
        "/areas/choose/", {"next": "/assessments/#start-heading", "area_q": "Gateshead"}
    )
    assert response.status_code == 200
    assert 'href="/assessments/?area=E08000037#start-heading"' in response.text
    # The search form carries next along, and there is no script on the page but the site's.
    assert 'name="next" value="/assessments/#start-heading"' in response.text
    open_redirect = client.get(
        "/areas/choose/", {"next": "https://evil.example/", "area_q": "Gates"}
    )
    assert 'href="/areas/?area=E08000037"' in open_redirect.text


def test_the_start_form_offers_the_picker_and_fills_the_area(client, alice):
    make_small_instrument()
    client.force_login(alice)
    plain = client.get("/assessments/")
    assert "Find your area by name or code" in plain.text
    # A button inside the form, so what was typed is kept (test_typed_kept.py).
    assert 'name="choose_area"' in plain.text
    chosen = client.get("/assessments/", {"area": "E08000037"})
    form = chosen.context["form"]
    assert form.initial["area_name"] == "Gateshead"
    assert 'value="Gateshead"' in chosen.text
    assert "Filled in from the area you chose, Gateshead (E08000037)" in chosen.text


def test_the_user_can_still_type_their_own_area(client, alice, north):
    make_small_instrument()
    client.force_login(alice)
    response = client.post(
        "/assessments/?area=E08000037",
        {"organisation": north.pk, "title": "Spring", "area_name": "Gateshead and Newcastle"},
    )
    assert response.status_code == 302
    assert Assessment.objects.get().area_name == "Gateshead and Newcastle"
    # An unknown code is ignored: the field stays empty for the user to fill.
    assert "area_name" not in client.get("/assessments/", {"area": "E99"}).context["form"].initial
