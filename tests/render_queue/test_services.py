"""Asking for, rendering, retrying and recovering generated documents (the fake kind,
so no WeasyPrint), with the immediate backend and with the database queue."""

import dataclasses
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commissioning.render_queue import services
from commissioning.render_queue.models import GeneratedDocument
from commissioning.render_queue.tasks import render_document
from tests.render_queue import fakes

pytestmark = pytest.mark.django_db
Status = GeneratedDocument.Status


def request(assessment, user):
    return services.document_request(kind=fakes.FAKE_PDF, owner=assessment, user=user)


# --- Immediate backend: rendered inline ---------------------------------------------


def test_it_renders_inline_and_stores_the_file(alice, assessment):
    document = request(assessment, alice)
    assert document.status == Status.DONE
    assert (document.attempts, document.error, document.created_by) == (1, "", alice)
    assert document.organisation_id == assessment.organisation_id
    assert document.title == "Fake: Spring review 2027"
    assert document.filename == "fake-results.pdf"
    assert document.file.name == f"documents/test_fake/{document.pk}.pdf"
    with default_storage.open(document.file.name, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 fake Spring review 2027"
    assert document.size == len(b"%PDF-1.7 fake Spring review 2027")
    assert document.task_result_id
    assert document.started_at <= document.finished_at


def test_an_unchanged_owner_is_served_from_the_cache(alice, assessment):
    first = request(assessment, alice)
    again = request(assessment, alice)
    assert again.pk == first.pk
    assert [str(assessment.pk)] == fakes.RENDERED
    assert GeneratedDocument.objects.count() == 1


def test_a_change_makes_a_new_document_and_drops_the_old_one(
    alice, assessment, django_capture_on_commit_callbacks
):
    first = request(assessment, alice)
    assessment.title = "Autumn review 2027"
    assessment.save()
    # The old file goes when the deletion commits (at once in a worker, which autocommits).
    with django_capture_on_commit_callbacks(execute=True):
        second = request(assessment, alice)
    assert second.pk != first.pk and second.fingerprint != first.fingerprint
    assert len(fakes.RENDERED) == 2
    assert list(GeneratedDocument.objects.all()) == [second]
    assert not default_storage.exists(first.file.name)
    assert default_storage.exists(second.file.name)


def test_a_failed_render_says_so_without_details_and_can_be_retried(alice, assessment):
    fakes.BEHAVIOUR["mode"] = "error"
    document = request(assessment, alice)
    assert document.status == Status.FAILED
    assert document.error == services.ERROR_FAILED
    assert "10.0.0.5" not in document.error
    assert not document.file
    # Asking again does not hammer a failing renderer: the failure is what is cached.
    assert request(assessment, alice).status == Status.FAILED
    assert len(fakes.RENDERED) == 1

    fakes.BEHAVIOUR["mode"] = "ok"
    assert services.document_retry(document=document) is True
    document.refresh_from_db()
    assert (document.status, document.error, document.attempts) == (Status.DONE, "", 1)
    assert services.document_retry(document=document) is False  # only failed ones


def test_a_render_that_runs_too_long_is_stopped(settings, alice, assessment):
    settings.DOCUMENT_RENDER_TIMEOUT = 1
    fakes.BEHAVIOUR.update(mode="slow", seconds=30)
    started = timezone.now()
    document = request(assessment, alice)
    assert (timezone.now() - started).total_seconds() < 10
    assert document.status == Status.FAILED
    assert document.error == services.ERROR_TIMEOUT.format(seconds=1)


def test_the_task_skips_a_document_that_is_not_queued(alice, assessment):
    document = request(assessment, alice)
    assert render_document.call(str(document.pk)) == "skipped"
    assert render_document.call("00000000-0000-0000-0000-000000000000") == "skipped"
    assert len(fakes.RENDERED) == 1


# --- Database backend: queued for a worker --------------------------------------------


def test_the_job_is_sent_on_commit_once_per_cache_key(
    database_tasks, alice, assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = request(assessment, alice)
        assert DBTaskResult.objects.count() == 0  # not before the row is committed
        assert request(assessment, alice).pk == document.pk
    assert len(callbacks) == 1
    job = DBTaskResult.objects.get()
    assert job.queue_name == "documents"
    assert job.args_kwargs == {"args": [str(document.pk)], "kwargs": {}}
    document.refresh_from_db()
    assert document.status == Status.QUEUED and document.task_result_id == str(job.id)
    assert fakes.RENDERED == []

    # What the worker runs.
    assert render_document.call(str(document.pk)) == "done"
    document.refresh_from_db()
    assert document.status == Status.DONE


def queued(assessment, user, django_capture_on_commit_callbacks) -> GeneratedDocument:
    with django_capture_on_commit_callbacks(execute=True):
        document = request(assessment, user)
    document.refresh_from_db()
    return document


def claim(document) -> GeneratedDocument:
    """What a worker does before it renders, then dies."""
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, started_at=timezone.now(), attempts=1
    )
    DBTaskResult.objects.filter(id=document.task_result_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    document.refresh_from_db()
    return document


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)


def test_a_job_whose_worker_died_is_requeued_then_failed(
    settings, database_tasks, alice, assessment, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_MAX_ATTEMPTS = 2
    document = claim(queued(assessment, alice, django_capture_on_commit_callbacks))
    old_job = document.task_result_id

    # Within the bound a running job is left alone.
    assert services.document_sweep(now=later(settings.DOCUMENT_STALE_AFTER - 1)).requeued == 0

    with django_capture_on_commit_callbacks(execute=True):
        report = services.document_sweep(now=later(settings.DOCUMENT_STALE_AFTER + 1))
    assert (report.requeued, report.failed) == (1, 0)
    document.refresh_from_db()
    assert document.status == Status.QUEUED
    assert document.task_result_id and document.task_result_id != old_job
    assert DBTaskResult.objects.get(id=old_job).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(id=document.task_result_id).status == TaskResultStatus.READY

    # The second worker dies too: no attempts left, so it fails with a clear message.
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, started_at=timezone.now(), attempts=2
    )
    report = services.document_sweep(now=later(settings.DOCUMENT_STALE_AFTER + 1))
    assert (report.requeued, report.failed) == (0, 1)
    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error == services.ERROR_WORKER_LOST.format(attempts=2)
    assert services.document_sweep(now=later(10_000)).failed == 0  # nothing left to do


def test_a_worker_that_wakes_after_its_job_was_swept_changes_nothing(
    settings, alice, assessment, monkeypatch
):
    """The sweeper's decision stands: the late worker's file is discarded."""
    document = request(assessment, alice)
    GeneratedDocument.objects.filter(pk=document.pk).update(status=Status.QUEUED)

    def swept_meanwhile(owner):
        GeneratedDocument.objects.filter(pk=document.pk).update(status=Status.FAILED, error="swept")
        return b"%PDF late"

    late_kind = dataclasses.replace(fakes.FAKE_PDF, render=swept_meanwhile)
    monkeypatch.setattr(services, "kind_get", lambda name: late_kind)
    assert services.document_render(document_id=str(document.pk)) == "skipped"
    document.refresh_from_db()
    assert (document.status, document.error) == (Status.FAILED, "swept")
    assert default_storage.listdir("documents/test_fake")[1] == [f"{document.pk}.pdf"]


def test_a_queued_job_nobody_picks_up_fails_in_the_end(
    settings, database_tasks, alice, assessment, django_capture_on_commit_callbacks
):
    document = queued(assessment, alice, django_capture_on_commit_callbacks)
    # Waiting in the queue (job READY) is not lost, however long the bound...
    assert services.document_sweep(now=later(settings.DOCUMENT_STALE_AFTER + 5)).requeued == 0
    # ...until the queue timeout: then it fails, and its job is cancelled.
    report = services.document_sweep(now=later(settings.DOCUMENT_QUEUE_TIMEOUT + 1))
    assert report.failed == 1
    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert "waiting more than 10 minutes" in document.error
    assert DBTaskResult.objects.get(id=document.task_result_id).status == TaskResultStatus.FAILED


def test_a_queued_document_whose_job_ended_is_requeued(
    settings, database_tasks, alice, assessment, django_capture_on_commit_callbacks
):
    """E.g. the task failed before it could claim the document."""
    document = queued(assessment, alice, django_capture_on_commit_callbacks)
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.document_sweep(now=later(settings.DOCUMENT_STALE_AFTER + 1))
    assert report.requeued == 1
    document.refresh_from_db()
    assert document.status == Status.QUEUED and document.attempts == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_the_sweep_command(settings, alice, assessment):
    document = request(assessment, alice)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING,
        started_at=timezone.now() - timedelta(seconds=settings.DOCUMENT_STALE_AFTER + 1),
        attempts=settings.DOCUMENT_MAX_ATTEMPTS,
    )
    out = StringIO()
    call_command("documents_sweep", stdout=out)
    assert out.getvalue().strip() == "Requeued 0, failed 1."
    document.refresh_from_db()
    assert document.status == Status.FAILED


def test_a_done_document_whose_file_vanished_is_failed(alice, assessment):
    document = request(assessment, alice)
    default_storage.delete(document.file.name)
    services.document_file_missing(document=document)
    document.refresh_from_db()
    assert (document.status, document.error) == (Status.FAILED, services.ERROR_FILE_MISSING)
