"""Starting values: templates, library defaults with their provenance, and the helpers
that write numbers into the case's JSON."""

import json
from decimal import Decimal

import pytest

from commissioning.cases import defaults
from commissioning.cases.economics import parse_case
from commissioning.cases.models import Case
from tests.cases.test_builder_fixtures import library_fixture  # noqa: F401
from tests.knowledge.builders import load_shipped_content

D = Decimal
KINDS = [kind for kind, _ in Case.Kind.choices]


@pytest.mark.parametrize("kind", KINDS)
def test_every_template_is_a_valid_case_on_its_own(kind):
    spec = defaults.template(kind)
    assert spec["kind"] == kind
    parse_case(spec["case"])


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_with_no_library_the_template_values_stand(kind):
    data, provenance = defaults.starting_case(kind=kind, title="T", library=defaults.Library([]))
    assert provenance == {}
    assert data == {**defaults.template(kind)["case"], "name": "T"}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_with_the_shipped_library_every_named_parameter_is_used(kind):
    load_shipped_content()
    library = defaults.Library.load()
    data, provenance = defaults.starting_case(kind=kind, title="T", library=library)
    parse_case(data)
    for path in defaults.template(kind)["parameters"]:
        assert provenance[path]["origin"] == "library", path
    bands = {line["band"] for line in data["staff"]}
    assert {f"unit_costs.{band}" for band in bands} <= set(provenance)


@pytest.mark.django_db
def test_a_derived_band_cost_multiplies_its_parameters(library):
    cost = defaults.Library.load().band_cost("Band 5")
    assert cost.value == D(69256)
    assert cost.derived
    assert [p.key for p in cost.parameters] == [
        "pssru2024_sci_prof_band5_hourly",
        "pssru2024_sci_prof_working_hours",
    ]


@pytest.mark.django_db
def test_a_library_value_brings_its_citation(library):
    data, _ = defaults.starting_case(kind="new_team", title="T", library=defaults.Library.load())
    source = data["prevalence"]["source"]
    assert source.startswith("Parameter library: Disorganised attachment")
    assert "van IJzendoorn et al. (1999)" in source
    assert "evidence grade A" in source and "(V)" in source
    band = data["unit_costs"]["Band 5"]["source"]
    assert band.startswith("Derived from the parameter library")
    assert "2023/24 prices" in band
    assert data["unit_costs"]["Band 5"]["price_year"] == "2023/24"


@pytest.mark.django_db
def test_drafts_are_never_offered(library):
    lib = defaults.Library.load()
    assert "prevalence_draft" not in {p.key for p in lib.prevalence()}
    assert lib.get("prevalence_draft") is None


@pytest.mark.django_db
def test_choices_fit_the_inputs_they_are_offered_for(library):
    lib = defaults.Library.load()
    assert all(0 <= p.value <= 1 for p in lib.prevalence())
    assert {p.key for p in lib.per_case_values()} == {
        "conti_maltreatment_lifetime_cost_per_case",
        "lac_cost_per_child_year_2013",
        "bauer2014_depression_cost_per_case_child",
    }
    assert {p.key for p in lib.discount_rates()} == {
        "stpr_years_0_30",
        "nice_alternative_discount_rate",
    }
    assert lib.adjustment_band("deadweight", D("0.25")).key == "sroi_deadweight_band_25"
    assert lib.adjustment_band("deadweight", D("0.1")) is None


def test_set_number_keeps_a_range_that_still_brackets_the_value():
    data = {"reach": {"value": 0.2, "low": 0.15, "high": 0.25, "illustrative": True}}
    defaults.set_number(data, "reach", D("0.22"), source="Local plan")
    assert data["reach"] == {"value": 0.22, "low": 0.15, "high": 0.25, "source": "Local plan"}
    defaults.set_number(data, "reach", D("0.5"), source="Local plan")
    assert data["reach"] == {"value": 0.5, "source": "Local plan"}


def test_set_number_writes_into_lists_and_tables():
    data = {"outcomes": [{"lag_years": 1}], "unit_costs": {}}
    defaults.set_number(data, "outcomes[0].lag_years", D(2), source=None)
    defaults.set_number(data, "unit_costs.Band 7", D(100), source="PSSRU")
    assert data["outcomes"][0]["lag_years"] == 2
    assert data["unit_costs"]["Band 7"] == {"value": 100, "source": "PSSRU"}
    assert defaults.get_value(data, "unit_costs.Band 7") == 100
    assert defaults.get_value(data, "outcomes[3].lag_years") is None


@pytest.mark.parametrize(
    ("value", "stored"),
    [(D("5000"), 5000), (D("0.15"), 0.15), (D("0.1234567890123456"), "0.1234567890123456")],
)
def test_json_numbers_round_trip_exactly(value, stored):
    result = defaults.json_number(value)
    assert result == stored
    assert D(str(json.loads(json.dumps(result)))) == value


def test_reindex_moves_and_drops_provenance():
    provenance = {
        "outcomes[0].value_per_case": "a",
        "outcomes[1].value_per_case": "b",
        "outcomes[2].baseline_risk": "c",
        "prevalence": "d",
    }
    assert defaults.reindex(provenance, "outcomes", {1: 0, 2: 1}) == {
        "outcomes[0].value_per_case": "b",
        "outcomes[1].baseline_risk": "c",
        "prevalence": "d",
    }
