"""A NUL anywhere in a request, or a file sent where none is taken, gets a 400 page
before any view runs; downloads are never stored by browsers or proxies."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.accounts.models import Organisation
from commissioning.cases import services as case_services
from commissioning.servicemap.models import ServiceMap
from tests.areas.support import load_shipped
from tests.knowledge.curation_support import make_curator

ICB = "E54000050"


@pytest.fixture
def case(alice, north):
    return case_services.case_create(
        organisation=north, user=alice, kind="new_team", title="Hostile case"
    )


def assert_refused(response, words: str) -> None:
    assert response.status_code == 400
    assert "The request could not be read" in response.text
    assert words in response.text


@pytest.mark.django_db
def test_a_nul_in_the_area_search_is_refused(client):
    assert_refused(client.get("/areas/api/search.json?q=ab%00"), "NUL character")
    assert_refused(client.get("/areas/?q=%00"), "NUL character")
    assert_refused(client.get("/areas/choose/?q=x&next=%00"), "NUL character")
    assert_refused(client.get("/areas/api/search.json?q%00=ab"), "NUL character")


def test_a_nul_in_the_area_of_an_assessment_or_case_is_refused(client, alice, case):
    client.force_login(alice)
    assert_refused(client.get(reverse("assessment:index") + "?area=%00"), "NUL character")
    url = reverse("cases:step", args=[case.pk, "need"])
    assert_refused(client.get(f"{url}?area=E540%00"), "NUL character")


@pytest.mark.django_db
def test_the_same_requests_without_the_nul_still_work(client):
    load_shipped()
    assert client.get("/areas/api/search.json?q=ab").status_code == 200
    assert client.get(f"/areas/choose/?q={ICB[:5]}").status_code == 200


def test_a_nul_in_a_form_field_saves_nothing(client, alice, north):
    client.force_login(alice)
    before = Organisation.objects.get(pk=north.pk).name
    url = reverse("accounts:organisation_edit", args=[north.pk])
    response = client.post(url, {"name": "North\x00 ICB", "kind": "icb"})
    assert_refused(response, "NUL character")
    assert Organisation.objects.get(pk=north.pk).name == before


def test_a_file_sent_to_a_page_that_takes_none_is_refused(client, alice, north):
    client.force_login(alice)
    url = reverse("servicemap:index")
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    data = {"organisation": north.pk, "area_name": "Northborough", "file": upload}
    response = client.post(url, data)
    assert_refused(response, "does not take files")
    assert not ServiceMap.objects.exists()


def test_upload_pages_still_take_files(client, db):
    curator = make_curator(email="curator@example.com")
    client.force_login(curator)
    upload = SimpleUploadedFile("factors.json", b"[]", content_type="application/json")
    response = client.post(reverse("admin:knowledge_factor_import"), {"file": upload})
    assert response.status_code in (200, 302)
    assert "does not take files" not in response.text


def test_every_download_says_no_store(client, alice, north):
    client.force_login(alice)
    service_map = ServiceMap.objects.create(organisation=north, area_name="Map", created_by=alice)
    response = client.get(reverse("servicemap:csv", args=[service_map.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_curators_export_says_no_store(client, db):
    client.force_login(make_curator(email="curator@example.com"))
    response = client.get(reverse("admin:knowledge_factor_export") + "?format=csv")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_page_that_is_not_a_download_keeps_its_caching(client):
    response = client.get("/")
    assert "no-store" not in response.get("Cache-Control", "")
