"""Bulk import and export: a bad file is rejected whole with row numbers and reasons;
a good file applies in one transaction."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from commissioning.knowledge.models import Action, Factor, Parameter, Source
from tests.knowledge.curation_support import (
    FACTOR,
    bundle,
    load_small_kb,
    make_curator,
    make_publisher,
)

pytestmark = pytest.mark.django_db
IMPORT = "/admin/knowledge/factor/import/"


def upload(client, url, name, content):
    return client.post(url, {"file": SimpleUploadedFile(name, content.encode("utf-8"))})


def snapshot() -> tuple:
    return (
        Factor.objects.count(),
        Source.objects.count(),
        Parameter.objects.count(),
        Action.objects.count(),
        list(Factor.objects.values_list("title", flat=True)),
    )


@pytest.fixture
def publisher_client(client):
    load_small_kb()
    client.force_login(make_publisher())
    return client


def test_a_good_json_file_updates_and_adds_in_one_revision(publisher_client):
    data = bundle()
    data["factors"][0]["title"] = "Renamed by import"
    new = dict(FACTOR, slug="second-factor", title="A second factor", status="draft")
    data["factors"].append(new)
    response = upload(publisher_client, IMPORT, "kb.json", json.dumps(data))
    assert response.status_code == 302
    assert Factor.objects.get(slug="low-awareness").title == "Renamed by import"
    assert Factor.objects.get(slug="second-factor").status == "draft"
    version = Version.objects.get_for_object(Factor.objects.get(slug="second-factor")).first()
    assert version.revision.get_comment() == "Imported from kb.json"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["factors"][0].update(comb=[{"code": "XX", "basis": "editor"}]),
            "unknown COM-B sub-component 'XX'",
        ),
        (lambda d: d["factors"][0].update(kind="obstacle"), "'obstacle' is not one of"),
        (lambda d: d["factors"][0].pop("title"), "title: is required"),
        (lambda d: d["factors"].append(dict(d["factors"][0])), "duplicates row 1"),
        (lambda d: d["parameters"][0].update(value="-"), "'-' is not a number"),
        (lambda d: d["parameters"][0].update(value="1e30"), "is too large"),
        (lambda d: d["parameters"][0].update(value="NaN"), "must be a finite number"),
        (lambda d: d["sources"][0].update(url="javascript:alert(1)"), "must be a web address"),
        (lambda d: d["factors"][0].update(sources=["nobody1999"]), "unknown source 'nobody1999'"),
    ],
)
def test_a_bad_json_file_is_rejected_whole_with_reasons(publisher_client, change, expected):
    data = bundle()
    data["factors"][0]["title"] = "This change must not be applied"
    change(data)
    before = snapshot()
    response = upload(publisher_client, IMPORT, "kb.json", json.dumps(data))
    assert response.status_code == 200
    assert "There is a problem: nothing was imported" in response.content.decode()
    problems = "\n".join(str(p) for p in response.context["problems"])
    assert expected in problems
    assert snapshot() == before


def test_problems_name_their_rows(publisher_client):
    data = bundle()
    data["factors"].append(dict(FACTOR, slug="row-two", kind="nope"))
    response = upload(publisher_client, IMPORT, "kb.json", json.dumps(data))
    problems = response.context["problems"]
    assert [(p.section, p.row, p.key, p.field) for p in problems] == [
        ("factors", 2, "row-two", "kind")
    ]


def test_invalid_json_and_binary_files_get_clear_messages(publisher_client):
    response = upload(publisher_client, IMPORT, "kb.json", "{not json")
    assert "is not valid JSON" in response.content.decode()
    binary = publisher_client.post(
        IMPORT, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad")}
    )
    assert "must be UTF-8 text" in binary.content.decode()
    empty = publisher_client.post(IMPORT, {})
    assert "Choose a file to import" in empty.content.decode()


def test_csv_export_then_import_round_trips(publisher_client):
    exported = publisher_client.get("/admin/knowledge/factor/export/?format=csv")
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    text = exported.content.decode()
    assert text.startswith("slug,title,kind,level,theme")
    before = snapshot()
    response = upload(publisher_client, IMPORT, "factors.csv", text)
    assert response.status_code == 302, response.context["problems"]
    assert snapshot() == before


def test_csv_problems_and_formula_protection(publisher_client):
    factor = Factor.objects.get(slug="low-awareness")
    factor.title = '=HYPERLINK("http://evil")'
    factor.save()
    text = publisher_client.get("/admin/knowledge/factor/export/?format=csv").content.decode()
    assert "'=HYPERLINK" in text
    # The protective apostrophe is removed again on import.
    upload(publisher_client, IMPORT, "factors.csv", text)
    assert Factor.objects.get(slug="low-awareness").title.startswith("=HYPERLINK")
    bad = text.replace("slug,title", "slug,headline", 1)
    response = upload(publisher_client, IMPORT, "factors.csv", bad)
    problems = [str(p) for p in response.context["problems"]]
    assert any("title: column is missing" in p for p in problems)
    assert any("headline: is not a column this import knows" in p for p in problems)


def test_json_export_is_the_exchange_format(publisher_client):
    response = publisher_client.get("/admin/knowledge/parameter/export/")
    data = json.loads(response.content)
    assert data["parameters"][0]["key"] == "band7_hourly"
    assert data["parameters"][0]["value"] == "70"


def test_curators_may_only_import_drafts_and_reviews(client):
    load_small_kb()
    client.force_login(make_curator())
    data = bundle()
    response = upload(client, IMPORT, "kb.json", json.dumps(data))
    problems = [str(p) for p in response.context["problems"]]
    assert any("only a publisher can import published items" in p for p in problems)
    for section in data.values():
        for item in section:
            item["status"] = "draft"
    response = upload(client, IMPORT, "kb.json", json.dumps(data))
    problems = [str(p) for p in response.context["problems"]]
    assert any("would change a published item" in p for p in problems)
    assert Factor.objects.get(slug="low-awareness").status == "published"


def test_people_without_curation_rights_cannot_import(client, alice):
    load_small_kb()
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    assert client.get(IMPORT).status_code == 403
