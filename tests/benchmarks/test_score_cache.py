"""The benchmarks page keeps each submitted assessment's scores in the shared cache:
once warm, its query count does not grow with the number of sharing organisations; a
change to the COM-B links the scores follow makes them be worked out again, and other
knowledge-base edits do not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.assessment.models import Question
from commissioning.benchmarks import selectors
from commissioning.benchmarks.models import BenchmarkSharing
from commissioning.knowledge.models import CombSubcomponent, FactorComb
from commissioning.knowledge.services import frameworks_load, shipped_frameworks
from tests.assessment.support import make_assessment, make_small_instrument
from tests.assessment.test_plan import make_factor
from tests.benchmarks.test_views import make_sharer, page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def instrument(db):
    return make_small_instrument()


def queries(client, org) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert page(client, org).status_code == 200
    return len(captured)


def test_a_warm_page_costs_the_same_queries_for_3_or_12_sharers(client, alice, north):
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    for rating in (1, 2, 3):
        make_sharer(rating=rating)
    client.force_login(alice)
    cold_3 = queries(client, north)
    warm_3 = queries(client, north)
    for _ in range(9):
        make_sharer(rating=2)
    cold_12 = queries(client, north)
    warm_12 = queries(client, north)
    assert warm_12 == warm_3
    assert cold_12 > warm_12 and cold_3 > warm_3  # the first view scored the new ones


def test_cached_scores_are_the_scores(client, alice, north):
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    for rating in (0, 1, 2, 3, 4):
        make_sharer(rating=rating)
    client.force_login(alice)
    first = page(client, north).context["parts"]
    second = page(client, north).context["parts"]
    summary = [(r["metric"].key, r["cell"].summary) for p in first for r in p["rows"]]
    assert summary == [(r["metric"].key, r["cell"].summary) for p in second for r in p["rows"]]
    assert summary[0][1].median == 50  # ratings 0..4 → section scores 0, 25, ..., 100


def test_a_change_to_the_com_b_links_works_the_scores_out_again(client, alice, north, monkeypatch):
    frameworks_load(shipped_frameworks())
    factor = make_factor("team-cohesion", comb=("CPs",))
    for question in Question.objects.all():
        question.factors.add(factor)
    BenchmarkSharing.objects.create(organisation=north, opted_in_by=alice)
    for rating in (1, 2, 3, 4, 4):
        make_sharer(rating=rating)
    client.force_login(alice)
    calls = []
    real = selectors.score_rows
    monkeypatch.setattr(selectors, "score_rows", lambda a: calls.append(a.pk) or real(a))

    def comb_keys():
        parts = page(client, north).context["parts"]
        return {r["metric"].key for p in parts if p["key"] == "comb" for r in p["rows"]}

    assert "comb:CPs" in comb_keys() and len(calls) == 5
    assert "comb:CPs" in comb_keys() and len(calls) == 5  # from the cache
    # Editing a factor's text leaves the scores alone.
    factor.summary = "A new summary."
    factor.save()
    assert "comb:CPs" in comb_keys() and len(calls) == 5
    # A curator moves the factor from psychological to physical capability.
    FactorComb.objects.filter(factor=factor).delete()
    FactorComb.objects.create(factor=factor, target=CombSubcomponent.objects.get(code="CPh"))
    keys = comb_keys()
    assert len(calls) == 10
    rows = {
        r["metric"].key: r["cell"].summary
        for p in page(client, north).context["parts"]
        for r in p["rows"]
    }
    assert rows["comb:CPh"] is not None and rows["comb:CPh"].median == 75
    assert rows.get("comb:CPs") is None or rows["comb:CPs"].median is None
    assert "comb:CPh" in keys


def test_only_submitted_assessments_are_cached(alice, north):
    draft = make_assessment(organisation=north, user=alice)
    with pytest.raises(ValueError, match="Only submitted"):
        selectors.submitted_scores([draft])
