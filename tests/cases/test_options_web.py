"""Options in the case builder: add as a copy, rename, delete, edit an option's inputs
through the builder steps, the preferred option, permissions (others get 404), nothing
half-saved, the comparison on the results page and in the business case, and the action
plan in the management case."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.assessment.models import Assessment, PlanItem
from commissioning.cases import document, option_services, selectors, services
from commissioning.cases.economics import CaseInvalid
from commissioning.cases.models import CaseOption, CaseVersion
from tests.assessment.support import make_assessment, make_small_instrument
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401

D = Decimal


@pytest.fixture
def shortlist(case, alice):
    """The case with a second option, a copy of the first with less staff time."""
    option = option_services.option_add(case=case, user=alice, name="Do minimum")
    inputs = selectors.option_as_case(case, option).inputs
    inputs["staff"] = [dict(inputs["staff"][0], wte=0.2)]
    case.refresh_from_db()
    option_services.option_save(case=case, user=alice, option=option, inputs=inputs)
    case.refresh_from_db()
    return case


@pytest.mark.django_db
def test_an_option_starts_as_a_copy_and_each_change_is_a_version(case, alice):
    option = option_services.option_add(case=case, user=alice, name="Bigger team")
    case.refresh_from_db()
    assert case.version == 2 and option.inputs["staff"] == case.inputs["staff"]
    snapshot = CaseVersion.objects.get(case=case, number=2)
    assert [o["name"] for o in snapshot.options["others"]] == ["Bigger team"]
    # A copy is identical to its source: flagged, and so is the copy's name clash.
    comparison = selectors.comparison_for(case).comparison
    assert [f.option for f in comparison.flags] == ["Bigger team"]
    with pytest.raises(option_services.OptionRefused) as refused:
        option_services.option_add(case=case, user=alice, name=" bigger TEAM ")
    assert "already the name" in refused.value.errors["name"]
    assert CaseOption.objects.count() == 1


@pytest.mark.django_db
def test_at_most_four_options(case, alice):
    for name in ("Two", "Three", "Four"):
        option_services.option_add(case=case, user=alice, name=name)
    with pytest.raises(option_services.OptionRefused) as refused:
        option_services.option_add(case=case, user=alice, name="Five")
    assert refused.value.errors == {"name": option_services.TOO_MANY}


@pytest.mark.django_db
def test_an_option_cannot_change_the_shared_need(shortlist, alice):
    option = shortlist.options.get()
    inputs = selectors.option_as_case(shortlist, option).inputs
    before = (shortlist.version, option.inputs)
    inputs["births_per_year"] = 999
    with pytest.raises(CaseInvalid) as invalid:
        option_services.option_save(case=shortlist, user=alice, option=option, inputs=inputs)
    assert "Every option shares this" in invalid.value.errors["births_per_year"]
    shortlist.refresh_from_db()
    option.refresh_from_db()
    assert (shortlist.version, option.inputs) == before


@pytest.mark.django_db
def test_a_change_to_the_first_option_that_breaks_another_is_refused(shortlist, alice):
    # Every other option is checked with the first option's new shared inputs; an option
    # the engine refuses stops the save (here made invalid behind the services' back).
    option = shortlist.options.get()
    CaseOption.objects.filter(pk=option.pk).update(inputs={**option.inputs, "reach": 5})
    inputs = dict(shortlist.inputs, births_per_year=4000)
    with pytest.raises(CaseInvalid) as invalid:
        services.case_save(case=shortlist, user=alice, inputs=inputs)
    assert list(invalid.value.errors) == ['option "Do minimum"']
    assert "reach" in invalid.value.errors['option "Do minimum"']
    version = shortlist.version
    shortlist.refresh_from_db()
    assert shortlist.version == version and shortlist.inputs["births_per_year"] != 4000


@pytest.mark.django_db
def test_editing_an_option_through_the_builder_steps(client, alice, shortlist):
    option = shortlist.options.get()
    client.force_login(alice)
    url = reverse("cases:step", args=[shortlist.pk, "service"]) + f"?option={option.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert "You are editing the option: Do minimum" in response.text
    stand_in = selectors.option_as_case(shortlist, option)
    data = page_data(stand_in, "service", **{"staff-0-wte": "0.3"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url.endswith(f"/outcomes/?option={option.pk}")
    option.refresh_from_db()
    first = shortlist.inputs["staff"][0]["wte"]
    shortlist.refresh_from_db()
    assert D(str(option.inputs["staff"][0]["wte"])) == D("0.3")
    assert shortlist.inputs["staff"][0]["wte"] == first  # the first option is unchanged
    assert "service" in option.steps_done


@pytest.mark.django_db
def test_an_option_step_that_changes_births_shows_the_error_and_saves_nothing(
    client, alice, shortlist
):
    option = shortlist.options.get()
    client.force_login(alice)
    url = reverse("cases:step", args=[shortlist.pk, "need"]) + f"?option={option.pk}"
    stand_in = selectors.option_as_case(shortlist, option)
    response = client.post(url, page_data(stand_in, "need", births="4321"))
    assert response.status_code == 200
    assert "Every option shares this" in response.text
    version = shortlist.version
    shortlist.refresh_from_db()
    assert shortlist.version == version


@pytest.mark.django_db
def test_rename_delete_and_prefer_through_the_web(client, alice, shortlist):
    option = shortlist.options.get()
    client.force_login(alice)
    response = client.get(reverse("cases:options", args=[shortlist.pk]))
    assert response.status_code == 200 and "Do minimum" in response.text
    response = client.post(
        reverse("cases:option_name", args=[shortlist.pk, "main"]), {"name": "Do minimum"}
    )
    assert response.status_code == 200 and "already the name" in response.text
    client.post(reverse("cases:option_name", args=[shortlist.pk, "main"]), {"name": "Full team"})
    response = client.post(
        reverse("cases:prefer", args=[shortlist.pk]), {"preferred": str(option.pk), "reason": " "}
    )
    assert response.status_code == 200 and "Say why this option is preferred" in response.text
    client.post(
        reverse("cases:prefer", args=[shortlist.pk]),
        {"preferred": str(option.pk), "reason": "Affordable now."},
    )
    shortlist.refresh_from_db()
    assert (shortlist.option_label, shortlist.preferred_option) == ("Full team", str(option.pk))
    assert shortlist.preferred_reason == "Affordable now."
    response = client.post(reverse("cases:option_delete", args=[shortlist.pk, option.pk]))
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert not shortlist.options.exists() and shortlist.preferred_option == ""


@pytest.mark.django_db
def test_restoring_a_version_brings_its_options_back(shortlist, alice):
    option = shortlist.options.get()
    option_services.option_prefer(case=shortlist, user=alice, key=str(option.pk), reason="Why")
    shortlist.refresh_from_db()
    kept = shortlist.version
    option_services.option_delete(case=shortlist, user=alice, option=option)
    shortlist.refresh_from_db()
    services.case_restore(
        case=shortlist, user=alice, version=CaseVersion.objects.get(case=shortlist, number=kept)
    )
    shortlist.refresh_from_db()
    restored = shortlist.options.get()
    assert restored.name == "Do minimum" and shortlist.preferred_option == str(restored.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("cases:options", []),
        ("cases:option_name", ["main"]),
        ("cases:prefer", []),
        ("cases:option_delete", ["OPTION"]),
    ],
)
def test_others_get_404(client, bob, shortlist, name, args):
    option = shortlist.options.get()
    args = [str(option.pk) if a == "OPTION" else a for a in args]
    client.force_login(bob)
    url = reverse(name, args=[shortlist.pk, *args])
    # The preferred option is POST only: a GET is refused before the case is looked up.
    assert client.get(url).status_code == (405 if name == "cases:prefer" else 404)
    assert client.post(url, {"name": "X", "preferred": "main", "reason": "x"}).status_code == 404
    step = reverse("cases:step", args=[shortlist.pk, "need"]) + f"?option={option.pk}"
    assert client.get(step).status_code == 404
    assert shortlist.options.get().name == "Do minimum"


@pytest.mark.django_db
def test_an_option_of_another_case_is_404(client, alice, shortlist, north):
    other = services.case_create(organisation=north, user=alice, kind="new_team", title="Other")
    client.force_login(alice)
    option = shortlist.options.get()
    url = reverse("cases:step", args=[other.pk, "need"]) + f"?option={option.pk}"
    assert client.get(url).status_code == 404
    bad = reverse("cases:step", args=[shortlist.pk, "need"]) + "?option=x"
    assert client.get(bad).status_code == 404


@pytest.mark.django_db
def test_the_results_page_compares_the_options(client, alice, shortlist):
    client.force_login(alice)
    response = client.get(reverse("cases:results", args=[shortlist.pk]))
    assert response.status_code == 200
    text = response.text
    assert "The options compared with business as usual" in text
    assert "Preferred option: not recorded." in text
    assert "Do minimum" in text and "chart-options-npv" in text


def _plan(north, alice):
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.SUBMITTED, submitted_at=timezone.now()
    )
    PlanItem.objects.create(
        assessment=assessment,
        title="Agree referral routes",
        owner="Perinatal lead",
        due_date=datetime.date(2027, 3, 31),
    )
    PlanItem.objects.create(assessment=assessment, title="Name a <b>champion</b>")


@pytest.mark.django_db
def test_the_business_case_shows_the_options_and_the_action_plan(shortlist, alice, north):
    _plan(north, alice)
    options = selectors.comparison_for(shortlist)
    plan = selectors.action_plan_for(shortlist)
    assert [a.title for a in plan.actions] == ["Agree referral routes", "Name a <b>champion</b>"]
    context = document.document_context(
        case=options.detailed.inputs,
        analysis=options.analysis,
        narrative={},
        organisation_name="North Borough ICB",
        author_name="Alice North",
        diagnosis=None,
        generated_at=timezone.now(),
        options=options.comparison,
        action_plan=plan,
    )
    html = document.render_business_case_html(context)
    assert "The options compared with business as usual" in html
    assert "Preferred option: not recorded." in html
    assert "Agree referral routes" in html and "Perinatal lead" in html and "31 March 2027" in html
    assert "Name a &lt;b&gt;champion&lt;/b&gt;" in html and "No owner named" in html
    csv_text = document.business_case_csv(
        options.detailed.inputs, options.analysis, options.comparison
    )
    assert "Preferred option,Not recorded" in csv_text


@pytest.mark.django_db
def test_a_single_option_case_is_unchanged(case):
    assert selectors.comparison_for(case) is None
    assert selectors.action_plan_for(case) is None


@pytest.mark.django_db
def test_the_action_plan_stamp_changes_with_the_plan(case, alice, north):
    assert selectors.action_plan_stamp(case) == "none"
    _plan(north, alice)
    before = selectors.action_plan_stamp(case)
    item = PlanItem.objects.first()
    item.status = PlanItem.Status.DONE
    item.save()
    assert selectors.action_plan_stamp(case) != before
    assert selectors.action_plan_for(case).actions[0].status in ("Done", "Planned")


@pytest.mark.django_db
def test_the_stored_business_case_carries_the_options_the_map_and_the_plan(
    client, alice, shortlist
):
    """One content model for the page, the CSV and the documents the worker renders:
    the options appraisal, the organisation's service map and its action plan."""
    from commissioning.cases import business_case
    from tests.servicemap.support import add_service, make_map

    service_map = make_map(shortlist.organisation, alice)
    add_service(service_map, alice, name="Infant mental health service")
    client.force_login(alice)
    page = client.get(reverse("cases:document", args=[shortlist.pk])).text
    assert "The options compared with business as usual" in page
    assert "Do minimum" in page
    assert "Existing arrangements and the gaps" in page
    assert "Infant mental health service" in page
    context = business_case.context_for(shortlist)
    assert context["economic"]["appraisal"]["count"] == 2
    service_map.refresh_from_db()
    assert context["strategic"]["service_map"]["version"] == service_map.version
    body = client.get(reverse("cases:csv", args=[shortlist.pk])).getvalue().decode("utf-8-sig")
    assert "Do minimum" in body and "Infant mental health service" in body
    # The map changes on its own: the CSV and the stored documents follow it.
    before = business_case.case_fingerprint(shortlist)
    add_service(service_map, alice, name="Perinatal peer support")
    assert business_case.case_fingerprint(shortlist) != before
    body = client.get(reverse("cases:csv", args=[shortlist.pk])).getvalue().decode("utf-8-sig")
    assert "Perinatal peer support" in body
