"""Real ``manage.py db_worker`` processes against the test database: killed with
SIGKILL mid-render, the job is retried or failed within a bounded time and never
stays "running"; a render that runs too long is stopped by the SIGALRM guard.

The worker must open the same database as the test. On PostgreSQL that is the test
database itself (``transactional_db``, so rows are committed). pytest-django's SQLite
test database lives in memory, which another process cannot open, so for these tests
it is copied to a file and this process's connection is pointed at the file.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from commissioning.render_queue import services
from commissioning.render_queue.models import GeneratedDocument
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.factories import make_membership, make_organisation, make_user
from tests.render_queue.conftest import DATABASE_TASKS
from tests.render_queue.fakes import SLOW_RESULTS_PDF

ROOT = Path(__file__).resolve().parents[2]
Status = GeneratedDocument.Status
STALE_AFTER = 3  # seconds; the worker subprocesses' render timeout is shorter
STARTUP = 60  # seconds a worker may take to start and claim (slow CI machines)


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """A DATABASE_URL for the test database that a subprocess can open."""
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = quote(params["USER"] or "", safe="")
        if params["PASSWORD"]:
            credentials += ":" + quote(params["PASSWORD"], safe="")
        host = f"{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
        yield f"postgres://{credentials}@{host}/{params['NAME']}"
        return
    if not connection.is_in_memory_db():
        yield f"sqlite:///{params['NAME']}"
        return
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    target = sqlite3.connect(path)
    memory.backup(target)  # schema, content types, everything migrate made
    target.close()
    name = params["NAME"]
    connection.connection = None  # kept open (it *is* the test database), not closed
    params["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        params["NAME"] = name
        connection.connection = memory


@pytest.fixture
def settings_for_workers(settings):
    settings.TASKS = DATABASE_TASKS
    settings.DOCUMENT_RENDER_TIMEOUT = STALE_AFTER - 1
    settings.DOCUMENT_STALE_AFTER = STALE_AFTER
    return settings


class Workers:
    """Starts worker subprocesses and stops every one of them afterwards."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self.database_url = database_url
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen] = []
        self.killed: set[int] = set()

    def start(self, *, delay: float = 0, **env: object) -> subprocess.Popen:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "tests.render_queue.worker_settings",
                "DJANGO_DEBUG": "1",
                "DJANGO_TASKS_BACKEND": "database",
                "DJANGO_CONN_MAX_AGE": "0",
                "DATABASE_URL": self.database_url,
                "DJANGO_MEDIA_ROOT": str(self.tmp_path / "media"),
                "DOCUMENT_RENDER_TIMEOUT": "20",
                "DOCUMENT_STALE_AFTER": "30",
                "TEST_RENDER_DELAY": str(delay),
                "PYTHONPATH": str(ROOT),
                **{k: str(v) for k, v in env.items()},
            }
        )
        log = open(self.tmp_path / f"worker-{len(self.started)}.log", "wb")  # noqa: SIM115
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "documents",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
                "--worker-id",
                f"test-worker-{len(self.started)}",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen) -> int:
        self.killed.add(worker.pid)
        os.kill(worker.pid, signal.SIGKILL)
        return worker.wait(timeout=30)

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.tmp_path.glob("worker-*.log"))
        )

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=30)


@pytest.fixture
def workers(shared_database, tmp_path):
    pool = Workers(shared_database, tmp_path)
    yield pool
    pool.stop_all()


def wait_for(predicate, *, timeout: float, workers: Workers, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        latest = workers.started[-1] if workers.started else None
        if latest is not None and latest.pid not in workers.killed and latest.poll() is not None:
            pytest.fail(f"The worker exited ({latest.returncode}):\n{workers.logs()}")
        time.sleep(0.1)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}. Worker output:\n{workers.logs()}")


def status_of(document) -> str:
    return GeneratedDocument.objects.values_list("status", flat=True).get(pk=document.pk)


def queue_slow_pdf() -> GeneratedDocument:
    """A results PDF queued for the workers (committed at once: no test transaction)."""
    user = make_user()
    organisation = make_organisation()
    make_membership(user=user, organisation=organisation, role="admin")
    make_small_instrument()
    assessment = make_assessment(organisation=organisation, user=user, title="Kill test")
    answer_all(assessment, user, 3)
    document = services.document_request(kind=SLOW_RESULTS_PDF, owner=assessment, user=user)
    assert document.status == Status.QUEUED and document.task_result_id
    return document


def kill_mid_render(workers: Workers, document) -> float:
    """Start a worker on a slow render, SIGKILL it once it is rendering, and show that
    nothing else would ever move the job on. Returns when the render started."""
    worker = workers.start(delay=60)
    wait_for(
        lambda: status_of(document) == Status.RUNNING,
        timeout=STARTUP,
        workers=workers,
        what="the worker to claim the job",
    )
    assert workers.kill(worker) == -signal.SIGKILL
    document.refresh_from_db()
    assert document.status == Status.RUNNING and document.attempts == 1
    job = DBTaskResult.objects.get(id=document.task_result_id)
    assert job.status == TaskResultStatus.RUNNING  # django-tasks-db alone: stuck for good
    return document.started_at.timestamp()


def test_a_killed_worker_s_job_is_retried_and_finishes(
    settings_for_workers, workers, client, django_user_model
):
    document = queue_slow_pdf()
    old_job = document.task_result_id
    started = kill_mid_render(workers, document)

    # The waiting page's JSON endpoint notices the job is lost once it has been
    # running longer than DOCUMENT_STALE_AFTER, and queues it again.
    client.force_login(django_user_model.objects.get(pk=document.created_by_id))

    def recovered() -> bool:
        return client.get(f"/documents/{document.pk}/status.json").json()["status"] == "queued"

    wait_for(recovered, timeout=STALE_AFTER + 5, workers=workers, what="the job to be requeued")
    assert time.time() - started < STALE_AFTER + 3
    assert DBTaskResult.objects.get(id=old_job).status == TaskResultStatus.FAILED

    # A healthy worker (no delay) picks the new job up and finishes it.
    workers.start(delay=0)
    wait_for(
        lambda: status_of(document) == Status.DONE,
        timeout=STARTUP,
        workers=workers,
        what="the retried render",
    )
    document.refresh_from_db()
    assert document.attempts == 2 and document.error == ""
    response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF")


def test_a_killed_worker_s_job_fails_within_the_bound_with_no_one_watching(
    settings_for_workers, workers
):
    """Out of attempts, and no page polling: the next worker's sweeper fails the job."""
    document = queue_slow_pdf()
    kill_mid_render(workers, document)
    workers.start(
        delay=0,
        DOCUMENT_MAX_ATTEMPTS=1,
        DOCUMENT_RENDER_TIMEOUT=STALE_AFTER - 1,
        DOCUMENT_STALE_AFTER=STALE_AFTER,
        DOCUMENT_SWEEP_INTERVAL=1,
    )
    wait_for(
        lambda: status_of(document) == Status.FAILED,
        timeout=STARTUP,
        workers=workers,
        what="the sweeper to fail the job",
    )
    # Failed no sooner than the bound allows (a live render could still be running)...
    document.refresh_from_db()
    assert (document.finished_at - document.started_at).total_seconds() >= STALE_AFTER
    assert document.error == services.ERROR_WORKER_LOST.format(attempts=1)
    assert DBTaskResult.objects.get(id=document.task_result_id).status == TaskResultStatus.FAILED


def test_a_render_that_hangs_is_stopped_by_the_alarm_and_the_worker_goes_on(
    settings_for_workers, workers
):
    document = queue_slow_pdf()
    worker = workers.start(delay=60, DOCUMENT_RENDER_TIMEOUT=1, DOCUMENT_STALE_AFTER=30)
    wait_for(
        lambda: status_of(document) == Status.FAILED,
        timeout=STARTUP,
        workers=workers,
        what="the render to time out",
    )
    document.refresh_from_db()
    assert document.error == services.ERROR_TIMEOUT.format(seconds=1)
    assert (document.finished_at - document.started_at).total_seconds() < 10
    # The document row is failed inside the task; the queue marks its own row a moment
    # later, once the task has raised.
    wait_for(
        lambda: (
            DBTaskResult.objects.get(id=document.task_result_id).status == TaskResultStatus.FAILED
        ),
        timeout=STARTUP,
        workers=workers,
        what="the queue to record the failure",
    )
    job = DBTaskResult.objects.get(id=document.task_result_id)
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "commissioning.render_queue.timeout.RenderTimeout"
    assert worker.poll() is None  # the worker survived and is ready for the next job

    worker.send_signal(signal.SIGTERM)  # a graceful stop, as systemd would
    assert worker.wait(timeout=30) == 0
