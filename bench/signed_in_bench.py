"""Time every signed-in page in one process: `.venv/bin/python bench/signed_in_bench.py`.

With production settings (DJANGO_DEBUG=0) on its own SQLite file
(var/signed_in_bench.sqlite3, rebuilt each run), it loads the shipped content, tops the
knowledge base up to 1,000 factors and builds a realistic organisation
(bench/commissioner.py), then requests each page through Django's test client, signed
in, ``--requests`` times, interleaved with a bare ``HttpResponse`` view so a burst of
load elsewhere hits both alike. Prints p50/p95, the ratio to the bare view and the
number of database queries each page runs. Shared machines are noisy: read the ratios.

``--profile NAME`` runs one page (a substring of its name) under cProfile instead and
prints the 30 most expensive functions by cumulative time, and the queries it ran.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import configure, p95  # noqa: E402 (after the path is set)

TARGET_MS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--profile", default="")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key")
    parser.add_argument("--only", default="", help="time only pages whose name has this")
    options = parser.parse_args()
    started = time.perf_counter()
    configure("signed_in_bench")
    print("Preparing the database (shipped content, 1,000 factors, one organisation) ...")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_content", verbosity=0)

    from bench.commissioner import commissioner_seed, signed_in_pages
    from bench.seed_knowledge import seed

    seed(1000)
    commissioner = commissioner_seed()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commissioning.accounts.models import User
    from commissioning.knowledge.models import Factor

    factor = Factor.objects.published().order_by("pk").first()
    client = Client()
    client.force_login(User.objects.get(pk=commissioner.user_pk))
    pages = [p for p in signed_in_pages(commissioner, factor.slug) if options.only in p.name]

    def call(page):
        if page.body is None:
            response = client.get(page.path)
        else:
            response = client.post(
                page.path, page.body, content_type="application/x-www-form-urlencoded"
            )
        if response.status_code not in (200, 302):
            sys.exit(f"{page.name} {page.path} answered {response.status_code}")
        return response

    if options.profile:
        page = next(p for p in pages if options.profile in p.name)
        for _ in range(3):
            call(page)
        with CaptureQueriesContext(connection) as captured:
            call(page)
        for query in captured:
            print(f"{query['time']:>6} {query['sql'][:220]}")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            call(page)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(options.sort).print_stats(45)
        return

    def bare() -> None:
        client.get("/__bench__/bare")

    queries = {}
    for page in pages:
        call(page)  # warm up
        with CaptureQueriesContext(connection) as captured:
            call(page)
        queries[page.name] = len(captured)
    times: dict[str, list[float]] = {"bare": []}
    for page in pages:
        times[page.name] = []
    print(f"Timing {len(pages)} pages, {options.requests} requests each ...", flush=True)
    for _ in range(options.requests):
        for name, function in [("bare", bare), *((p.name, p) for p in pages)]:
            begin = time.perf_counter()
            if name == "bare":
                function()
            else:
                call(function)
            times[name].append((time.perf_counter() - begin) * 1000)

    base = statistics.median(times["bare"])
    print()
    print("Django test client, signed in, DJANGO_DEBUG=0, SQLite, shipped content")
    header = f"{'page':30} {'p50 ms':>8} {'p95 ms':>8} {'vs bare':>8} {'queries':>8}"
    print(header)
    print("-" * len(header))
    print(f"{'bare HttpResponse view':30} {base:8.2f} {p95(times['bare']):8.2f} {1:8.1f} {0:8d}")
    misses = []
    for page in pages:
        median = statistics.median(times[page.name])
        mark = ""
        if page.computed and median >= TARGET_MS:
            mark = "  > 10 ms"
            misses.append(page.name)
        print(
            f"{page.name:30} {median:8.2f} {p95(times[page.name]):8.2f} "
            f"{median / base:8.1f} {queries[page.name]:8d}{mark}"
        )
    if misses:
        print(f"\nOver the 10 ms in-process target: {', '.join(misses)}")
    print(f"Total run time {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
