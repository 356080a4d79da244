"""Every money value in the parameter library has a price year: a financial year such
as 2023/24, or "not known" when the source gives none. Values that are not money have
none. Stored whole-number years (2024 meant 2023/24 prices) are converted by a
migration."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commissioning.knowledge.models import Parameter
from commissioning.prices.deflators import NOT_KNOWN, is_money_unit, parse_year
from tests.knowledge.builders import make_parameter

CONTENT = Path(__file__).resolve().parents[2] / "commissioning/knowledge/content/parameters.json"
SHIPPED = {p["key"]: p for p in json.loads(CONTENT.read_text(encoding="utf-8"))}


def test_every_shipped_money_value_has_a_price_year_and_nothing_else_has_one():
    for key, item in SHIPPED.items():
        if is_money_unit(item["unit"]):
            year = item["price_year"]
            assert year == NOT_KNOWN or parse_year(year) is not None, key
        else:
            assert item["price_year"] is None, key


@pytest.mark.parametrize(
    ("key", "year"),
    [
        ("pssru2024_sci_prof_band7_annual", "2023/24"),
        ("pssru2023_sci_prof_band7_hourly", "2022/23"),
        ("pssru2025_sci_prof_band7_hourly", "2024/25"),
        ("pssru2025_nurse_band6_hourly", "2024/25"),
        ("pssru2025_social_worker_adult_hourly", "2024/25"),
        ("lac_cost_per_child_year_2013", "2012/13"),
        ("ncc_perinatal_community_contact", "2023/24"),
        ("ncc_perinatal_admitted_bed_day", "2021/22"),
        ("specialist_community_nurse_hourly_2014", "2013/14"),
        ("conti_maltreatment_lifetime_cost_per_case", NOT_KNOWN),
        ("green_book_qaly_value_2022", NOT_KNOWN),
    ],
)
def test_price_years_from_the_reference(key, year):
    assert SHIPPED[key]["price_year"] == year


def test_the_2025_manual_revises_the_nhs_cost_inflation_index():
    assert SHIPPED["nhs_cost_inflation_2023_24_revised"]["value"] == "0.0247"
    assert SHIPPED["nhs_cost_inflation_2024_25"]["value"] == "0.0402"


@pytest.mark.django_db
def test_a_curator_cannot_save_money_without_a_price_year():
    parameter = make_parameter(key="band7", unit="GBP per hour", price_year="2023/24")
    parameter.full_clean()
    parameter.price_year = ""
    with pytest.raises(ValidationError, match="needs a price year such as 2023/24"):
        parameter.full_clean()
    parameter.price_year = NOT_KNOWN
    parameter.full_clean()
    assert not parameter.price_year_known
    parameter.unit, parameter.price_year = "fraction", "2023/24"
    with pytest.raises(ValidationError, match="Only a value in pounds"):
        parameter.full_clean()


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_stored_years():
    executor = MigrationExecutor(connection)
    before, after = (
        [("knowledge", "0001_initial")],
        [("knowledge", "0002_parameter_price_year_financial_year")],
    )
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Source = apps.get_model("knowledge", "Source")
    Old = apps.get_model("knowledge", "Parameter")
    source = Source.objects.create(key="s", authors="A", title="T", kind="report", grade="B")
    rows = {
        "a_unit_cost": ("GBP per hour", 2024),
        "an_old_cost": ("GBP per week", 2016),
        "pssru2025_x": ("GBP per hour", None),
        "a_cost_without_year": ("GBP per case", None),
        "a_rate": ("rate per year", 2024),
    }
    for key, (unit, year) in rows.items():
        Old.objects.create(
            key=key,
            name=key,
            category="other",
            value=1,
            unit=unit,
            price_year=year,
            source=source,
            mark="V",
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    years = dict(Parameter.objects.values_list("key", "price_year"))
    assert years == {
        "a_unit_cost": "2023/24",
        "an_old_cost": "2015/16",
        "pssru2025_x": "2024/25",
        "a_cost_without_year": NOT_KNOWN,
        "a_rate": "",
    }
