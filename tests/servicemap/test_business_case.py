"""The service map in the business case's strategic case: the typed summary goes in
through ``document_context(service_map=...)`` and comes out, escaped, in the HTML,
the print HTML, the PDF and the CSV."""

import csv
import io
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from commissioning.cases.document import (
    business_case_csv,
    render_business_case_html,
    render_business_case_pdf,
)
from commissioning.servicemap.selectors import service_map_for
from commissioning.servicemap.summary import ServiceLine, ServiceMapSummary, summarise
from tests.cases.test_document import analysis_of, context_for, load
from tests.servicemap.support import HOSTILE, add_service, make_map

TODAY = date(2026, 12, 6)


def hostile_summary() -> ServiceMapSummary:
    services = (
        ServiceLine(
            level="specialist",
            sector="camhs_imh",
            name=HOSTILE,
            provider=HOSTILE,
            ages=HOSTILE,
            criteria=HOSTILE,
            exclusions=HOSTILE,
            capacity=80,
            funding_route="grant",
            funding_ends=date(2027, 3, 31),
            specialised_team=True,
            source=HOSTILE,
        ),
        ServiceLine(level="universal", sector="health_visiting", name="Mandated", provider="HV"),
    )
    return ServiceMapSummary(
        map_id=1,
        organisation_name=HOSTILE,
        area_name=HOSTILE,
        area_code="E08000037",
        version=4,
        updated_at=datetime(2026, 12, 1, 10, 0),
        updated_by="Alice North",
        services=services,
        gaps=summarise(services, [("targeted", "midwifery")], TODAY),
    )


@pytest.fixture(scope="module")
def analysis():
    return analysis_of(load("new-team"), 200)


@pytest.fixture(scope="module")
def context(analysis):
    return context_for(load("new-team"), analysis, service_map=hostile_summary())


def test_the_strategic_case_shows_existing_arrangements_and_need(context):
    block = context["strategic"]["service_map"]
    assert block["version"] == 4
    assert "records 2 services" in " ".join(block["existing"])
    need = " ".join(block["need"])
    assert "No service is recorded at the targeted level." in need
    assert "1 service has time-limited funding" in need
    html = render_business_case_html(context)
    assert "Existing arrangements and the gaps" in html
    assert 'id="chart-service-map"' in html
    assert "The area has a specialised parent-infant relationship team" in html


def test_without_a_map_the_case_says_so(analysis):
    context = context_for(load("new-team"), analysis)
    assert context["strategic"]["service_map"] is None
    assert "No local service map is linked to this case" in render_business_case_html(context)


@pytest.mark.parametrize("standalone", [False, True])
def test_map_text_is_escaped_in_the_html(context, standalone):
    html = render_business_case_html(context, standalone=standalone)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_map_text_is_text_in_the_pdf(context):
    reader = PdfReader(io.BytesIO(render_business_case_pdf(context)))
    assert reader.attachments == {}
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Existing arrangements and the gaps" in text
    assert "<script>alert(1)</script>" in text  # shown, harmlessly, as text


def test_map_rows_in_the_csv_are_formula_safe(analysis):
    body = business_case_csv(load("new-team"), analysis, service_map=hostile_summary())
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + HOSTILE in cells
    assert "Specialised parent-infant relationship team" in cells
    assert not any(cell.startswith("=HYPERLINK") for cell in cells)
    assert "'" + HOSTILE not in business_case_csv(load("new-team"), analysis)


def test_service_map_for_a_case_prefers_the_map_of_its_area(north, alice, south):
    gateshead = make_map(north, alice, "Gateshead")
    gateshead.area_code = "E08000037"
    gateshead.save()
    newer = make_map(north, alice, "Elsewhere")
    add_service(newer, alice)
    case = SimpleNamespace(
        organisation_id=north.pk,
        provenance={"births_per_year": {"origin": "area", "code": "E08000037"}},
    )
    assert service_map_for(case).area_name == "Gateshead"
    no_area = SimpleNamespace(organisation_id=north.pk, provenance={})
    summary = service_map_for(no_area)
    assert summary.area_name == "Elsewhere" and len(summary.services) == 1
    assert service_map_for(SimpleNamespace(organisation_id=south.pk, provenance={})) is None
