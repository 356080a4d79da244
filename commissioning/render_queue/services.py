"""Writes for generated documents: ask for one, render it (the worker's side), try
again, and recover jobs whose worker was lost.

The life of a document::

    queued --worker claims--> running --render ok--> done
       ^                         |----render error / timeout--> failed --Try again--> queued
       |---- sweeper: worker lost, attempts left ----|
                                  (no attempts left, or never picked up) --> failed

Every status change is a conditional ``UPDATE ... WHERE status = <expected>``, so two
workers, a worker and a sweeper, or two sweepers on different machines can never both
act on one job. A worker's final write is also fenced on the ``started_at`` it
claimed with, so a hung worker that wakes after its job was swept changes nothing.
"""

import contextlib
import gc
import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Model, Q
from django.tasks import TaskResultStatus
from django.tasks.backends.immediate import ImmediateBackend
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from commissioning.render_queue.kinds import DocumentKind, kind_get
from commissioning.render_queue.models import GeneratedDocument
from commissioning.render_queue.timeout import RenderTimeout, wall_clock_limit

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status

ERROR_FAILED = (
    "Something went wrong while preparing this file. Try again. If it keeps happening, contact us."
)
ERROR_TIMEOUT = (
    "Preparing this file took longer than {seconds} seconds, so it was stopped. Try again."
)
ERROR_WORKER_LOST = (
    "The process preparing this file stopped before it finished, and it has been tried "
    "{attempts} times. Try again."
)
ERROR_NOT_PICKED_UP = (
    "This file has been waiting more than {minutes} minutes for a free worker. Try again later."
)
ERROR_FILE_MISSING = "The saved copy of this file could not be found. Try again."

REQUEUED = "requeued"
FAILED = "failed"


class JobLost(Exception):
    """Recorded on a django-tasks-db result whose worker disappeared."""


# --- Asking for a document -----------------------------------------------------------


def document_fingerprint(*, kind: DocumentKind, owner: Model) -> str:
    """SHA-256 of the kind, its layout version and the owner's content fingerprint."""
    text = f"{kind.name}|{kind.layout_version}|{kind.fingerprint(owner)}"
    return hashlib.sha256(text.encode()).hexdigest()


def document_request(*, kind: DocumentKind, owner: Model, user: Any) -> GeneratedDocument:
    """The document for ``owner``'s current content: an existing one with the same
    cache key (whatever its status), or a new one, queued for rendering.

    At most one row, so at most one job, exists per cache key (unique constraint;
    ``get_or_create`` turns a lost race into a read of the winner's row). With the
    immediate backend the render happens inline, before this returns."""
    document, created = GeneratedDocument.objects.get_or_create(
        kind=kind.name,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=str(owner.pk),
        fingerprint=document_fingerprint(kind=kind, owner=owner),
        defaults={
            "organisation_id": owner.organisation_id,
            "title": kind.title(owner)[:300],
            "filename": kind.filename(owner),
            "media_type": kind.media_type,
            "created_by": user if getattr(user, "is_authenticated", False) else None,
            "enqueued_at": timezone.now(),
        },
    )
    if created:
        _enqueue(document)
        document.refresh_from_db()
    return document


def document_retry(*, document: GeneratedDocument) -> bool:
    """Queue a failed document again, with a fresh set of attempts. False if it was
    not failed (someone else already retried it, or it succeeded meanwhile)."""
    updated = GeneratedDocument.objects.filter(pk=document.pk, status=Status.FAILED).update(
        status=Status.QUEUED,
        error="",
        attempts=0,
        task_result_id="",
        enqueued_at=timezone.now(),
        started_at=None,
        finished_at=None,
    )
    if updated:
        _enqueue(document)
    return bool(updated)


def document_file_missing(*, document: GeneratedDocument) -> None:
    """A done document whose file has gone from storage: fail it, so "Try again"
    renders it afresh."""
    GeneratedDocument.objects.filter(pk=document.pk, status=Status.DONE).update(
        status=Status.FAILED, error=ERROR_FILE_MISSING, file="", size=None
    )


def _renders_inline() -> bool:
    from commissioning.render_queue.tasks import render_document

    return isinstance(render_document.get_backend(), ImmediateBackend)


def _enqueue(document: GeneratedDocument) -> None:
    """Send the render job once the row it names is committed
    (``docs/pdf-rendering.md``), and record its id."""
    from commissioning.render_queue.tasks import render_document

    def send() -> None:
        result = render_document.enqueue(str(document.pk))
        GeneratedDocument.objects.filter(pk=document.pk, task_result_id="").update(
            task_result_id=str(result.id)[:64]
        )

    if _renders_inline():
        # The immediate backend runs the job here, on this connection, which already
        # sees the row: waiting for the commit buys nothing, and inside a test's
        # transaction the commit never comes.
        send()
    else:
        transaction.on_commit(send)


# --- Rendering (the worker) ----------------------------------------------------------


def document_render(*, document_id: str) -> str:
    """Claim the queued document, render it within ``DOCUMENT_RENDER_TIMEOUT`` seconds
    and save the file to the default (shared) storage.

    Returns what happened ("done", or "skipped" when the document was not queued:
    already done, claimed by another worker, or deleted). A failed render is recorded
    on the document and re-raised, so the task result says failed too."""
    claimed_at = timezone.now()
    claimed = GeneratedDocument.objects.filter(pk=document_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        started_at=claimed_at,
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return "skipped"
    mine = GeneratedDocument.objects.filter(
        pk=document_id, status=Status.RUNNING, started_at=claimed_at
    )
    document = GeneratedDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "skipped"  # deleted with its owner a moment after we claimed it
    timeout = settings.DOCUMENT_RENDER_TIMEOUT
    try:
        kind = kind_get(document.kind)
        owner = kind.load(document.owner_id)
        with wall_clock_limit(timeout):
            body = kind.render(owner)
    except Exception as exc:
        logger.exception("Rendering document %s (%s) failed", document.pk, document.kind)
        timed_out = isinstance(exc, RenderTimeout)
        message = ERROR_TIMEOUT.format(seconds=timeout) if timed_out else ERROR_FAILED
        mine.update(status=Status.FAILED, error=message, finished_at=timezone.now())
        raise
    finally:
        # A render leaves tens of MB of cyclic garbage (WeasyPrint's boxes); free it
        # now rather than let a long-lived worker grow until the next collection.
        gc.collect()
    name = default_storage.save(
        f"documents/{kind.name}/{document.pk}.{kind.extension}", ContentFile(body)
    )
    finished = mine.update(
        status=Status.DONE, file=name, size=len(body), error="", finished_at=timezone.now()
    )
    if not finished:
        # The sweeper took this job for lost while we were still rendering; its
        # decision stands (another attempt may be running now).
        default_storage.delete(name)
        return "skipped"
    _prune_superseded(document)
    return "done"


def _prune_superseded(document: GeneratedDocument) -> None:
    """Delete the owner's older finished documents of this kind, and their files."""
    older = GeneratedDocument.objects.filter(
        kind=document.kind,
        owner_type_id=document.owner_type_id,
        owner_id=document.owner_id,
        status__in=[Status.DONE, Status.FAILED],
        created_at__lt=document.created_at,
    ).exclude(pk=document.pk)
    for old in older:
        document_delete(document=old)


def document_delete(*, document: GeneratedDocument) -> None:
    """Delete a document; its file goes when the deletion commits (``file_cleanup``)."""
    document.delete()


def documents_delete_for_owner(*, owner: Model) -> int:
    """Delete every document generated from ``owner`` (call before deleting it); their
    files go when the deletion commits (``file_cleanup``). A worker still rendering one
    finds its row gone and throws its file away. Returns how many there were."""
    deleted, _ = GeneratedDocument.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=str(owner.pk)
    ).delete()
    return deleted


# --- Recovering lost jobs (the sweeper) ----------------------------------------------


@dataclass
class SweepReport:
    requeued: int = 0
    failed: int = 0


def document_sweep(*, now: Any = None) -> SweepReport:
    """Requeue or fail every document whose job was lost (see ``document_recover``).
    Safe to run anywhere, any number of times, concurrently."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.DOCUMENT_STALE_AFTER)
    report = SweepReport()
    candidates = GeneratedDocument.objects.filter(
        Q(status=Status.RUNNING, started_at__lt=stale)
        | Q(status=Status.QUEUED, enqueued_at__lt=stale)
    )
    for document in candidates:
        outcome = document_recover(document=document, now=now)
        if outcome == REQUEUED:
            report.requeued += 1
        elif outcome == FAILED:
            report.failed += 1
    return report


def document_recover(*, document: GeneratedDocument, now: Any = None) -> str | None:
    """If ``document``'s job is lost, queue it again (while attempts remain) or fail it,
    and return ``REQUEUED`` or ``FAILED``; otherwise change nothing and return None.

    Lost means: running for longer than ``DOCUMENT_STALE_AFTER`` (longer than the
    render timeout, so its worker died or hung); queued that long with no live job
    behind it; or queued longer than ``DOCUMENT_QUEUE_TIMEOUT`` (no worker is running)."""
    now = now or timezone.now()
    reason = _lost_reason(document, now)
    if reason is None:
        return None
    unchanged = GeneratedDocument.objects.filter(
        pk=document.pk,
        status=document.status,
        started_at=document.started_at,
        enqueued_at=document.enqueued_at,
    )
    retryable = reason != "not_picked_up" and document.attempts < settings.DOCUMENT_MAX_ATTEMPTS
    # The document row and the queue's row change together: nobody sees one failed
    # and the other still "running".
    with transaction.atomic():
        if retryable:
            # A job lost before any worker claimed it counts as an attempt too, so a job
            # that can never run is not requeued for ever.
            bump = 1 if document.status == Status.QUEUED else 0
            if not unchanged.update(
                status=Status.QUEUED,
                task_result_id="",
                enqueued_at=now,
                started_at=None,
                attempts=F("attempts") + bump,
            ):
                return None
            outcome = REQUEUED
        else:
            if reason == "not_picked_up":
                message = ERROR_NOT_PICKED_UP.format(minutes=settings.DOCUMENT_QUEUE_TIMEOUT // 60)
            else:
                message = ERROR_WORKER_LOST.format(attempts=document.attempts)
            if not unchanged.update(status=Status.FAILED, error=message, finished_at=now):
                return None
            outcome = FAILED
        _fail_task_result(document.task_result_id, now)
    logger.warning("Document %s: job lost (%s), %s", document.pk, reason, outcome)
    if outcome == REQUEUED:
        _enqueue(document)
    return outcome


def _lost_reason(document: GeneratedDocument, now: Any) -> str | None:
    stale = now - timedelta(seconds=settings.DOCUMENT_STALE_AFTER)
    if document.status == Status.RUNNING:
        started = document.started_at
        return "worker_lost" if started is None or started < stale else None
    if document.status != Status.QUEUED:
        return None
    enqueued = document.enqueued_at or document.created_at
    if enqueued < now - timedelta(seconds=settings.DOCUMENT_QUEUE_TIMEOUT):
        return "not_picked_up"
    if enqueued < stale and _job_gone(document.task_result_id, stale):
        return "job_lost"
    return None


def _job_gone(task_result_id: str, stale: Any) -> bool:
    """No live job renders this document: never enqueued, or its result is missing,
    finished (without claiming the document), or running since before ``stale``."""
    if not task_result_id:
        return True
    from commissioning.render_queue.tasks import render_document

    backend = render_document.get_backend()
    if not backend.supports_get_result:
        return True  # the immediate backend: a queued document outlived its request
    try:
        result = backend.get_result(task_result_id)
    except TaskResultDoesNotExist:
        return True
    if result.status == TaskResultStatus.READY:
        return False
    if result.status == TaskResultStatus.RUNNING:
        return result.started_at is None or result.started_at < stale
    return True


def _fail_task_result(task_result_id: str, now: Any) -> None:
    """Mark a lost job's django-tasks-db row failed: the package never does, and a
    row left "running" misleads whoever reads the queue."""
    from commissioning.render_queue.tasks import render_document

    if not task_result_id or not isinstance(render_document.get_backend(), DatabaseBackend):
        return
    with contextlib.suppress(ValidationError):  # not a database backend's id
        DBTaskResult.objects.filter(
            id=task_result_id,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{JobLost.__module__}.{JobLost.__qualname__}",
            traceback="The document sweeper found this job's worker gone.",
        )
