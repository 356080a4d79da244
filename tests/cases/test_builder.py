"""The builders through the web client: starting a case, every step's GET and
unchanged POST, library choices and own figures with their sources."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.cases import steps
from commissioning.cases.economics import parse_case
from commissioning.cases.models import Case, CaseVersion
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401

D = Decimal


@pytest.mark.django_db
def test_it_lists_and_starts_a_case(client, alice, north, library):
    client.force_login(alice)
    response = client.get(reverse("cases:index"))
    assert response.status_code == 200
    assert "Start a new case" in response.text
    response = client.post(
        reverse("cases:index"),
        {"title": "Parent-infant team", "kind": "new_team", "organisation": north.pk},
    )
    case = Case.objects.get()
    assert response.url == reverse("cases:tasks", args=[case.pk])
    assert case.organisation == north and case.version == 1 and case.created_by == alice
    assert case.inputs["name"] == "Parent-infant team"
    assert CaseVersion.objects.filter(case=case, number=1).exists()
    parse_case(case.inputs)  # the engine accepts what was stored


@pytest.mark.django_db
def test_the_home_task_list_links_the_cases(client, alice):
    client.force_login(alice)
    assert reverse("cases:index") in client.get(reverse("core:home")).text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k, _ in Case.Kind.choices])
def test_every_builder_starts_from_a_valid_template(client, alice, north, library, kind):
    client.force_login(alice)
    client.post(reverse("cases:index"), {"title": "A case", "kind": kind, "organisation": north.pk})
    case = Case.objects.get(kind=kind)
    parse_case(case.inputs)
    assert client.get(reverse("cases:tasks", args=[case.pk])).status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_start_without_a_name_or_kind(client, alice, north, library):
    client.force_login(alice)
    response = client.post(reverse("cases:index"), {"title": "", "organisation": north.pk})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a name for the case" in response.text
    assert "Select what you want to make the case for" in response.text
    assert not Case.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [s.slug for s in steps.STEPS])
def test_every_step_shows_and_saves_unchanged(client, alice, case, slug):
    client.force_login(alice)
    url = reverse("cases:step", args=[case.pk, slug])
    assert client.get(url).status_code == 200
    response = client.post(url, page_data(case, slug))
    assert response.status_code == 302, response.context["errors"]
    case.refresh_from_db()
    assert case.version == 2
    assert slug in case.steps_done
    parse_case(case.inputs)
