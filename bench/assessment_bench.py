"""Benchmark the self-assessment's results page and results PDF.

Run: .venv/bin/python bench/assessment_bench.py [--requests 200] [--renders 15]

In one process, with production settings (DJANGO_DEBUG=0) and its own SQLite file
(var/assessment_bench.sqlite3, rebuilt each run), it loads the shipped instrument and
knowledge base, answers all 60 questions, adopts a few actions, then times:

- the results page (and the action plan) through Django's test client, p50/p95 over
  ``--requests`` requests, beside a bare ``HttpResponse`` view called the same way;
- the results PDF (the view, WeasyPrint included), median over ``--renders``
  renders, beside a bare WeasyPrint render of a trivial page.

Figures are reported as ratios to those baselines because these machines are noisy.
The target for the PDF is a median under one second. Takes about a minute.
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
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--renders", type=int, default=15)
    options = parser.parse_args()
    started = time.perf_counter()
    # Render PDFs inline: this measures the render, not the queue.
    media = tempfile.TemporaryDirectory(prefix="assessment-bench-")
    configure("assessment_bench", DJANGO_TASKS_BACKEND="immediate", DJANGO_MEDIA_ROOT=media.name)
    print("Preparing the database (shipped instrument, 60 answers) ...", flush=True)
    load_shipped_content()
    user, assessment = answered_assessment("Bench ICB", adopt=5)
    answered = assessment.answers.count()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    results_url = f"/assessments/{assessment.pk}/results/"
    plan_url = f"/assessments/{assessment.pk}/plan/"
    pdf_url = f"/assessments/{assessment.pk}/results.pdf"

    def get(url: str) -> Callable[[], None]:
        def request() -> None:
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")

        return request

    with CaptureQueriesContext(connection) as captured:
        get(results_url)()
    queries = len(captured)

    print(f"Timing pages ({options.requests} requests each) ...", flush=True)
    bare = timed(get("/__bench__/bare"), options.requests)
    results = timed(get(results_url), options.requests)
    plan = timed(get(plan_url), options.requests)

    print(f"Timing PDFs ({options.renders} renders each) ...", flush=True)
    import weasyprint

    def bare_pdf() -> None:
        weasyprint.HTML(string="<!DOCTYPE html><html lang='en-GB'><p>Hello</p></html>").write_pdf()

    bare_pdfs = timed(bare_pdf, options.renders, warm_up=2)
    from commissioning.render_queue.models import GeneratedDocument

    def forget() -> None:
        """An unchanged assessment's PDF is served from storage: drop it, so each
        request renders."""
        GeneratedDocument.objects.all().delete()

    pdfs = timed(get(pdf_url), options.renders, warm_up=2, before=forget)
    response = client.get(pdf_url)
    pdf = b"".join(response.streaming_content) if response.streaming else response.content

    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    base_page, base_pdf = statistics.median(bare), statistics.median(bare_pdfs)

    print()
    print(
        f"Django test client, DJANGO_DEBUG=0, SQLite, shipped instrument, "
        f"{answered} questions answered; results page runs {queries} queries"
    )
    header = f"{'what':44} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p50 vs bare':>12}"
    print(header)
    print("-" * len(header))
    rows = [
        ("bare HttpResponse view (baseline)", bare, base_page),
        ("results page", results, base_page),
        ("action plan page", plan, base_page),
        ("bare WeasyPrint render (baseline)", bare_pdfs, base_pdf),
        (f"results PDF ({pages} pages, {len(pdf) // 1024} KB)", pdfs, base_pdf),
    ]
    for name, times, base in rows:
        median = statistics.median(times)
        print(f"{name:44} {len(times):4d} {median:8.1f} {p95(times):8.1f} {median / base:12.1f}")
    verdict = "meets" if statistics.median(pdfs) < 1000 else "MISSES"
    print(f"\nResults PDF median {statistics.median(pdfs):.0f} ms: {verdict} the 1 s target.")
    print(f"Total run time {time.perf_counter() - started:.0f} s.")
    media.cleanup()


if __name__ == "__main__":
    main()
