"""The business case page's body is kept per version of everything it shows
(business_case.page_key): never another organisation's, never stale."""

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.assessment import services as assessments
from commissioning.cases import business_case
from commissioning.cases import services as case_services
from commissioning.cases.models import Case
from tests.assessment.support import answer_all, load_shipped_instrument, make_assessment
from tests.cases.test_builder_fixtures import library_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def page(client: Client, case: Case) -> str:
    response = client.get(reverse("cases:document", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_organisation_sees_only_its_own_case_however_alike(alice, bob, north, south, library):
    mine = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="North team"
    )
    theirs = case_services.case_create(
        organisation=south, user=bob, kind=Case.Kind.NEW_TEAM, title="South team"
    )
    assert mine.inputs | {"name": ""} == theirs.inputs | {"name": ""}
    north_page, south_page = page(signed_in(alice), mine), page(signed_in(bob), theirs)
    assert "North team" in north_page and "South team" not in north_page
    assert "South team" in south_page and "North team" not in south_page
    assert north.name in north_page and south.name not in north_page
    # Bob cannot reach Alice's page, even with its body kept.
    response = signed_in(bob).get(reverse("cases:document", args=[mine.pk]))
    assert response.status_code == 404


def test_a_new_version_shows_at_once(alice, north, library):
    case = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="North team"
    )
    client = signed_in(alice)
    first = page(client, case)
    inputs = dict(case.inputs)
    inputs["births_per_year"] = 123_457
    case_services.case_save(case=case, user=alice, inputs=inputs, title="North team, bigger")
    again = page(client, case)
    assert "North team, bigger" in again and "123,457" in again
    assert "123,457" not in first


def test_a_renamed_organisation_and_a_newly_submitted_assessment_show_at_once(
    alice, north, library
):
    case = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="North team"
    )
    client = signed_in(alice)
    before = page(client, case)
    assert "No submitted self-assessment is linked to this case" in before

    north.name = "North and East Borough ICB"
    north.save()
    assert "North and East Borough ICB" in page(client, case)

    load_shipped_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, rating=1)
    assert assessments.assessment_submit(assessment=assessment, user=alice)
    assert "No submitted self-assessment is linked to this case" not in page(client, case)


def test_the_key_differs_by_case_and_holds_nothing_about_the_viewer(alice, bob, north, library):
    first = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="One"
    )
    second = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="Two"
    )
    assert business_case.page_key(first) != business_case.page_key(second)
    body = business_case.page_body(first)
    assert "One" in body.title
    assert "csrfmiddlewaretoken" not in body.article and alice.email not in body.article
