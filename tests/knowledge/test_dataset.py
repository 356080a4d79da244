"""The open-data downloads: /api/knowledge/dataset.json and dataset-csv.zip, with small
hand-made content and with the real shipped content."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.knowledge.models import (
    BctTechnique,
    CombSubcomponent,
    Factor,
    Parameter,
    Programme,
    Source,
    Status,
    TdfDomain,
)
from commissioning.knowledge.services import (
    bundle_apply,
    frameworks_load,
    shipped_bundle,
    shipped_frameworks,
)
from tests.knowledge.api_builders import (
    load_frameworks,
    make_action,
    make_factor,
    make_factors,
    make_parameter,
    make_programme,
    make_source,
)

pytestmark = pytest.mark.django_db

DATASET = "/api/knowledge/dataset.json"
CSV_ZIP = "/api/knowledge/dataset-csv.zip"
CSV_FILES = {"factors.csv", "actions.csv", "sources.csv", "programmes.csv", "parameters.csv"}


@pytest.fixture
def frameworks():
    load_frameworks()


@pytest.fixture
def content(frameworks):
    """Published items, each with a draft twin that must never appear."""
    source = make_source(key="smith2020", authors="Smith A, Jones B")
    draft_source = make_source(key="secret2025", status=Status.DRAFT)
    factor = make_factor(
        slug="low-awareness",
        title="=cmd|' /C calc'!A0",
        sources=[source, draft_source],
        codes={"comb": ["CPs", "MRe"]},
        actions=0,
    )
    hidden = make_factor(slug="hidden-factor", status=Status.DRAFT)
    factor.related.add(hidden, make_factor(slug="related-factor"))
    make_action(
        factor=factor,
        title="@SUM(A1)",
        sources=[source, draft_source],
        resources=[("Guide", "https://example.org/guide")],
    )
    make_programme(slug="cos-p", sources=[source, draft_source])
    make_programme(slug="hidden-programme", status=Status.REVIEW)
    make_parameter(source=source, key="band7_hourly", value=Decimal("70.5"), low=Decimal("-1"))
    make_parameter(source=draft_source, key="cites_a_draft")
    make_parameter(source=source, key="hidden_parameter", status=Status.DRAFT)


def read_zip(response) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    return {
        name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for name in archive.namelist()
        if name.endswith(".csv")
    }


def test_it_has_the_fixed_route_names():
    assert reverse("api:dataset") == DATASET
    assert reverse("api:dataset_csv") == CSV_ZIP


def test_it_downloads_the_dataset_as_json(client, content):
    response = client.get(DATASET)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="pair-knowledge-base.json"'
    data = json.loads(response.content)
    assert list(data) == ["meta", "frameworks", "sources", "factors", "programmes", "parameters"]
    assert data["meta"]["licence"]["name"]
    assert data["meta"]["licence"]["url"].startswith("https://")
    assert data["meta"]["generated"]
    assert data["meta"]["counts"] == {"sources": 1, "factors": 2, "programmes": 1, "parameters": 2}
    assert [f["slug"] for f in data["factors"]] == ["low-awareness", "related-factor"]
    factor = data["factors"][0]
    assert factor["sources"] == ["smith2020"]
    assert factor["related"] == ["related-factor"]
    assert factor["comb"] == [
        {"code": "CPs", "basis": "editor"},
        {"code": "MRe", "basis": "editor"},
    ]
    assert factor["actions"][0]["sources"] == ["smith2020"]
    assert data["programmes"][0]["sources"] == ["smith2020"]
    parameters = {p["key"]: p for p in data["parameters"]}
    assert parameters["band7_hourly"]["value"] == "70.5"
    assert parameters["band7_hourly"]["low"] == "-1"
    assert parameters["cites_a_draft"]["source"] is None


def test_drafts_never_appear_in_any_download(client, content):
    for url in (DATASET, CSV_ZIP):
        body = client.get(url).content
        if url == CSV_ZIP:
            archive = zipfile.ZipFile(io.BytesIO(body))
            body = b"".join(archive.read(name) for name in archive.namelist())
        text = body.decode("utf-8-sig", errors="replace")
        for secret in ("secret2025", "hidden-factor", "hidden-programme", "hidden_parameter"):
            assert secret not in text, (url, secret)


def test_the_dataset_counts_equal_the_published_counts(client, content):
    data = json.loads(client.get(DATASET).content)
    assert len(data["sources"]) == Source.objects.published().count()
    assert len(data["factors"]) == Factor.objects.published().count()
    assert len(data["programmes"]) == Programme.objects.published().count()
    assert len(data["parameters"]) == Parameter.objects.published().count()


def test_the_frameworks_section_matches_the_database(client, frameworks):
    data = json.loads(client.get(DATASET).content)["frameworks"]
    shipped = shipped_frameworks()
    for name in ("comb_components", "comb_subcomponents", "tdf_domains", "intervention_functions"):
        assert [row["code"] for row in data[name]] == [row["code"] for row in shipped[name]]
    # The TDF -> COM-B links have no order of their own: compare them as sets.
    assert [{**row, "comb": set(row["comb"])} for row in data["tdf_domains"]] == [
        {**row, "comb": set(row["comb"])} for row in shipped["tdf_domains"]
    ]
    assert data["comb_if_matrix"]["rows"] == shipped["comb_if_matrix"]["rows"]
    assert data["comb_if_matrix"]["additions_2014"] == shipped["comb_if_matrix"]["additions_2014"]
    assert data["if_pc_matrix"]["rows"] == shipped["if_pc_matrix"]["rows"]
    assert data["if_pc_matrix"]["to_be_verified"] is True
    assert len(data["bct_techniques"]) == BctTechnique.objects.count()
    assert [p["code"] for p in data["perspectives"]] == [
        "commissioner",
        "referrer",
        "practitioner",
        "parent",
    ]


def test_the_dataset_follows_changes_to_the_content(client, content):
    assert len(json.loads(client.get(DATASET).content)["factors"]) == 2
    factor = Factor.objects.get(slug="hidden-factor")
    factor.status = Status.PUBLISHED
    factor.save()  # publishing bumps the content generation, so the cached copy goes
    assert len(json.loads(client.get(DATASET).content)["factors"]) == 3


def test_it_downloads_the_dataset_as_csv_files(client, content):
    response = client.get(CSV_ZIP)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="pair-knowledge-base-csv.zip"'
    files = read_zip(response)
    assert set(files) == CSV_FILES
    factors = files["factors.csv"]
    assert factors[0][:3] == ["slug", "title", "kind"]
    rows = {row[0]: dict(zip(factors[0], row, strict=True)) for row in factors[1:]}
    assert set(rows) == {"low-awareness", "related-factor"}
    row = rows["low-awareness"]
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["comb"] == "CPs (editor); MRe (editor)"
    assert row["perspectives"] == "commissioner"
    assert row["sources"] == "smith2020"
    assert row["related"] == "related-factor"
    assert row["actions"] == "1"


def test_the_csv_files_have_headers_and_protected_cells(client, content):
    files = read_zip(client.get(CSV_ZIP))
    for name, rows in files.items():
        assert rows, name
        assert all(len(row) == len(rows[0]) for row in rows), name
    actions = files["actions.csv"]
    assert actions[0] == [
        "factor",
        "number",
        "title",
        "description",
        "function",
        "sources",
        "resources",
    ]
    assert actions[1] == [
        "low-awareness",
        "1",
        "'@SUM(A1)",
        "Explain it to the board.",
        "IF-education",
        "smith2020",
        "Guide <https://example.org/guide>",
    ]
    parameters = {
        row[0]: dict(zip(files["parameters.csv"][0], row, strict=True))
        for row in files["parameters.csv"][1:]
    }
    # Numbers stay numbers: a negative value is not mistaken for a formula.
    assert parameters["band7_hourly"]["value"] == "70.5"
    assert parameters["band7_hourly"]["low"] == "-1"
    assert parameters["cites_a_draft"]["source"] == ""
    sources = files["sources.csv"]
    assert sources[0][0] == "key" and sources[1][0] == "smith2020"


def test_the_zip_says_what_the_files_are(client, content):
    archive = zipfile.ZipFile(io.BytesIO(client.get(CSV_ZIP).content))
    readme = archive.read("README.txt").decode()
    assert "Licence:" in readme and "CODE (basis)" in readme


def test_the_download_queries_do_not_grow_with_the_content(client, frameworks):
    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CSV_ZIP).status_code == 200
        return len(captured)

    sources = [make_source(), make_source()]
    make_factors(5, sources=sources, actions=2)
    small = queries()
    make_factors(100, sources=sources, actions=2)
    assert queries() == small


def test_it_only_answers_get(client):
    assert client.post(DATASET).status_code == 405
    assert client.post(CSV_ZIP).status_code == 405


def test_the_shipped_content_exports_whole(client):
    frameworks_load(shipped_frameworks())
    bundle_apply(shipped_bundle(), overwrite=False)
    data = json.loads(client.get(DATASET).content)
    published = {
        "sources": Source.objects.published().count(),
        "factors": Factor.objects.published().count(),
        "programmes": Programme.objects.published().count(),
        "parameters": Parameter.objects.published().count(),
    }
    assert published["factors"] > 0 and published["parameters"] > 0
    assert Parameter.objects.exclude(status=Status.PUBLISHED).exists()  # the draft parameters
    assert data["meta"]["counts"] == published
    assert {name: len(data[name]) for name in published} == published
    drafts = set(Parameter.objects.exclude(status=Status.PUBLISHED).values_list("key", flat=True))
    assert not drafts & {p["key"] for p in data["parameters"]}
    assert len(data["frameworks"]["tdf_domains"]) == TdfDomain.objects.count() == 14
    assert len(data["frameworks"]["comb_subcomponents"]) == CombSubcomponent.objects.count()
    files = read_zip(client.get(CSV_ZIP))
    assert len(files["factors.csv"]) - 1 == published["factors"]
    assert len(files["parameters.csv"]) - 1 == published["parameters"]
    assert len(files["sources.csv"]) - 1 == published["sources"]
    assert len(files["actions.csv"]) - 1 == sum(len(f["actions"]) for f in data["factors"])
