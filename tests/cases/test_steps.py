"""Each builder step's changes: library choices and own figures with sources, staff
and outcome lines, adjustments, timescales and the narrative; engine errors mapped to
fields; and the task list."""

import dataclasses
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.assessment.diagnosis import GroupScoreLine, PriorityLine
from commissioning.cases import defaults, steps
from commissioning.cases.economics import parse_case
from commissioning.cases.models import Case, CaseVersion
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401
from tests.cases.test_document import DIAGNOSIS

D = Decimal


def post(client, case, slug, **changes):
    return client.post(
        reverse("cases:step", args=[case.pk, slug]), page_data(case, slug, **changes)
    )


def saved(response, case):
    assert response.status_code == 302, [e.message for e in response.context["errors"]]
    case.refresh_from_db()
    return parse_case(case.inputs)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_a_new_case_cites_the_library_for_its_defaults(case, library):
    assert case.provenance["prevalence"] == {
        "origin": "library",
        "parameters": ["prevalence_disorganised_attachment_low_risk"],
    }
    assert case.provenance["outcomes[0].value_per_case"]["parameters"] == [
        "conti_maltreatment_lifetime_cost_per_case"
    ]
    assert case.provenance["unit_costs.Band 5"]["parameters"] == [
        "pssru2024_sci_prof_band5_hourly",
        "pssru2024_sci_prof_working_hours",
    ]
    assert "evidence grade A" in case.inputs["prevalence"]["source"]


def test_it_takes_a_prevalence_from_the_library(signed_in, case):
    response = post(
        signed_in, case, "need", prevalence_choice="prevalence_perinatal_mh_one_in_five"
    )
    inputs = saved(response, case)
    assert inputs.prevalence == D("0.2")
    assert case.provenance["prevalence"]["parameters"] == ["prevalence_perinatal_mh_one_in_five"]
    assert response.url == reverse("cases:step", args=[case.pk, "service"])


def test_an_own_figure_needs_a_source_and_replaces_the_library_value(signed_in, case):
    response = post(signed_in, case, "need", prevalence_choice="own", prevalence="12.5")
    assert response.status_code == 200
    assert "Enter where this figure comes from" in response.text
    response = post(
        signed_in,
        case,
        "need",
        prevalence_choice="own",
        prevalence="12.5",
        prevalence_source="Local JSNA 2025",
    )
    inputs = saved(response, case)
    assert inputs.prevalence == D("0.125")
    assert inputs.sources["prevalence"] == "Local JSNA 2025"
    assert case.provenance["prevalence"] == {"origin": "user"}


def test_an_own_births_figure_drops_the_illustrative_mark(signed_in, case):
    response = post(signed_in, case, "need", births="4200", births_source="ONS 2024 births")
    inputs = saved(response, case)
    assert inputs.births_per_year == 4200
    assert "births_per_year" not in inputs.illustrative
    # The template's range no longer brackets 4,200, so the default range applies.
    assert "births_per_year" not in inputs.ranges


def test_an_empty_capacity_removes_the_cap(signed_in, case):
    inputs = saved(post(signed_in, case, "need", capacity="", capacity_choice="own"), case)
    assert inputs.capacity_families_per_year is None


def test_the_library_capacity_can_be_chosen(signed_in, case):
    response = post(signed_in, case, "need", capacity_choice="families_per_team_per_year")
    assert saved(response, case).capacity_families_per_year == 86


def test_save_and_return_goes_to_the_task_list(signed_in, case):
    response = post(signed_in, case, "need", save_and_return="1")
    assert response.url == reverse("cases:tasks", args=[case.pk])


def test_a_staff_line_is_added_with_a_library_band(signed_in, case):
    count = len(case.inputs["staff"])
    response = post(
        signed_in,
        case,
        "service",
        **{
            f"staff-{count}-role": "Parent-infant therapist",
            f"staff-{count}-band": "Band 7",
            f"staff-{count}-wte": "0.5",
        },
    )
    inputs = saved(response, case)
    assert inputs.staff[-1].role == "Parent-infant therapist"
    # PSSRU 2024 (2023/24 prices) uprated to the case's 2024/25: x 100 / 96.1117.
    assert inputs.unit_costs["Band 7"] == D("111196.66")
    case.refresh_from_db()
    stored = case.inputs["unit_costs"]["Band 7"]
    assert (stored["value"], stored["price_year"]) == (106873, "2023/24")
    assert case.provenance["unit_costs.Band 7"]["parameters"] == ["pssru2024_sci_prof_band7_annual"]


def test_an_own_staff_cost_needs_a_source(signed_in, case):
    response = post(signed_in, case, "service", **{"staff-0-annual_cost": "150000"})
    assert "Enter where this cost comes from" in response.text
    response = post(
        signed_in,
        case,
        "service",
        **{"staff-0-annual_cost": "150000", "staff-0-source": "Trust pay scales 2025"},
    )
    inputs = saved(response, case)
    assert inputs.staff[0].annual_cost_per_wte == 150000
    assert case.provenance["staff[0]"] == {"origin": "user"}


def test_a_staff_line_needs_a_band_or_a_cost(signed_in, case):
    response = post(signed_in, case, "service", **{"staff-0-band": "", "staff-0-annual_cost": ""})
    assert "Enter the annual cost per WTE, or select a pay band" in response.text


def test_removing_a_staff_line_moves_its_provenance(signed_in, case, library):
    post(
        signed_in,
        case,
        "service",
        **{"staff-1-annual_cost": "130000", "staff-1-source": "Quote"},
    )
    case.refresh_from_db()
    assert case.provenance["staff[1]"] == {"origin": "user"}
    response = post(signed_in, case, "service", **{"staff-0-DELETE": "on"})
    inputs = saved(response, case)
    assert inputs.staff[0].annual_cost_per_wte == 130000
    assert case.provenance["staff[0]"] == {"origin": "user"}
    assert "staff[1]" not in case.provenance


def test_an_outcome_value_is_picked_from_the_library(signed_in, case):
    response = post(
        signed_in,
        case,
        "outcomes",
        **{"outcomes-2-value_choice": "bauer2014_depression_cost_per_case_child"},
    )
    inputs = saved(response, case)
    assert inputs.outcomes[2].value_per_case == 51000
    assert case.provenance["outcomes[2].value_per_case"]["parameters"] == [
        "bauer2014_depression_cost_per_case_child"
    ]


def test_a_changed_effect_needs_a_source(signed_in, case):
    response = post(
        signed_in,
        case,
        "outcomes",
        **{"outcomes-0-relative_reduction": "40", "outcomes-0-effect_source": ""},
    )
    assert "Enter where this figure comes from" in response.text
    response = post(
        signed_in,
        case,
        "outcomes",
        **{"outcomes-0-relative_reduction": "40", "outcomes-0-effect_source": "Trial X"},
    )
    inputs = saved(response, case)
    assert inputs.outcomes[0].relative_reduction == D("0.4")
    assert case.provenance["outcomes[0].relative_reduction"] == {"origin": "user"}


def test_an_outcome_can_be_added_and_removed(signed_in, case):
    n = len(case.inputs["outcomes"])
    response = post(
        signed_in,
        case,
        "outcomes",
        **{
            "outcomes-0-DELETE": "on",
            f"outcomes-{n}-name": "School readiness",
            f"outcomes-{n}-value_choice": "own",
            f"outcomes-{n}-value_per_case": "1200",
            f"outcomes-{n}-value_source": "Local estimate",
            f"outcomes-{n}-baseline_risk": "30",
            f"outcomes-{n}-risk_source": "EYFS profile",
            f"outcomes-{n}-relative_reduction": "10",
            f"outcomes-{n}-effect_source": "Review",
            f"outcomes-{n}-value_type": "economic",
            f"outcomes-{n}-agency": "Schools",
        },
    )
    inputs = saved(response, case)
    assert len(inputs.outcomes) == n
    assert inputs.outcomes[-1].name == "School readiness"
    # The first outcome's library provenance left with it; the second's moved up.
    assert case.provenance["outcomes[0].value_per_case"]["parameters"] == [
        "lac_cost_per_child_year_2013"
    ]


def test_every_outcome_cannot_be_removed(signed_in, case):
    n = len(case.inputs["outcomes"])
    before = case.version
    response = post(signed_in, case, "outcomes", **{f"outcomes-{i}-DELETE": "on" for i in range(n)})
    assert response.status_code == 200
    assert "Keep at least one outcome" in response.text
    case.refresh_from_db()
    assert case.version == before


def test_adjustments_take_a_band_and_cite_the_library(signed_in, case):
    response = post(
        signed_in,
        case,
        "adjustments",
        deadweight="0.25",
        attribution="0.5",
        attribution_reason="Health visiting does half the work",
    )
    inputs = saved(response, case)
    assert inputs.deadweight == D("0.25")
    assert case.provenance["deadweight"]["parameters"] == ["sroi_deadweight_band_25"]
    assert inputs.attribution == D("0.5")
    assert inputs.sources["attribution"] == "Health visiting does half the work"
    assert case.provenance["attribution"] == {"origin": "user"}


def test_adjustments_refuse_a_value_outside_the_bands(signed_in, case):
    response = post(signed_in, case, "adjustments", displacement="0.3")
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_optimism_bias_can_come_from_the_library(signed_in, case):
    response = post(signed_in, case, "adjustments", ob_costs_choice="ob_outsourcing_opex_lower")
    assert saved(response, case).optimism_bias_costs == 0


def test_a_flat_discount_rate_replaces_the_green_book(signed_in, case):
    response = post(
        signed_in,
        case,
        "timescales",
        method="flat",
        flat_rate_choice="nice_alternative_discount_rate",
    )
    inputs = saved(response, case)
    assert inputs.discounting.method == "flat"
    assert inputs.discounting.standard == ((0, D("0.015")),)
    response = post(signed_in, case, "timescales", method="green_book")
    assert saved(response, case).discounting.method == "green_book"


def test_service_years_longer_than_the_horizon_are_shown_on_the_field(signed_in, case):
    before = case.version
    response = post(signed_in, case, "timescales", horizon="2", service="3")
    assert response.status_code == 200
    assert "Enter a number of service years no greater than the horizon (2)" in response.text
    assert 'href="#id_service"' in response.text
    case.refresh_from_db()
    assert case.version == before


def test_the_narrative_is_saved_without_touching_the_inputs(signed_in, case):
    inputs = case.inputs
    response = post(signed_in, case, "narrative", summary_recommendation="Fund the team.")
    assert response.url == reverse("cases:results", args=[case.pk])
    case.refresh_from_db()
    assert case.narrative == {"summary_recommendation": "Fund the team."}
    assert case.inputs == inputs


def test_the_narrative_page_shows_the_self_assessment(signed_in, case, monkeypatch):
    monkeypatch.setattr(
        "commissioning.cases.selectors.diagnosis_for",
        lambda c: dataclasses.replace(
            DIAGNOSIS,
            title="Spring review",
            area_name="Northborough",
            submitted_at=None,
            sections=(GroupScoreLine("s1", "Leadership", D(40), 2, 0, 0, 2),),
            priorities=(PriorityLine("funding", "Short-term funding", D(1), ("s1-1",)),),
        ),
    )
    response = signed_in.get(reverse("cases:step", args=[case.pk, "narrative"]))
    assert "From your self-assessment" in response.text
    assert "Short-term funding" in response.text


def test_a_stale_page_is_refused(signed_in, case):
    data = page_data(case, "need", births="4000", births_source="ONS")
    post(signed_in, case, "narrative", summary_recommendation="x")  # someone else saves
    case.refresh_from_db()
    response = signed_in.post(reverse("cases:step", args=[case.pk, "need"]), data)
    assert response.status_code == 200
    assert "Someone else changed this case" in response.text
    case.refresh_from_db()
    assert defaults.get_value(case.inputs, "births_per_year") == 5000


def test_the_task_list_shows_what_has_been_saved(signed_in, case):
    post(signed_in, case, "need")
    case.refresh_from_db()
    statuses = {t["step"].slug: t["status"] for t in steps.task_list(case)}
    assert statuses["need"] == "Completed"
    assert statuses["service"] == "Not yet checked"
    response = signed_in.get(reverse("cases:tasks", args=[case.pk]))
    assert "Completed" in response.text


def test_an_unknown_step_is_404(signed_in, case):
    assert signed_in.get(reverse("cases:step", args=[case.pk, "nonsense"])).status_code == 404


def test_every_save_writes_a_version(signed_in, case):
    post(signed_in, case, "need")
    post(signed_in, Case.objects.get(pk=case.pk), "service")
    assert list(CaseVersion.objects.filter(case=case).values_list("number", flat=True)) == [3, 2, 1]


def test_a_submitted_self_assessment_reaches_the_narrative_and_the_document(
    signed_in, alice, north, case
):
    from commissioning.assessment.services import assessment_submit
    from tests.assessment.support import answer_all, make_assessment, make_small_instrument

    make_small_instrument()
    draft = make_assessment(organisation=north, user=alice, title="Draft review")
    answer_all(draft, alice, 1)
    narrative = reverse("cases:step", args=[case.pk, "narrative"])
    assert "From your self-assessment" not in signed_in.get(narrative).text

    submitted = make_assessment(organisation=north, user=alice, title="Spring review 2026")
    answer_all(submitted, alice, 3)
    assessment_submit(assessment=submitted, user=alice)
    text = signed_in.get(narrative).text
    assert "From your self-assessment" in text
    assert "Spring review 2026" in text and "Draft review" not in text
    assert "Section 1" in text  # the readiness profile, without typing it again
    document = signed_in.get(reverse("cases:document", args=[case.pk]))
    assert document.context["strategic"]["diagnosis"]["title"] == "Spring review 2026"
    assert "Spring review 2026" in document.text
