"""The shipped content loads, meets the issue's minimums, and reloading changes
nothing a curator edited."""

import io

import pytest
from django.core.management import call_command

from commissioning.knowledge.models import (
    Factor,
    FunctionPolicyLink,
    InterventionFunction,
    MatrixNote,
    Parameter,
    PolicyCategory,
    Programme,
    TdfDomain,
)
from commissioning.knowledge.services import bundle_apply, shipped_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_content", stdout=io.StringIO())


def test_the_frameworks_are_complete(loaded):
    assert TdfDomain.objects.count() == 14
    assert InterventionFunction.objects.count() == 9
    assert PolicyCategory.objects.count() == 7
    assert all(domain.comb.exists() for domain in TdfDomain.objects.all())
    note = MatrixNote.objects.get(key="if_pc")
    assert note.to_be_verified and "Behaviour Change Wheel" in note.note
    assert not FunctionPolicyLink.objects.filter(verified=True).exists()


def test_the_content_meets_the_minimums(loaded):
    published = Factor.objects.published()
    assert published.count() >= 30
    for factor in published.prefetch_related("comb", "tdf", "functions", "actions", "sources"):
        assert factor.comb.exists() and factor.tdf.exists() and factor.functions.exists(), factor
        assert factor.actions.count() >= 2, factor
        assert factor.sources.exists(), factor
    assert Programme.objects.published().count() >= 8
    assert Parameter.objects.published().count() >= 40
    # Programmes with no known rating say so rather than carrying an invented one.
    assert Programme.objects.filter(rating="").exists()
    assert not Parameter.objects.published().filter(mark="U").exists()


def test_every_factor_function_is_allowed_by_the_matrix_for_its_comb(loaded):
    for factor in Factor.objects.prefetch_related("comb__functions", "functions"):
        allowed = {f.pk for c in factor.comb.all() for f in c.functions.all()}
        assert {f.pk for f in factor.functions.all()} & allowed, factor


def test_reloading_keeps_curators_edits(loaded):
    factor = Factor.objects.get(slug="low-awareness-of-infant-mental-health")
    factor.title = "Edited by a curator"
    factor.save()
    factor.actions.first().delete()
    count = factor.actions.count()
    call_command("load_content", stdout=io.StringIO())
    factor.refresh_from_db()
    assert factor.title == "Edited by a curator"
    assert factor.actions.count() == count


def test_reloading_is_idempotent(loaded):
    before = (Factor.objects.count(), Parameter.objects.count(), Programme.objects.count())
    summary = bundle_apply(shipped_bundle(), overwrite=False)
    assert summary.created == {}
    assert (Factor.objects.count(), Parameter.objects.count(), Programme.objects.count()) == before
