"""The parameter library and parameter pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.knowledge.models import Parameter, Status
from tests.knowledge.builders import make_parameter, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def parameters():
    pssru = make_source(key="pssru2024", authors="Jones K, Burns A", year=2024, grade="B")
    return {
        "hourly": make_parameter(
            key="band7_hourly",
            name="Band 7 psychologist, per hour",
            category=Parameter.Category.UNIT_COST,
            value=Decimal("1234.500000"),
            unit="GBP per hour",
            price_year="2023/24",
            low=Decimal("100"),
            high=Decimal("150.25"),
            mark=Parameter.Mark.VERIFIED,
            source=pssru,
        ),
        "derived": make_parameter(
            key="cost_per_family",
            name="Cost per family (derived)",
            category=Parameter.Category.PER_CASE_COST,
            value=Decimal("8100000000"),
            unit="GBP per family",
            price_year="",
            mark=Parameter.Mark.DERIVED,
            notes="Total spend 1,000,000 divided by 400 families.",
            source=pssru,
        ),
        "draft": make_parameter(key="draft_value", name="Draft value", status=Status.DRAFT),
    }


def test_the_library_groups_values_by_category_in_captioned_tables(client, parameters):
    response = client.get(reverse("knowledge:parameter_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>Unit cost of staff time: 1 value</caption>" in html
    assert "<caption>Cost per case: 1 value</caption>" in html
    assert "Prevalence" not in html  # empty categories are left out
    assert (
        '<th scope="row"><a href="/knowledge/parameters/band7_hourly/">'
        "Band 7 psychologist, per hour</a></th>" in html
    )
    assert '1,234.5 <span class="kb-unit">GBP per hour</span>' in html
    assert "<td>2023/24</td>" in html and "<td>Not given</td>" in html
    assert (
        '<span class="kb-mark">V</span> <span class="small">Verified against the cited source'
        in html
    )
    assert '<span class="kb-mark">D</span> <span class="small">Derived by the editors' in html
    assert '<span class="kb-grade">B</span>' in html
    assert '<a href="/knowledge/sources/pssru2024/">Jones and Burns (2024)</a>' in html
    assert "Draft value" not in html


def test_a_parameter_page_shows_the_value_range_and_source(client, parameters):
    response = client.get(reverse("knowledge:parameter", args=["band7_hourly"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Band 7 psychologist, per hour</h1>" in html
    assert 'aria-current="page">Band 7 psychologist, per hour</li>' in html
    assert "Low 100, high 150.25" in html
    assert "B: a single trial or robust quantitative or economic study" in html
    assert "How it was worked out" not in html


def test_a_derived_value_shows_its_working(client, parameters):
    html = client.get(reverse("knowledge:parameter", args=["cost_per_family"])).content.decode()
    assert "8,100,000,000" in html
    assert "<h2>How it was worked out</h2>" in html
    assert "Total spend 1,000,000 divided by 400 families." in html
    assert "No range given" in html


@pytest.mark.parametrize("key", ["draft_value", "no_such_value"])
def test_unpublished_and_unknown_parameters_are_404(client, parameters, key):
    assert client.get(reverse("knowledge:parameter", args=[key])).status_code == 404
