"""The case models: versions are immutable snapshots, one document per version and
kind, and an expansion case knows its inputs are increments."""

import pytest
from django.db import IntegrityError

from commissioning.cases.models import Case, CaseDocument, CaseVersion
from tests.cases.test_builder_fixtures import case_fixture, library_fixture  # noqa: F401


@pytest.mark.django_db
def test_a_version_cannot_be_changed(case):
    version = case.versions.get()
    version.comment = "Rewritten history"
    with pytest.raises(ValueError, match="snapshot"):
        version.save()
    assert CaseVersion.objects.get(pk=version.pk).comment.startswith("Started from")


@pytest.mark.django_db
def test_version_numbers_are_unique_per_case(case):
    with pytest.raises(IntegrityError):
        CaseVersion.objects.create(case=case, number=1, title="x", inputs={})


@pytest.mark.django_db
def test_one_document_per_version_and_kind(case):
    CaseDocument.objects.create(case=case, version=1, kind="pdf", content=b"%PDF")
    CaseDocument.objects.create(case=case, version=1, kind="csv", content=b"a,b")
    with pytest.raises(IntegrityError):
        CaseDocument.objects.create(case=case, version=1, kind="pdf", content=b"%PDF")


@pytest.mark.django_db
def test_an_expansion_case_is_an_increment(case):
    assert not case.is_increment
    case.kind = Case.Kind.EXPANSION
    assert case.is_increment
    assert str(case) == "Northborough team"
    assert case.get_absolute_url() == f"/cases/{case.pk}/"
