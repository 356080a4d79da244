"""A heavy case's results: the analysis runs once as a background task with its progress
shown, is kept, and the results page then reads it (analysis_jobs.py)."""

import json

import pytest
from django.urls import reverse

from bench.heavy_case import heaviest_case_data
from commissioning.cases import analysis_jobs, services
from commissioning.cases.economics import parse_case
from commissioning.cases.tasks import analyse_case_task
from tests.cases.test_builder_fixtures import case_fixture, library_fixture  # noqa: F401

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_the_heaviest_valid_case_is_heavy_and_the_examples_are_not():
    assert analysis_jobs.is_heavy(parse_case(heaviest_case_data()))
    from tests.cases.support import EXAMPLES

    for name in ("new-team", "system-champions"):
        data = json.loads((EXAMPLES / f"{name}.json").read_text())
        assert not analysis_jobs.is_heavy(parse_case(data))


@pytest.fixture
def heavy_threshold(monkeypatch):
    """Every case counts as heavy, so the mechanics can be tested on a quick case."""
    monkeypatch.setattr(analysis_jobs, "HEAVY_WORK", 0)


@pytest.fixture
def queued_tasks(settings):
    from django.tasks import task_backends
    from django.tasks.backends.dummy import DummyBackend

    settings.TASKS = QUEUE_ONLY
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.clear()
    return backend


def test_a_heavy_case_shows_progress_then_its_kept_results(
    client, alice, case, heavy_threshold, queued_tasks
):
    client.force_login(alice)
    url = reverse("cases:results", args=[case.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert "Working out the results" in first.text
    assert 'value="0"' in first.text and "0 of 5,000" in first.text
    assert "Net present value (NPV)" not in first.text
    assert len(queued_tasks.results) == 1
    # Asking again neither queues a second job nor blocks.
    assert "Working out the results" in client.get(url).text
    assert len(queued_tasks.results) == 1

    assert analyse_case_task.call(str(case.pk)) == "done"  # what the worker does
    done = client.get(url)
    assert "Working out the results" not in done.text
    assert "Net present value (NPV)" in done.text
    assert len(queued_tasks.results) == 1


def test_an_edit_computes_afresh(client, alice, case, heavy_threshold, queued_tasks):
    client.force_login(alice)
    url = reverse("cases:results", args=[case.pk])
    analyse_case_task.call(str(case.pk))
    assert "Net present value (NPV)" in client.get(url).text
    inputs = dict(case.inputs)
    setup = inputs["setup_cost"]
    inputs["setup_cost"] = {**setup, "value": setup.get("low", setup["value"])}
    assert inputs["setup_cost"] != case.inputs["setup_cost"]
    services.case_save(case=case, user=alice, inputs=inputs, comment="Set-up cost")
    assert "Working out the results" in client.get(url).text
    assert len(queued_tasks.results) == 1


def test_progress_is_reported_while_the_simulations_run(case, heavy_threshold, queued_tasks):
    seen = []
    original = analysis_jobs.cache.set

    def spy(key, value, *args, **kwargs):
        if key.startswith("case-analysis-progress:"):
            seen.append(value)
        return original(key, value, *args, **kwargs)

    analysis_jobs.cache.set = spy
    try:
        analysis_jobs.analysis_keep(case.inputs)
    finally:
        analysis_jobs.cache.set = original
    assert seen[0] == (0, 5000) and seen[-1] == (5000, 5000)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_deleted_case_is_skipped_by_the_task(case, alice):
    pk = case.pk
    services.case_delete(case=case, user=alice)
    assert analyse_case_task.call(str(pk)) == "deleted"


def test_a_case_is_read_and_checked_once_to_know_whether_it_is_heavy(
    client, alice, case, monkeypatch
):
    """A results page asks on every visit; the inputs are read once per fingerprint
    (and once more to analyse them), and an edit (a new fingerprint) reads them again."""
    calls = []
    real = analysis_jobs.parse_case
    monkeypatch.setattr(
        analysis_jobs, "parse_case", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    client.force_login(alice)
    url = reverse("cases:results", args=[case.pk])
    assert "Net present value (NPV)" in client.get(url).text
    first = len(calls)
    for _ in range(3):
        assert "Net present value (NPV)" in client.get(url).text
    assert len(calls) == first
    inputs = dict(case.inputs)
    births = inputs["births_per_year"]
    inputs["births_per_year"] = {**births, "value": births["value"] + 1}
    services.case_save(case=case, user=alice, inputs=inputs, comment="Births")
    client.get(url)
    assert len(calls) > first
    edited = len(calls)
    client.get(url)
    assert len(calls) == edited
