"""Curators' imports (knowledge JSON and CSV, area datasets, deflator series) refuse
hostile files with a clear message and save nothing: deep nesting, NUL characters,
lone surrogates, numbers of thousands of digits and huge fields."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.areas.models import Dataset
from commissioning.knowledge.models import Factor, Parameter, Source
from commissioning.prices import services as price_services
from commissioning.prices.models import DeflatorSeries
from tests.areas import test_upload as areas_upload
from tests.areas.support import load_shipped
from tests.factories import make_user
from tests.knowledge.curation_support import load_small_kb, make_publisher
from tests.prices import test_series_upload as prices_upload

pytestmark = pytest.mark.django_db
NUL_ROW = "financial_year,index,status\n2012-13,80\x00.0,outturn\n"
HOSTILE_JSON = {
    "deep": ("[" * 200_000 + "]" * 200_000, "nested more than 50 levels deep"),
    "deep_object": ('{"factors": ' + "[" * 100_000, "nested more than 50 levels deep"),
    "escaped_nul": ('{"factors": [{"slug": "a\\u0000b"}]}', "NUL character"),
    "raw_nul": ('{"factors": [{"slug": "a\x00b"}]}', "NUL character"),
    "surrogate": ('{"factors": [{"slug": "\\ud800"}]}', "unpaired surrogate"),
    "digits": ('{"factors": [{"order": ' + "9" * 5000 + "}]}", "more than 100 digits"),
}
HOSTILE_CSV = {
    "nul": ("slug,title\nx\x00,Title\n", "NUL character"),
    "surrogate_bytes": (b"slug,title\n\xed\xa0\x80,Title\n", "must be UTF-8"),
    "huge_field": ("slug,title\nx," + "t" * 200_000 + "\n", ""),
}


def knowledge_state() -> tuple:
    return Factor.objects.count(), Source.objects.count(), Parameter.objects.count()


@pytest.fixture
def publisher_client(client):
    load_small_kb()
    client.force_login(make_publisher())
    return client


def send(client, url: str, name: str, content: str | bytes, **data):
    body = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(url, {**data, "file": SimpleUploadedFile(name, body)})


@pytest.mark.parametrize("case", sorted(HOSTILE_JSON))
def test_hostile_json_is_refused_by_the_knowledge_import(publisher_client, case):
    content, message = HOSTILE_JSON[case]
    before = knowledge_state()
    response = send(publisher_client, "/admin/knowledge/factor/import/", "kb.json", content)
    assert response.status_code == 200
    assert message in response.text
    assert knowledge_state() == before


@pytest.mark.parametrize("case", sorted(HOSTILE_CSV))
def test_hostile_csv_is_refused_by_the_knowledge_import(publisher_client, case):
    content, message = HOSTILE_CSV[case]
    before = knowledge_state()
    response = send(publisher_client, "/admin/knowledge/factor/import/", "kb.csv", content)
    assert response.status_code == 200
    assert message in response.text
    assert "Import applied" not in response.text
    assert knowledge_state() == before


def test_a_bundle_of_the_wrong_shapes_is_refused_not_crashed(publisher_client):
    before = knowledge_state()
    for shape in ([[[]]], {"factors": {"a": 1}}, {"factors": [1, "x", None]}, {"x": [{}]}):
        text = json.dumps(shape)
        response = send(publisher_client, "/admin/knowledge/factor/import/", "kb.json", text)
        assert response.status_code == 200
    assert knowledge_state() == before


def area_curator(client):
    load_shipped()
    user = make_user(email="areas@toolkit.example", is_staff=True)
    codes = ["add_dataset", "view_dataset"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codes))
    client.force_login(user)


@pytest.mark.parametrize("case", sorted(HOSTILE_CSV))
def test_hostile_csv_is_refused_by_the_area_dataset_upload(client, case):
    area_curator(client)
    content, message = HOSTILE_CSV[case]
    before = Dataset.objects.count()
    details = {
        "kind": "births_lad",
        "title": "Births",
        "period": areas_upload.BIRTHS_PERIOD_WORDS,
        "source": "ONS",
        "licence": "OGL",
        "period_end": "2019-06-30",
    }
    response = send(client, areas_upload.UPLOAD, "births.csv", content, **details)
    assert response.status_code == 200
    assert message in response.text
    assert Dataset.objects.count() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [(NUL_ROW, "NUL character"), (b"financial_year\n\xed\xa0\x80\n", "must be UTF-8")],
)
def test_hostile_csv_is_refused_by_the_deflator_upload(client, content, message):
    price_services.series_load_shipped()
    user = make_user(email="prices@toolkit.example", is_staff=True)
    codes = ["add_deflatorseries", "view_deflatorseries"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codes))
    client.force_login(user)
    before = DeflatorSeries.objects.count()
    response = send(client, prices_upload.UPLOAD, "june.csv", content, **prices_upload.DETAILS)
    assert response.status_code == 200
    assert message in response.text
    assert DeflatorSeries.objects.count() == before
