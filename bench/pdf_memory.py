"""Memory soak for the PDF worker: `make soak-pdf`.

Run: .venv/bin/python bench/pdf_memory.py [--renders 1000] [--baseline-after 50]

In one worker-like process, with production settings (DJANGO_DEBUG=0, the database
task backend) and its own SQLite file (var/pdf_memory.sqlite3, rebuilt each run), it
loads the shipped questionnaire and knowledge base, answers all 60 questions, adopts
a few actions, then renders the assessment's results PDF ``--renders`` times through
exactly the path production uses: the document is queued (a django-tasks-db row), and
django-tasks-db's own ``Worker`` claims and runs the task (``render_document``: the
SIGALRM guard, WeasyPrint, saving the file to storage, marking it done).

It prints the process's resident memory (RSS) after the first ``--baseline-after``
renders and after the last one, and their ratio, and exits non-zero if the ratio is
above 1.5. Takes a few minutes; not part of `make test`.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402 (after the path is set)
    answered_assessment,
    configure,
    load_shipped_content,
    rss_mb,
)

LIMIT = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=1000)
    parser.add_argument("--baseline-after", type=int, default=50)
    options = parser.parse_args()
    if not 0 < options.baseline_after < options.renders:
        sys.exit("--baseline-after must be between 0 and --renders")
    started = time.perf_counter()
    media = tempfile.TemporaryDirectory(prefix="pdf-soak-")
    configure("pdf_memory", DJANGO_TASKS_BACKEND="database", DJANGO_MEDIA_ROOT=media.name)
    print("Preparing the database (shipped questionnaire, 60 answers) ...", flush=True)
    load_shipped_content()
    user, assessment = answered_assessment("Soak ICB", adopt=5)

    from django.core.files.storage import default_storage
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from commissioning.assessment.results_document import RESULTS_PDF
    from commissioning.render_queue import services
    from commissioning.render_queue.models import GeneratedDocument

    document = services.document_request(kind=RESULTS_PDF, owner=assessment, user=user)
    worker = Worker(
        queue_names=["documents"],
        interval=0,
        batch=True,  # run what is queued, then return
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="pdf-soak",
        excluded_queue_names=[],
    )

    def render_once() -> None:
        worker.run()
        document.refresh_from_db()
        if document.status != GeneratedDocument.Status.DONE:
            sys.exit(f"Render failed: {document.status} {document.error}")
        # Queue it again, as "Try again" would; keep storage and the queue table small.
        default_storage.delete(document.file.name)
        DBTaskResult.objects.all().delete()
        GeneratedDocument.objects.filter(pk=document.pk).update(status="failed")
        services.document_retry(document=document)

    print(f"Rendering the results PDF {options.renders} times ...", flush=True)
    baseline = None
    times = []
    for n in range(1, options.renders + 1):
        tick = time.perf_counter()
        render_once()
        times.append(time.perf_counter() - tick)
        if n == options.baseline_after:
            baseline = rss_mb()
        if n % 100 == 0 or n == options.baseline_after:
            print(f"  {n:5d} renders  RSS {rss_mb():7.1f} MB", flush=True)
    final = rss_mb()
    ratio = final / baseline
    times.sort()
    median = times[len(times) // 2]
    print()
    print(
        f"Results PDF ({document.size // 1024} KB) rendered {options.renders} times in one "
        f"worker process; median {median * 1000:.0f} ms per render"
    )
    print(f"RSS after {options.baseline_after:5d} renders: {baseline:7.1f} MB")
    print(f"RSS after {options.renders:5d} renders: {final:7.1f} MB")
    verdict = "within" if ratio <= LIMIT else "OVER"
    print(f"Ratio {ratio:.2f} ({verdict} the {LIMIT}x limit)")
    print(f"Total run time {time.perf_counter() - started:.0f} s.")
    media.cleanup()
    if ratio > LIMIT:
        sys.exit(1)


if __name__ == "__main__":
    main()
