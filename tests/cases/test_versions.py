"""Saving, naming, duplicating and versioning cases."""

import pytest
from django.urls import reverse

from commissioning.cases import defaults, services
from commissioning.cases.models import Case, CaseVersion
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def changed(signed_in, case):
    """Version 2 has 4,000 births."""
    data = page_data(case, "need", births="4000", births_source="ONS 2024")
    signed_in.post(reverse("cases:step", args=[case.pk, "need"]), data)
    case.refresh_from_db()
    return case


def test_it_lists_versions_with_who_and_when(signed_in, changed, alice):
    response = signed_in.get(reverse("cases:versions", args=[changed.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Version 2" in text and "Version 1" in text
    assert "Alice North" in text
    assert "Saved &#x27;Area and need&#x27;" in text or "Saved 'Area and need'" in text
    assert [v.number for v in response.context["versions"]] == [2, 1]


def test_it_shows_a_versions_inputs_and_their_sources(signed_in, changed):
    response = signed_in.get(reverse("cases:version", args=[changed.pk, 1]))
    assert response.status_code == 200
    assert "5,000" in response.text  # version 1's births
    assert "Illustrative births" in response.text
    response = signed_in.get(reverse("cases:version", args=[changed.pk, 2]))
    assert "4,000" in response.text and "ONS 2024" in response.text
    assert signed_in.get(reverse("cases:version", args=[changed.pk, 9])).status_code == 404


def test_restoring_a_version_makes_a_new_version(signed_in, changed):
    response = signed_in.post(reverse("cases:restore", args=[changed.pk, 1]))
    assert response.url == reverse("cases:versions", args=[changed.pk])
    changed.refresh_from_db()
    assert changed.version == 3
    assert defaults.get_value(changed.inputs, "births_per_year") == 5000
    latest = changed.versions.first()
    assert latest.number == 3 and latest.comment == "Restored version 1"
    assert CaseVersion.objects.filter(case=changed).count() == 3


def test_restore_needs_a_post(signed_in, changed):
    assert signed_in.get(reverse("cases:restore", args=[changed.pk, 1])).status_code == 405


def test_it_duplicates_a_case(signed_in, changed, alice):
    response = signed_in.post(reverse("cases:duplicate", args=[changed.pk]))
    copy = Case.objects.exclude(pk=changed.pk).get()
    assert response.url == reverse("cases:tasks", args=[copy.pk])
    assert copy.title == "Copy of Northborough team"
    assert copy.inputs["name"] == "Copy of Northborough team"
    assert copy.version == 1 and copy.organisation == changed.organisation
    assert defaults.get_value(copy.inputs, "births_per_year") == 4000
    assert copy.provenance == changed.provenance
    assert copy.versions.get().comment == "Copied from 'Northborough team', version 2"
    changed.refresh_from_db()
    assert changed.version == 2  # the original is untouched


def test_it_renames_a_case(signed_in, case):
    url = reverse("cases:name", args=[case.pk])
    assert signed_in.get(url).status_code == 200
    response = signed_in.post(url, {"title": ""})
    assert "Enter a name for the case" in response.text
    signed_in.post(url, {"title": "Northborough PAIR team 2026"})
    case.refresh_from_db()
    assert case.title == "Northborough PAIR team 2026"
    assert case.inputs["name"] == "Northborough PAIR team 2026"
    assert case.version == 2 and case.versions.first().comment == "Renamed"


def test_a_restore_the_engine_rejects_saves_nothing(signed_in, case, alice):
    bad = CaseVersion.objects.create(case=case, number=99, title="Bad", inputs={"name": "x"})
    with pytest.raises(services.CaseInvalid):
        services.case_restore(case=case, user=alice, version=bad)
    case.refresh_from_db()
    assert case.version == 1


def test_others_cannot_see_or_restore_versions(client, bob, changed):
    client.force_login(bob)
    for url in (
        reverse("cases:versions", args=[changed.pk]),
        reverse("cases:version", args=[changed.pk, 1]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("cases:restore", args=[changed.pk, 1])).status_code == 404
    assert client.post(reverse("cases:duplicate", args=[changed.pk])).status_code == 404
    assert Case.objects.count() == 1
