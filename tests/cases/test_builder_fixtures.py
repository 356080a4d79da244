"""Shared builders for the case-builder tests: a small published parameter library, a
started case, and the POST data each builder page sends.

Imported by the other test_* modules of the builders; its own test checks the
library it builds is what the templates expect."""

from decimal import Decimal

import pytest

from commissioning.cases import defaults, services, steps
from commissioning.cases.models import Case
from commissioning.knowledge.models import Parameter, Source, Status

D = Decimal


def make_library() -> dict[str, Parameter]:
    """Published parameters the builders' templates name, plus a draft that must never
    be offered."""
    verified = Source.objects.create(
        key="pssru2024",
        authors="Jones K, Burns A",
        title="Unit Costs of Health and Social Care 2024",
        container="PSSRU",
        year=2024,
        kind=Source.Kind.REPORT,
        grade="D",
        status=Status.PUBLISHED,
    )
    study = Source.objects.create(
        key="vanijzendoorn1999",
        authors="van IJzendoorn MH, Schuengel C, Bakermans-Kranenburg MJ",
        title="Disorganized attachment in early childhood",
        container="Development and Psychopathology",
        year=1999,
        kind=Source.Kind.SYSTEMATIC_REVIEW,
        grade="A",
        status=Status.PUBLISHED,
    )
    rows = [
        (
            "prevalence_disorganised_attachment_low_risk",
            "Disorganised attachment in low-risk families",
            "prevalence",
            "0.15",
            "fraction",
            None,
            study,
        ),
        (
            "prevalence_perinatal_mh_one_in_five",
            "Perinatal mental health problems in women (around 1 in 5)",
            "prevalence",
            "0.2",
            "fraction",
            None,
            study,
        ),
        (
            "families_per_team_per_year",
            "Average families seen per team per year",
            "other",
            "86",
            "families per team per year",
            None,
            verified,
        ),
        (
            "ob_outsourcing_opex_upper",
            "Optimism bias, outsourcing, operating expenditure: upper",
            "optimism_bias",
            "0.41",
            "fraction (uplift to costs)",
            None,
            verified,
        ),
        (
            "ob_outsourcing_opex_lower",
            "Optimism bias, outsourcing, operating expenditure: lower",
            "optimism_bias",
            "0",
            "fraction (uplift to costs)",
            None,
            verified,
        ),
        (
            "sroi_attribution_band_25",
            "SROI attribution band: 25%",
            "adjustment",
            "0.25",
            "fraction",
            None,
            verified,
        ),
        (
            "sroi_deadweight_band_25",
            "SROI deadweight band: 25%",
            "adjustment",
            "0.25",
            "fraction",
            None,
            verified,
        ),
        (
            "sroi_displacement_band_0",
            "SROI displacement band: 0%",
            "adjustment",
            "0",
            "fraction",
            None,
            verified,
        ),
        (
            "conti_maltreatment_lifetime_cost_per_case",
            "Lifetime cost per case of non-fatal child maltreatment",
            "per_case_cost",
            "89390",
            "GBP per case",
            None,
            study,
        ),
        (
            "lac_cost_per_child_year_2013",
            "Average spending per looked-after child",
            "unit_cost",
            "50000",
            "GBP per child per year",
            "2012/13",
            verified,
        ),
        (
            "bauer2014_depression_cost_per_case_child",
            "Perinatal depression: cost per case relating to the child",
            "per_case_cost",
            "51000",
            "GBP per case",
            None,
            study,
        ),
        (
            "pssru2024_sci_prof_band8a_annual",
            "Band 8a, total annual cost",
            "unit_cost",
            "120841",
            "GBP per year",
            "2023/24",
            verified,
        ),
        (
            "pssru2024_sci_prof_band8c_annual",
            "Band 8c, total annual cost",
            "unit_cost",
            "166758",
            "GBP per year",
            "2023/24",
            verified,
        ),
        (
            "pssru2024_sci_prof_band7_annual",
            "Band 7, total annual cost",
            "unit_cost",
            "106873",
            "GBP per year",
            "2023/24",
            verified,
        ),
        (
            "pssru2024_sci_prof_band5_hourly",
            "Band 5, cost per working hour",
            "unit_cost",
            "44",
            "GBP per working hour",
            "2023/24",
            verified,
        ),
        (
            "pssru2024_sci_prof_working_hours",
            "Working hours per year",
            "other",
            "1574",
            "hours per year",
            None,
            verified,
        ),
        (
            "stpr_years_0_30",
            "Green Book Social Time Preference Rate, years 0-30",
            "discount_rate",
            "0.035",
            "rate per year",
            None,
            verified,
        ),
        (
            "nice_alternative_discount_rate",
            "NICE alternative discount rate",
            "discount_rate",
            "0.015",
            "rate per year",
            None,
            verified,
        ),
    ]
    made = {}
    for key, name, category, value, unit, price_year, source in rows:
        made[key] = Parameter.objects.create(
            key=key,
            name=name,
            category=category,
            value=D(value),
            unit=unit,
            price_year=price_year or ("not known" if unit.startswith("GBP") else ""),
            source=source,
            mark="V",
            status=Status.PUBLISHED,
        )
    made["draft"] = Parameter.objects.create(
        key="prevalence_draft",
        name="A draft prevalence",
        category="prevalence",
        value=D("0.5"),
        unit="fraction",
        source=study,
        mark="U",
        status=Status.DRAFT,
    )
    return made


@pytest.fixture(name="library")
def library_fixture(db):
    return make_library()


@pytest.fixture(name="case")
def case_fixture(alice, north, library) -> Case:
    return services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="Northborough team"
    )


def page_data(case: Case, slug: str, **changes: str) -> dict[str, str]:
    """What the browser would POST for ``slug`` with nothing changed, then ``changes``."""
    page = steps.get_step(slug).page(case, defaults.Library.load())
    data: dict[str, str] = {"seen_version": str(case.version)}
    for part in page.parts():
        forms = part.forms if hasattr(part, "forms") else [part]
        if hasattr(part, "management_form"):
            for bound in part.management_form:
                data[bound.html_name] = str(bound.value())
        for form in forms:
            for bound in form:
                value = bound.value()
                if value is None or value is False:
                    continue
                if bound.name == "DELETE":
                    continue
                data[bound.html_name] = "on" if value is True else str(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def test_the_library_has_what_the_templates_name(library):  # noqa: F811
    lib = defaults.Library.load()
    assert lib.get("prevalence_draft") is None
    assert [p.key for p in lib.prevalence()] == [
        "prevalence_disorganised_attachment_low_risk",
        "prevalence_perinatal_mh_one_in_five",
    ]
    assert lib.band_cost("Band 5").value == D(44 * 1574)
