"""Benchmark the benchmarks page as the number of sharing organisations grows.

Run: .venv/bin/python bench/benchmarks_bench.py [--organisations 10 100 300] [--requests 30]

In one process, with production settings (DJANGO_DEBUG=0) and its own SQLite file
(var/benchmarks_bench.sqlite3, rebuilt each run), it loads the shipped questionnaire and
knowledge base, then for each size N makes N organisations (ICBs and local authorities)
that share, each with a submitted assessment of all 60 questions, and times one
organisation's benchmarks page through Django's test client (p50/p95 over
``--requests`` requests, the first request excluded), beside a bare ``HttpResponse`` view
called the same way, and counts the queries of one request. Ratios to the bare view
are printed because these machines are noisy.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402 (after the path is set)
    answered_assessment,
    configure,
    load_shipped_content,
    p95,
    timed,
)


def add_sharing_organisations(start: int, stop: int) -> tuple:
    from commissioning.assessment import services as assessment_services
    from commissioning.benchmarks import services

    first = None  # the first new organisation: (its admin, it)
    for n in range(start, stop):
        kind = "icb" if n % 3 == 0 else "local_authority"
        user, assessment = answered_assessment(f"Bench organisation {n}", kind=kind, seed=n)
        assessment_services.assessment_submit(assessment=assessment, user=user)
        services.sharing_opt_in(organisation=assessment.organisation, user=user)
        first = first or (user, assessment.organisation)
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    started = time.perf_counter()
    configure("benchmarks_bench")
    print("Loading the shipped content ...", flush=True)
    load_shipped_content()

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def get(url: str):
        def request() -> None:
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")

        return request

    rows = []
    viewer = None
    made = 0
    for size in sorted(options.organisations):
        print(f"Making {size} sharing organisations ...", flush=True)
        first_new = add_sharing_organisations(made, size)
        viewer = viewer or first_new  # the same organisation views the page each time
        made = size
        user, organisation = viewer
        client.force_login(user)
        url = f"/benchmarks/{organisation.pk}/"
        cache.clear()
        # Count right away: the next request empties the connection's query log.
        with CaptureQueriesContext(connection) as captured:
            first = time.perf_counter()
            get(url)()
            first_ms = (time.perf_counter() - first) * 1000
        cold = len(captured)
        with CaptureQueriesContext(connection) as captured:
            get(url)()
        warm = len(captured)
        bare = timed(get("/__bench__/bare"), options.requests)
        page = timed(get(url), options.requests, warm_up=0)
        rows.append((size, cold, warm, first_ms, bare, page))

    print()
    print("Django test client, one process, DJANGO_DEBUG=0, SQLite, 60-question assessments")
    header = (
        f"{'sharing':>8} {'queries':>16} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'bare p50':>9} {'p50 vs bare':>12}"
    )
    print(header)
    print("-" * len(header))
    for size, cold, warm, first_ms, bare, page in rows:
        base = statistics.median(bare)
        median = statistics.median(page)
        print(
            f"{size:8d} {f'{cold} cold, {warm} warm':>16} {first_ms:9.1f} {median:8.1f} "
            f"{p95(page):8.1f} {base:9.2f} {median / base:12.1f}"
        )
    print(f"Total run time {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
