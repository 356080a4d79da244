"""Benchmark the generated-document requests against a bare Django view.

Run: .venv/bin/python bench/document_bench.py [--requests 300] [--renders 10]

In one process, with production settings (DJANGO_DEBUG=0, the database task backend)
and its own SQLite file (var/document_bench.sqlite3, rebuilt each run), it loads the
shipped questionnaire, answers all 60 questions, then times through Django's test
client, p50/p95 over ``--requests`` requests each:

- a bare ``HttpResponse`` view (the baseline);
- the PDF link when it must queue a job (a new document row and a django-tasks-db row
  each time, then a redirect to the waiting page): the cost the web tier now pays;
- the PDF link while the job waits (a redirect), and the waiting page's JSON poll;
- the PDF link once the file is ready (streamed from storage);
- for contrast, the PDF link rendering inline as it used to (immediate backend),
  median over ``--renders`` renders.

Ratios to the bare view are printed because these machines are noisy. Takes about a
minute.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402 (after the path is set)
    answered_assessment,
    configure,
    load_shipped_content,
    p95,
    timed,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--renders", type=int, default=10)
    options = parser.parse_args()
    started = time.perf_counter()
    media = tempfile.TemporaryDirectory(prefix="document-bench-")
    configure("document_bench", DJANGO_TASKS_BACKEND="database", DJANGO_MEDIA_ROOT=media.name)
    print("Preparing the database (shipped questionnaire, 60 answers) ...", flush=True)
    load_shipped_content()
    user, assessment = answered_assessment("Bench ICB")

    from django.test import Client, override_settings
    from django_tasks_db.models import DBTaskResult

    from commissioning.render_queue.models import GeneratedDocument
    from commissioning.render_queue.tasks import render_document

    client = Client()
    client.force_login(user)
    pdf_url = f"/assessments/{assessment.pk}/results.pdf"

    def get(url: str, status: int) -> Callable[[], None]:
        def request() -> None:
            response = client.get(url)
            if response.status_code != status:
                sys.exit(f"{url} answered {response.status_code}, not {status}")
            if response.streaming:
                b"".join(response.streaming_content)

        return request

    def forget() -> None:
        GeneratedDocument.objects.all().delete()
        DBTaskResult.objects.all().delete()

    print(f"Timing requests ({options.requests} each) ...", flush=True)
    bare = timed(get("/__bench__/bare", 200), options.requests)
    enqueue = timed(get(pdf_url, 302), options.requests, before=forget)
    assert DBTaskResult.objects.count() == 1 and GeneratedDocument.objects.count() == 1
    waiting = timed(get(pdf_url, 302), options.requests)
    document = GeneratedDocument.objects.get()
    poll = timed(get(f"/documents/{document.pk}/status.json", 200), options.requests)
    render_document.call(str(document.pk))  # the worker
    ready = timed(get(pdf_url, 200), options.requests)

    print(f"Timing inline renders ({options.renders}) ...", flush=True)
    immediate = {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "documents"],
    }
    with override_settings(TASKS={"default": immediate}):
        inline = timed(get(pdf_url, 200), options.renders, before=forget)

    base = statistics.median(bare)
    print()
    print("Django test client, one process, DJANGO_DEBUG=0, SQLite, django-tasks-db queue")
    header = f"{'request':52} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p50 vs bare':>12}"
    print(header)
    print("-" * len(header))
    rows = [
        ("bare HttpResponse view (baseline)", bare),
        ("PDF link, queues a job (new document + task row)", enqueue),
        ("PDF link while the job waits (redirect)", waiting),
        ("waiting page's JSON poll", poll),
        ("PDF link once ready (file streamed from storage)", ready),
        ("PDF link rendering inline (the old way)", inline),
    ]
    for name, times in rows:
        median = statistics.median(times)
        print(f"{name:52} {len(times):4d} {median:8.2f} {p95(times):8.2f} {median / base:12.1f}")
    print(
        f"\nQueueing costs {statistics.median(enqueue):.1f} ms of web time where rendering "
        f"inline cost {statistics.median(inline):.0f} ms "
        f"({statistics.median(inline) / statistics.median(enqueue):.0f}x less)."
    )
    print(f"Total run time {time.perf_counter() - started:.0f} s.")
    media.cleanup()


if __name__ == "__main__":
    main()
