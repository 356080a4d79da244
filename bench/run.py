"""Benchmark harness: `make bench`.

Starts gunicorn (2 workers, DJANGO_DEBUG=0) on loopback, loads each page with wrk for
a fixed time (bounded: a few seconds a page, loopback only), and prints requests/s
and p50/p95 latency beside a bare Django view served by the same server in the same
run. Figures are reported as ratios to that baseline because these machines are noisy.
Everything it starts is stopped before it exits.

Options: --duration SECONDS per page (default 5), --connections N (default 8).
Set BENCH_DATABASE_URL to benchmark on PostgreSQL (default: a SQLite file in var/).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT))  # bench.commissioner, when run as a script


def free_port() -> int:
    """A loopback port nothing listens on, so the bench never measures another server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
BASE = f"http://127.0.0.1:{PORT}"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    signed_in: bool = False
    # Latency rows use one connection per worker, so p95 is the page's own time
    # rather than time spent queueing behind other requests.
    connections: int | None = None
    body: str | None = None  # a form POST (with a CSRF token) when set


# Later capabilities add their pages here.
PAGES = [
    Page("bare Django view (baseline)", "/__bench__/bare"),
    Page("home", "/"),
    Page("sign in", "/accounts/login/"),
    Page("accessibility statement", "/accessibility/"),
    Page("health check", "/healthz"),
    Page("static CSS (whitenoise)", "/static/css/site.css"),
    # Knowledge base with 1,000 published factors. Anonymous pages are served from the
    # page cache; the signed-in rows show the uncached cost of the same queries.
    Page("knowledge list (anonymous)", "/knowledge/"),
    Page("knowledge factor page (anonymous)", "/knowledge/{factor}/"),
    Page("knowledge filtered list (anonymous)", "/knowledge/?kind=barrier&comb=OPh&level=general"),
    Page("knowledge search (anonymous)", "/knowledge/?q=funding+budget"),
    Page("BCW explorer (anonymous)", "/knowledge/behaviour-change-wheel/"),
    Page("API factors (anonymous)", "/api/knowledge/factors/?comb=CPs"),
]

SETUP = """
import json
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.middleware.csrf import _get_new_csrf_string
from bench.commissioner import commissioner_seed, query_counts
from bench.run import all_pages
from bench.seed_knowledge import seed
from commissioning.accounts.models import User
from commissioning.knowledge.models import Factor
seed(1000)
commissioner = commissioner_seed()
user = User.objects.get(pk=commissioner.user_pk)
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
factor = Factor.objects.published().order_by("pk").first()
pages = all_pages(commissioner.__dict__, factor.slug)
counts = query_counts([(p.path, p.body, p.signed_in) for p in pages], user.pk)
print("BENCHSETUP " + json.dumps({
    "session": s.session_key, "csrf": _get_new_csrf_string(), "factor": factor.slug,
    "commissioner": commissioner.__dict__, "queries": counts,
}))
"""


def all_pages(commissioner: dict, factor_slug: str) -> list[Page]:
    """PAGES with their paths filled in, then every signed-in page a commissioner uses
    (bench/commissioner.py), each at the usual connections and again at 2 (latency)."""
    from bench.commissioner import Commissioner, signed_in_pages

    c = Commissioner(**commissioner)
    pages = [
        Page(
            p.name,
            p.path.format(org=c.organisation_pk, factor=factor_slug),
            p.signed_in,
            p.connections,
        )
        for p in PAGES
    ]
    for page in signed_in_pages(c, factor_slug):
        pages.append(Page(page.name + " (signed in)", page.path, True, body=page.body))
        pages.append(Page("  same, 2 connections", page.path, True, 2, body=page.body))
    return pages


def chosen(pages: list[Page], only: str) -> list[Page]:
    """The baseline and the pages whose name has ``only``, each with its 2-connection row."""
    kept = [pages[0]]
    for page in pages[1:]:
        follows = page.connections == 2 and kept[-1].path == page.path
        if only in page.name or follows:
            kept.append(page)
    return kept


def bench_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    (ROOT / "var").mkdir(exist_ok=True)
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "b" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": os.environ.get(
                "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
            ),
        }
    )
    return env


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def wait_until_up(server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode} (is port {PORT} free?)")
        try:
            with urllib.request.urlopen(BASE + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not become healthy in time")


def run_wrk(
    path: str,
    duration: int,
    connections: int,
    cookie: str | None,
    body: str | None = None,
    csrf: str = "",
) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        "-s",
        str(ROOT / "bench" / "p95.lua"),
    ]
    if cookie:
        csrf_cookie = f"; csrftoken={csrf}" if body else ""
        command += ["-H", f"Cookie: sessionid={cookie}{csrf_cookie}"]
    environment = {**os.environ, "WRK_BODY": body or "", "WRK_CSRF": csrf}
    output = subprocess.run(
        [*command, BASE + path],
        capture_output=True,
        text=True,
        timeout=duration + 30,
        env=environment,
    ).stdout
    line = next((ln for ln in output.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        sys.exit(f"wrk gave no result for {path}:\n{output}")
    figures = json.loads(line.removeprefix("WRKJSON "))
    non_2xx = next((ln for ln in output.splitlines() if "Non-2xx" in ln), None)
    figures["non_2xx"] = int(non_2xx.split()[-1]) if non_2xx else 0
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", default="", help="measure only pages whose name has this")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: run bin/system-deps bench")

    env = bench_env()
    print("Preparing the database and static files ...", flush=True)
    manage("migrate", "--noinput", env=env)
    manage("load_content", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    setup = manage("shell", "-c", SETUP, env=env)
    prepared = json.loads(
        next(ln for ln in setup.splitlines() if ln.startswith("BENCHSETUP")).removeprefix(
            "BENCHSETUP "
        )
    )
    session_key, csrf = prepared["session"], prepared["csrf"]
    pages = all_pages(prepared["commissioner"], prepared["factor"])
    queries = dict(zip([id(p) for p in pages], prepared["queries"], strict=True))

    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    results = []
    try:
        wait_until_up(server)
        for page in chosen(pages, options.only):
            cookie = session_key if page.signed_in else None
            connections = page.connections or options.connections
            run_wrk(page.path, 1, connections, cookie, page.body, csrf)  # warm up
            figures = run_wrk(page.path, options.duration, connections, cookie, page.body, csrf)
            results.append((page, figures))
            print(f"  measured {page.name}: {figures['rps']:.0f} req/s", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    baseline = results[0][1]["rps"]
    print()
    print(
        f"gunicorn 2 workers, DJANGO_DEBUG=0, {env['DATABASE_URL'].split(':')[0]}, "
        f"wrk -t2 -c{options.connections} -d{options.duration}s, loopback"
    )
    header = (
        f"{'page':42} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs bare':>8} "
        f"{'queries':>7}"
    )
    print(header)
    print("-" * len(header))
    misses = []
    for page, figures in results:
        errors = figures["errors"] + figures["non_2xx"]
        mark = ""
        if page.signed_in and page.connections is None and figures["rps"] < 0.15 * baseline:
            mark = "  < 0.15x"
        if page.signed_in and page.connections == 2 and figures["p95_ms"] >= 50:
            mark = "  p95 >= 50 ms"
        if mark:
            misses.append(page.name.strip())
        print(
            f"{page.name:42} {figures['rps']:8.0f} {figures['p50_ms']:8.2f} "
            f"{figures['p95_ms']:8.2f} {errors:7d} {figures['rps'] / baseline:8.2f} "
            f"{queries[id(page)]:7d}{mark}"
        )
    print(
        "\nTargets (issue 17): signed in, at least 0.15x the bare view at "
        f"{options.connections} connections and p95 under 50 ms at 2. "
        + (f"Missed by {len(misses)} rows (marked)." if misses else "All met.")
    )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "pages.json").write_text(
        json.dumps([{"page": p.name, "queries": queries[id(p)], **f} for p, f in results], indent=2)
    )


if __name__ == "__main__":
    main()
