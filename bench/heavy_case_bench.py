"""The heaviest valid case beside a small one (run: ``.venv/bin/python
bench/heavy_case_bench.py``; part of ``make bench``).

The heaviest case (bench/heavy_case.py: 50 outcomes over 60 years, every input drawn)
against the example new-team case, all measured in the same run because these
machines are noisy and shared:

1. the engine (pure Python): the one-way sensitivity table and the whole analysis;
2. the results page, in a throwaway test database, beside a bare view (/healthz)
   called by the same client: the small case's page; the heavy case's first answer
   (the "Working out the results" page while its analysis is queued); and the heavy
   case's page once the background task has kept its analysis. Target: every results
   page under 2 s;
3. ``manage.py appraise`` on each case file, as the analyst runs it (a new process
   each). Target: the heavy case within 3 times the small one.

Options: --runs N (page requests timed per row, default 5).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.heavy_case import heaviest_case_data  # noqa: E402
from commissioning.cases.economics import analyse_case, one_way, parse_case  # noqa: E402

SMALL = ROOT / "commissioning" / "cases" / "examples" / "new-team.json"
PAGE_TARGET_MS = 2000
CLI_TARGET_RATIO = 3.0


def seconds(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def median_ms(call, runs: int) -> float:
    return statistics.median(seconds(call) * 1000 for _ in range(runs))


def as_json(value):
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def engine() -> None:
    small = parse_case(json.loads(SMALL.read_text(), parse_float=Decimal))
    heavy = parse_case(heaviest_case_data())
    print("1. Engine (pure Python, one run each)")
    for name, call in (("one-way table", one_way), ("whole analysis", analyse_case)):
        small_s, heavy_s = seconds(lambda c=call: c(small)), seconds(lambda c=call: c(heavy))
        print(
            f"   {name:<16} small {small_s * 1000:8.0f} ms   heavy {heavy_s * 1000:8.0f} ms"
            f"   heavy / small {heavy_s / small_s:5.1f}"
        )


def pages(runs: int) -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from commissioning.accounts.models import Membership, Organisation, User
    from commissioning.cases import services
    from commissioning.cases.tasks import analyse_case_task

    user = User.objects.create_user(email="bench@example.org", name="Bench", password="x" * 12)
    org = Organisation.objects.create(name="Bench ICB", kind="icb", area_name="Bench")
    Membership.objects.create(user=user, organisation=org, role="admin")
    small = services.case_create(organisation=org, user=user, kind="new_team", title="Small")
    heavy = services.case_create(organisation=org, user=user, kind="new_team", title="Heavy")
    heavy = services.case_save(
        case=heavy, user=user, inputs=json.loads(json.dumps(heaviest_case_data(), default=str))
    )
    client = Client()
    client.force_login(user)

    def page(case, expect: str):
        def get() -> None:
            response = client.get(f"/cases/{case.pk}/results/")
            assert response.status_code == 200 and expect in response.text, expect

        return get

    client.get("/healthz")  # warm up
    rows = [("bare view /healthz (baseline)", median_ms(lambda: client.get("/healthz"), runs))]
    rows.append(("small case results", median_ms(page(small, "Net present value (NPV)"), runs)))
    rows.append(
        ("heavy case, analysis queued", median_ms(page(heavy, "Working out the results"), runs))
    )
    job = seconds(lambda: analyse_case_task.call(str(heavy.pk)))
    rows.append(("heavy case results (kept)", median_ms(page(heavy, "Net present value"), runs)))
    base = rows[0][1]
    print(f"\n2. Results pages (median of {runs}; target under {PAGE_TARGET_MS} ms)")
    for name, ms in rows:
        verdict = "" if "baseline" in name else ("within" if ms < PAGE_TARGET_MS else "OVER")
        print(f"   {name:<34}{ms:9.1f} ms {ms / base:9.1f} x baseline  {verdict}")
    print(f"   (the background task itself took {job:.1f} s)")


def cli() -> None:
    environment = {**os.environ, "DJANGO_DEBUG": "1"}
    with tempfile.TemporaryDirectory() as folder:
        heavy = Path(folder) / "heaviest.json"
        heavy.write_text(json.dumps(as_json(heaviest_case_data())))
        times = {}
        for name, path in (("small", SMALL), ("heavy", heavy)):
            command = [sys.executable, str(ROOT / "manage.py"), "appraise", str(path)]
            times[name] = seconds(
                lambda c=command: subprocess.run(
                    c, check=True, env=environment, stdout=subprocess.DEVNULL
                )
            )
    ratio = times["heavy"] / times["small"]
    verdict = "within" if ratio <= CLI_TARGET_RATIO else "OVER"
    print(f"\n3. manage.py appraise (one process each; target heavy / small <= {CLI_TARGET_RATIO})")
    print(
        f"   small {times['small']:.1f} s   heavy {times['heavy']:.1f} s   "
        f"heavy / small {ratio:.2f}  {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    engine()
    pages(options.runs)
    cli()


if __name__ == "__main__":
    main()
