"""The service map pages: starting a map, recording services and "no service" cells,
versions, and bad input (clear messages, nothing half-saved, never a 500)."""

import csv
import io

import pytest
from django.urls import reverse

from commissioning.servicemap.models import NoService, Service, ServiceMap, ServiceMapVersion
from tests.servicemap.support import HOSTILE, add_service, form_post, make_map


@pytest.fixture
def the_map(north, alice):
    return make_map(north, alice)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def errors_of(response) -> str:
    return response.content.decode()


def test_starting_a_map_and_refusing_a_second_for_the_same_area(signed_in, north):
    url = reverse("servicemap:index")
    response = signed_in.post(url, {"organisation": north.pk, "area_name": "Gateshead"})
    service_map = ServiceMap.objects.get()
    assert response["Location"] == reverse("servicemap:detail", args=[service_map.pk])
    assert service_map.versions.get().change == "Started the map"
    again = signed_in.post(url, {"organisation": north.pk, "area_name": " gateshead "})
    assert again.status_code == 200
    assert "North Borough ICB already has a service map for gateshead" in errors_of(again)
    blank = signed_in.post(url, {"organisation": north.pk, "area_name": "  "})
    assert "Enter the area the map covers" in errors_of(blank)
    assert ServiceMap.objects.count() == 1


def test_recording_services_and_a_no_service_cell(signed_in, the_map, alice):
    add = reverse("servicemap:service_add", args=[the_map.pk])
    response = signed_in.post(add, form_post(funding_ends="2027-03-31", funding_route="grant"))
    assert response.status_code == 302
    cell = reverse("servicemap:cell", args=[the_map.pk, "specialist", "camhs_imh"])
    signed_in.post(cell, {"action": "mark", "note": "Checked with the trust, May 2026"})
    page = signed_in.get(reverse("servicemap:detail", args=[the_map.pk])).content.decode()
    assert "2 of 24 level and sector combinations recorded" in page
    assert "Enhanced health visiting" in page
    assert "Funding ends on 31 March 2027" in page
    assert "Levels with no service recorded</th><td>Universal, Specialist</td>" in page
    assert 'id="chart-matrix"' in page and "No service" in page
    # Versions: who changed what.
    versions = signed_in.get(reverse("servicemap:versions", args=[the_map.pk])).content.decode()
    assert "Added Enhanced health visiting (targeted support in health visiting)" in versions
    assert "Recorded no specialist support in camhs and infant mental health" in versions
    assert "Alice North" in versions
    snapshot = the_map.versions.get(number=3).snapshot
    assert snapshot["no_service"] == [
        {"level": "specialist", "sector": "camhs_imh", "note": "Checked with the trust, May 2026"}
    ]


def test_a_service_replaces_the_no_service_mark_on_its_cell(signed_in, the_map):
    NoService.objects.create(service_map=the_map, level="targeted", sector="health_visiting")
    response = signed_in.post(
        reverse("servicemap:service_add", args=[the_map.pk]), form_post(), follow=True
    )
    assert "The &#x27;no service&#x27; mark on its level and sector has been removed" in (
        response.content.decode()
    )
    assert not NoService.objects.exists()


def test_no_service_is_refused_where_a_service_is_recorded(signed_in, the_map, alice):
    add_service(the_map, alice)
    versions = ServiceMapVersion.objects.count()
    cell = reverse("servicemap:cell", args=[the_map.pk, "targeted", "health_visiting"])
    response = signed_in.post(cell, {"action": "mark"})
    assert response.status_code == 200
    assert "1 service is recorded for targeted support in health visiting" in errors_of(response)
    clear = signed_in.post(cell, {"action": "clear"})
    assert "is not marked as having no service" in errors_of(clear)
    odd = signed_in.post(cell, {"action": "explode"})
    assert "Choose whether to record that there is no service" in errors_of(odd)
    assert not NoService.objects.exists() and ServiceMapVersion.objects.count() == versions


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the name of the service"),
        ({"provider": "  "}, "Enter who provides the service"),
        ({"capacity": "lots"}, "Enter capacity as a whole number of families a year"),
        ({"capacity": "-3"}, "Capacity must be 0 or more families a year"),
        ({"funding_ends": "31/02/2027"}, "Enter the funding end date as a real date"),
        ({"level": "galactic"}, "Select universal, targeted or specialist"),
        ({"sector": "army"}, "Select one of the sectors in the list"),
        ({"funding_route": "magic"}, "Select one of the funding routes in the list"),
        ({"name": "x" * 201}, "The name must be 200 characters or fewer"),
        (
            {"specialised_team": True, "level": "targeted"},
            "A specialised parent-infant relationship team works at the specialist level",
        ),
    ],
)
def test_bad_service_input_gets_a_specific_message_and_saves_nothing(
    signed_in, the_map, overrides, message
):
    before = (Service.objects.count(), ServiceMapVersion.objects.count())
    response = signed_in.post(
        reverse("servicemap:service_add", args=[the_map.pk]), form_post(**overrides)
    )
    assert response.status_code == 200
    assert message in errors_of(response)
    assert (Service.objects.count(), ServiceMapVersion.objects.count()) == before
    the_map.refresh_from_db()
    assert the_map.version == 1


def test_hostile_text_is_escaped_on_every_page(signed_in, the_map, alice):
    service = add_service(
        the_map,
        alice,
        name=HOSTILE,
        provider=HOSTILE,
        criteria=HOSTILE,
        exclusions=HOSTILE,
        source=HOSTILE,
        ages=HOSTILE,
    )
    NoService.objects.create(service_map=the_map, level="universal", sector="vcs", note=HOSTILE)
    pages = [
        reverse("servicemap:detail", args=[the_map.pk]),
        reverse("servicemap:service_edit", args=[the_map.pk, service.pk]),
        reverse("servicemap:service_delete", args=[the_map.pk, service.pk]),
        reverse("servicemap:cell", args=[the_map.pk, "targeted", "health_visiting"]),
        reverse("servicemap:cell", args=[the_map.pk, "universal", "vcs"]),
        reverse("servicemap:versions", args=[the_map.pk]),
    ]
    for url in pages:
        html = signed_in.get(url).content.decode()
        assert "<script>alert(1)" not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url


def test_the_csv_is_formula_safe(signed_in, the_map, alice):
    add_service(the_map, alice, name=HOSTILE, provider="+44 1234", source="@import")
    response = signed_in.get(reverse("servicemap:csv", args=[the_map.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + HOSTILE in cells and "'+44 1234" in cells and "'@import" in cells
    assert not any(cell.startswith(("=", "+", "@", "-")) for cell in cells)
    assert 120 in [int(c) for c in cells if c.isdigit()]
