"""Recover generated documents whose job was lost: queue them again while attempts
remain, else mark them failed. Every worker runs this at start and every
DOCUMENT_SWEEP_INTERVAL seconds, and the waiting page runs it for its own document;
run it from cron too if you like. Safe to run anywhere, concurrently."""

from django.core.management.base import BaseCommand

from commissioning.render_queue.services import document_sweep


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args: object, **options: object) -> None:
        report = document_sweep()
        self.stdout.write(f"Requeued {report.requeued}, failed {report.failed}.")
