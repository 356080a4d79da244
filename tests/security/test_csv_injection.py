"""CSV formula injection: every CSV the site offers (an assessment's export.csv, the
knowledge base's open-data zip, the admin's knowledge CSV exports and a business
case's CSV) is downloaded with formula-like text in every free-text field, and every
cell that a spreadsheet would run (starting =, +, -, @, tab or carriage return) must
be neutralised with a leading apostrophe. Numbers stay numbers: "-1" is data.

The CSV routes are found from the resolver, so a new CSV download fails
``test_every_csv_download_is_covered`` until it is added here.
"""

import csv
import io
import zipfile
from decimal import Decimal, InvalidOperation

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from commissioning.assessment import consensus_services, plan_services, services
from commissioning.assessment.models import Question
from commissioning.cases import services as case_services
from commissioning.lib.csvsafe import FORMULA_TRIGGERS
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_user
from tests.knowledge.builders import (
    load_frameworks,
    make_action,
    make_factor,
    make_parameter,
    make_programme,
    make_source,
)
from tests.security.test_csrf import walk

EQUALS = '=HYPERLINK("https://evil.example","Click")'
PLUS = "+SUM(1,1)"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(A1:A9)"
TAB = "\t=1+1"
RETURN = "\r=1+1"
FORMULAS = (EQUALS, PLUS, MINUS, AT, TAB, RETURN)

CSV_ROUTES = {
    "assessment:export_csv",
    "cases:csv",
    "servicemap:csv",
    "api:dataset_csv",
    "admin:knowledge_factor_export",
    "admin:knowledge_source_export",
    "admin:knowledge_programme_export",
    "admin:knowledge_parameter_export",
}


def is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def dangerous(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_TRIGGERS) and not is_number(c)]


def csv_cells(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row]


def zip_cells(content: bytes) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    cells = []
    for name in archive.namelist():
        if name.endswith(".csv"):
            cells += csv_cells(archive.read(name))
    return cells


def test_every_csv_download_is_covered():
    found = set()
    for name, pattern in walk(get_resolver()):
        text = str(pattern.pattern)
        if text.endswith((".csv", ".zip", "csv.zip")) or name.endswith("_export"):
            found.add(name)
    assert found == CSV_ROUTES


@pytest.fixture
def knowledge(db):
    """Published knowledge-base content with a formula in every text field."""
    load_frameworks()
    source = make_source(key="evil2020", title=EQUALS, authors=PLUS, notes=AT)
    factor = make_factor(slug="evil", title=EQUALS, summary=MINUS, sources=[source])
    make_action(factor=factor, title=AT, description=TAB)
    make_programme(slug="evil", name=PLUS, summary=RETURN, sources=[source])
    make_parameter(
        key="evil_cost", name=MINUS, notes=EQUALS, unit=AT, low=Decimal("-1"), source=source
    )
    return factor


@pytest.mark.django_db
def test_an_assessment_export_neutralises_every_formula(client, alice, north):
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice, title=EQUALS)
    assessment.area_name = PLUS
    assessment.save()
    question = Question.objects.get(code="s1-1")
    services.answer_record(
        assessment=assessment,
        question=question,
        user=alice,
        rating=2,
        dont_know=False,
        note=MINUS,
        seen_version=None,
    )
    consensus_services.consensus_record(
        assessment=assessment,
        question=question,
        user=alice,
        rating=2,
        dont_know=False,
        rationale=AT,
    )
    plan_services.plan_item_add(
        assessment=assessment, title=AT, description=MINUS, owner=TAB, user=alice
    )
    plan_services.plan_item_add(assessment=assessment, title=RETURN, owner=EQUALS)
    client.force_login(alice)
    cells = csv_cells(client.get(reverse("assessment:export_csv", args=[assessment.pk])).content)
    assert not dangerous(cells)
    assert {"'" + EQUALS, "'" + PLUS, "'" + AT, "'" + TAB} <= set(cells)


@pytest.mark.django_db
def test_a_business_case_csv_neutralises_every_formula(client, alice, north):
    case = case_services.case_create(organisation=north, user=alice, kind="new_team", title=EQUALS)
    client.force_login(alice)
    cells = csv_cells(client.get(reverse("cases:csv", args=[case.pk])).content)
    assert not dangerous(cells)
    assert "'" + EQUALS in cells


@pytest.mark.django_db
def test_a_service_map_csv_neutralises_every_formula(client, alice, north):
    from commissioning.servicemap import services as map_services

    service_map = map_services.map_create(
        organisation=north, area_name=EQUALS, area_code="", user=alice
    )
    data = dict.fromkeys(map_services.SERVICE_FIELDS, TAB)
    data.update(
        level="targeted",
        sector="vcs",
        name=PLUS,
        provider=AT,
        capacity=None,
        funding_route="grant",
        funding_ends=None,
        specialised_team=False,
    )
    map_services.service_save(service_map=service_map, service=None, data=data, user=alice)
    client.force_login(alice)
    cells = csv_cells(client.get(reverse("servicemap:csv", args=[service_map.pk])).content)
    assert not dangerous(cells)
    assert {"'" + EQUALS, "'" + PLUS, "'" + AT, "'" + TAB} <= set(cells)


@pytest.mark.django_db
def test_the_open_data_zip_neutralises_every_formula(client, knowledge):
    cells = zip_cells(client.get(reverse("api:dataset_csv")).content)
    assert not dangerous(cells)
    assert {"'" + f for f in FORMULAS} <= set(cells)
    assert "-1" in cells  # a negative number stays a number


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["factor", "source", "programme", "parameter"])
def test_the_admin_csv_exports_neutralise_every_formula(knowledge, model):
    client = Client()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get(reverse(f"admin:knowledge_{model}_export") + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    cells = csv_cells(response.content)
    assert not dangerous(cells)
    assert any(c.startswith("'") and c[1:] in FORMULAS for c in cells)
