"""django-tasks-db's ``db_worker``, plus the document sweeper.

django-tasks-db has no timeouts, retries or recovery of orphaned jobs: a worker that
is killed (out of memory, deploy, machine lost) leaves its job "running" for ever.
This command (it takes the package's name because this app comes first in
INSTALLED_APPS) sweeps stranded documents once at start and then every
DOCUMENT_SWEEP_INTERVAL seconds from a background thread, then runs the package's
worker unchanged. Renders are limited by SIGALRM in the main thread
(``timeout.wall_clock_limit``)."""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from commissioning.render_queue.services import document_sweep

logger = logging.getLogger("commissioning.render_queue")


def sweep_once() -> None:
    try:
        report = document_sweep()
    except Exception:
        # The database may be restarting; the next sweep will try again.
        logger.exception("Document sweep failed")
        return
    if report.requeued or report.failed:
        logger.warning("Document sweep: requeued %s, failed %s", report.requeued, report.failed)


def sweep_forever(interval: float) -> None:
    while True:
        time.sleep(interval)
        close_old_connections()
        sweep_once()
        connection.close()  # this thread's own connection; never held while asleep


class Command(db_worker.Command):
    help = db_worker.Command.help + ", sweeping lost document jobs at start and periodically"

    def handle(self, *args: object, **options: object) -> None:
        sweep_once()
        connection.close()
        threading.Thread(
            target=sweep_forever,
            args=(settings.DOCUMENT_SWEEP_INTERVAL,),
            name="document-sweeper",
            daemon=True,
        ).start()
        super().handle(*args, **options)
