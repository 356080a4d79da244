"""Bad input never reaches the case: each is refused with a message on its field and
in the "There is a problem" summary, and the database (inputs, version, versions) is
left exactly as it was."""

import pytest
from django.urls import reverse

from commissioning.cases.models import Case, CaseVersion
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401

CASES = [
    # (step, field, typed, message)
    ("need", "births", "-5", "Births a year in your area must be between 0 and 1,000,000 births"),
    ("need", "births", "lots", "Births a year in your area must be a number"),
    ("need", "births", "NaN", "Births a year in your area must be a number"),
    ("need", "births", "inf", "Births a year in your area must be a number"),
    ("need", "births", "-Infinity", "Births a year in your area must be a number"),
    ("need", "births", "1e30", "Births a year in your area must be between 0 and 1,000,000 births"),
    ("need", "births", "5000.5", "Births a year in your area must be a whole number"),
    ("need", "births", "", "Enter the number of births a year"),
    ("need", "reach", "150", "must be a percentage between 0% and 100%"),
    ("need", "reach", "-1", "must be a percentage between 0% and 100%"),
    ("need", "reach", "", "Enter the share of families in need the service will reach"),
    ("need", "capacity", "0", "must be between 1 and 1,000,000 families"),
    (
        "outcomes",
        "outcomes-0-relative_reduction",
        "101",
        "Relative reduction in risk must be a percentage between 0% and 100%",
    ),
    (
        "outcomes",
        "outcomes-0-baseline_risk",
        "1e30",
        "Baseline risk must be a percentage between 0% and 100%",
    ),
    (
        "outcomes",
        "outcomes-0-value_per_case",
        "1e30",
        "Your value per case (£) must be between £0 and £10,000,000",
    ),
    (
        "outcomes",
        "outcomes-0-duration_years",
        "0",
        "Duration (years) must be between 1 and 60 years",
    ),
    ("outcomes", "outcomes-0-name", "", "Enter a name for the outcome"),
    ("service", "staff-0-wte", "-1", "must be between 0 and 1,000"),
    ("service", "staff-0-wte", "nan", "must be a number"),
    ("service", "setup", "1e30", "must be between £0 and £100,000,000"),
    ("service", "non_staff-0-annual_cost", "", "Enter the cost a year"),
    ("adjustments", "ob_benefits", "100.5", "must be a percentage between 0% and 100%"),
    ("timescales", "horizon", "0", "Appraisal horizon (years) must be between 1 and 60 years"),
    ("timescales", "horizon", "500", "Appraisal horizon (years) must be between 1 and 60 years"),
    ("timescales", "horizon", "", "Enter the appraisal horizon"),
    ("timescales", "service", "2.5", "must be a whole number"),
]


def _own(step: str, field: str) -> dict[str, str]:
    """Choose "my own figure" where the field sits under a library choice."""
    if step == "outcomes" and field.endswith("value_per_case"):
        return {"outcomes-0-value_choice": "own", "outcomes-0-value_source": "x"}
    if field == "capacity":
        return {"capacity_choice": "own", "capacity_source": "x"}
    return {}


def _snapshot(case: Case) -> tuple:
    case.refresh_from_db()
    return (case.inputs, case.provenance, case.version, CaseVersion.objects.count())


@pytest.mark.django_db
@pytest.mark.parametrize(("step", "field", "typed", "message"), CASES)
def test_it_refuses_bad_input_and_saves_nothing(client, alice, case, step, field, typed, message):
    client.force_login(alice)
    before = _snapshot(case)
    data = page_data(case, step, **_own(step, field), **{field: typed})
    response = client.post(reverse("cases:step", args=[case.pk, step]), data)
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert f'href="#id_{field}"' in text  # the summary links to the field
    assert message in text
    assert f'id="id_{field}_error"' in text  # and the message sits beside the field
    assert "<title>Error: " in text
    assert _snapshot(case) == before


@pytest.mark.django_db
def test_a_percentage_field_says_its_convention_in_the_hint(client, alice, case):
    client.force_login(alice)
    text = client.get(reverse("cases:step", args=[case.pk, "need"])).text
    assert "A percentage from 0 to 100, for example 15 for 15%." in text


@pytest.mark.django_db
def test_one_bad_field_keeps_the_good_ones_unsaved_too(client, alice, case):
    client.force_login(alice)
    before = _snapshot(case)
    data = page_data(case, "need", births="4000", births_source="ONS", reach="200")
    response = client.post(reverse("cases:step", args=[case.pk, "need"]), data)
    assert response.status_code == 200
    assert _snapshot(case) == before


@pytest.mark.django_db
def test_a_whole_case_the_engine_rejects_is_not_half_saved(client, alice, case):
    """Each field is fine alone; together (service longer than the horizon) the engine
    refuses the case, and nothing is written."""
    client.force_login(alice)
    before = _snapshot(case)
    data = page_data(case, "timescales", horizon="5", service="10")
    response = client.post(reverse("cases:step", args=[case.pk, "timescales"]), data)
    assert "There is a problem" in response.text
    assert _snapshot(case) == before


@pytest.mark.django_db
def test_a_tampered_choice_is_refused(client, alice, case):
    client.force_login(alice)
    before = _snapshot(case)
    data = page_data(case, "need", prevalence_choice="prevalence_draft")
    response = client.post(reverse("cases:step", args=[case.pk, "need"]), data)
    assert "Select a valid choice" in response.text
    assert _snapshot(case) == before


@pytest.mark.django_db
def test_a_missing_management_form_is_refused(client, alice, case):
    client.force_login(alice)
    before = _snapshot(case)
    response = client.post(reverse("cases:step", args=[case.pk, "outcomes"]), {"seen_version": "1"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert _snapshot(case) == before
