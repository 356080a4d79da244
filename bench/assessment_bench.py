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
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "assessment_bench.sqlite3"


def configure() -> None:
    sys.path.insert(0, str(ROOT))
    for key in [k for k in os.environ if k.startswith("DJANGO_")]:
        del os.environ[key]
    (ROOT / "var").mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "toolkit.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "b" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{DATABASE}",
            # Render PDFs inline: this measures the render, not the queue.
            "DJANGO_TASKS_BACKEND": "immediate",
        }
    )
    import django
    from django.conf import settings

    django.setup()
    # The site's URLs plus the bare baseline view.
    settings.ROOT_URLCONF = "bench.urls"
    # The manifest storage needs collectstatic; plain storage resolves {% static %}
    # just as cheaply and leaves var/static to the other benchmark.
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def prepare() -> tuple:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from commissioning.accounts.models import Membership, Organisation, User
    from commissioning.assessment import plan_services, services
    from commissioning.assessment.models import Answer, Question
    from commissioning.knowledge.models import Action
    from commissioning.knowledge.services import (
        bundle_apply,
        frameworks_load,
        shipped_bundle,
        shipped_frameworks,
    )

    frameworks_load(shipped_frameworks())
    bundle_apply(shipped_bundle(), overwrite=False)
    services.instrument_load(services.shipped_instruments()[0])
    user = User.objects.create_user(email="bench@bench.example", name="Bench", password=None)
    organisation = Organisation.objects.create(name="Bench ICB", kind="icb", area_name="Bench")
    Membership.objects.create(user=user, organisation=organisation, role="admin")
    assessment = services.assessment_start(
        organisation=organisation, user=user, title="Bench readiness", area_name="Bench"
    )
    questions = list(Question.objects.order_by("section__order", "order"))
    # A realistic spread: mostly 0-3, every seventh "don't know", some notes.
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=q,
            respondent=user,
            rating=None if i % 7 == 6 else i % 4,
            dont_know=i % 7 == 6,
            note="From the JSNA and the perinatal plan." if i % 3 == 0 else "",
        )
        for i, q in enumerate(questions)
    )
    for action in Action.objects.order_by("pk")[:5]:
        plan_services.plan_adopt(assessment=assessment, action=action)
    return user, assessment, len(questions)


def timed(function: Callable[[], object], repeat: int, warm_up: int = 5) -> list[float]:
    for _ in range(warm_up):
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--renders", type=int, default=15)
    options = parser.parse_args()
    started = time.perf_counter()
    configure()
    print("Preparing the database (shipped instrument, 60 answers) ...", flush=True)
    user, assessment, answered = prepare()

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
    pdfs = timed(get(pdf_url), options.renders, warm_up=2)
    pdf = client.get(pdf_url).content

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


if __name__ == "__main__":
    main()
