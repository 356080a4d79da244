"""Load and fault test: `make soak` (loopback only, bounded in time).

Prepares a fresh PostgreSQL database, starts the production server (gunicorn,
DJANGO_DEBUG=0) and, when the documents app provides one, a PDF worker; then plays 50
concurrent commissioners with locust for 60 s (bench/locustfile.py) and reports
requests/s and p50/p95/p99 per step and the error count. Afterwards it checks in the
database that every answer the script saved is there exactly once, with its last value.

With --faults it does the same while restarting PostgreSQL once and killing one
gunicorn worker once, reports what failed during the outage and how long the site took
to recover, then checks the data the same way.

Options: --users 50 --seconds 60 --faults. Needs PostgreSQL on 127.0.0.1:5432 (user
postgres, trust auth), as on the CI machines.
"""

import argparse
import contextlib
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB = "pair_soak"
PG = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres"]

SETUP = """
import json, os
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from commissioning.accounts.models import Membership, Organisation, User
from commissioning.assessment import services as assessments
from commissioning.assessment.models import Question
from commissioning.knowledge.models import Factor
try:
    from commissioning.cases import services as cases
except ImportError:
    cases = None
users = []
for n in range(int(os.environ["SOAK_USERS"])):
    org, _ = Organisation.objects.get_or_create(
        name=f"Soak ICB {n // 5}", defaults={"kind": "icb", "area_name": f"Area {n // 5}"})
    user, _ = User.objects.get_or_create(
        email=f"soak{n}@soak.example", defaults={"name": f"Soak {n}"})
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "admin"})
    assessment = assessments.assessment_start(
        organisation=org, user=user, title=f"Soak {n}", area_name=org.area_name)
    case = None
    if cases is not None and hasattr(cases, "case_create"):
        case = cases.case_create(
            organisation=org, user=user, kind="new_team", title=f"Soak case {n}").pk
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    users.append({"email": user.email, "session": session.session_key,
                  "assessment": str(assessment.pk), "case": case})
instrument = assessments.current_instrument()
questions = [[q.section.code, q.code] for q in
             Question.objects.filter(section__instrument=instrument).select_related("section")]
factors = list(Factor.objects.published().values_list("slug", flat=True))
print("SOAKSETUP " + json.dumps({"users": users, "questions": questions, "factors": factors}))
"""

VERIFY = """
import json, os
from collections import Counter
from django.db.models import Count
from commissioning.assessment.models import Answer
log = json.load(open(os.environ["SOAK_SAVED_LOG"]))
saved, uncertain = log["saved"], log["uncertain"]
last = {}
for record in sorted(saved, key=lambda r: r["at"]):
    last[(record["user"], record["question"])] = record
later_uncertain = {}
for record in uncertain:
    key = (record["user"], record["question"])
    if key not in last or record["at"] > last[key]["at"]:
        later_uncertain.setdefault(key, set()).add(record["rating"])
rows = {(a.respondent.email, a.question.code): a.rating
        for a in Answer.objects.select_related("respondent", "question")}
duplicates = (Answer.objects.values("assessment", "question", "respondent")
              .annotate(n=Count("id")).filter(n__gt=1).count())
missing, wrong = [], []
for key, record in last.items():
    if key not in rows:
        missing.append(key)
    elif rows[key] != record["rating"] and rows[key] not in later_uncertain.get(key, set()):
        wrong.append((key, record["rating"], rows[key]))
print("SOAKVERIFY " + json.dumps({
    "saved_posts": len(saved), "distinct_answers_checked": len(last),
    "uncertain_posts": len(uncertain), "missing": len(missing), "wrong_value": len(wrong),
    "duplicate_rows": duplicates, "examples": [str(x) for x in (missing + wrong)[:5]]}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} failed:\n{result.stdout}\n{result.stderr}")
    return result


def marked(output: str, mark: str) -> dict:
    line = next(ln for ln in output.splitlines() if ln.startswith(mark + " "))
    return json.loads(line.removeprefix(mark + " "))


def healthy(base: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def pg_cluster() -> str:
    return os.listdir("/etc/postgresql")[0]


# Under full load a probe waits in the same queue as the users' requests, so it gets
# a generous timeout: recovery time is "until the site answers healthy again".
PROBE_TIMEOUT = 30
RECOVERY_LIMIT = 30  # seconds; more than this and the fault run fails


def wait_until_healthy(base: str, started: float) -> float:
    while not healthy(base, PROBE_TIMEOUT) and time.monotonic() - started < 90:
        time.sleep(0.25)
    return round(time.monotonic() - started, 2)


def inject_faults(base: str, server: subprocess.Popen, seconds: int, report: dict) -> None:
    """Restart PostgreSQL at 1/3 of the run and kill a gunicorn worker at 2/3, and
    record how long the site took to answer healthy again after each."""
    time.sleep(seconds / 3)
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", pg_cluster(), "main", "restart"],
        capture_output=True,
    )
    report["postgres_restart_recovered_after_s"] = wait_until_healthy(base, started)
    time.sleep(max(0.0, started + seconds / 3 - time.monotonic()))  # to 2/3 of the run
    workers = subprocess.run(
        ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    if workers:
        os.kill(int(workers[0]), signal.SIGKILL)
        started = time.monotonic()
        report["killed_worker_pid"] = int(workers[0])
        report["worker_kill_recovered_after_s"] = wait_until_healthy(base, started)


def faults_recovered(report: dict) -> bool:
    keys = ("postgres_restart_recovered_after_s", "worker_kill_recovered_after_s")
    return all(report.get(k) is not None and report[k] <= RECOVERY_LIMIT for k in keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--faults", action="store_true")
    options = parser.parse_args()

    if subprocess.run([PY, "-c", "import locust"], capture_output=True).returncode != 0:
        subprocess.run([PY, "-m", "pip", "install", "--quiet", "locust==2.47.0"], check=True)
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", pg_cluster(), "main", "start"],
            check=True,
        )
    subprocess.run([*PG, "-c", f"DROP DATABASE IF EXISTS {DB}", "-c", f"CREATE DATABASE {DB}"])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "soak-only-secret-key-" + "s" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "SOAK_USERS": str(options.users),
            "SOAK_SETUP": str(work / "setup.json"),
            "SOAK_SAVED_LOG": str(work / "saved.json"),
        }
    )
    print("Preparing database, content and static files ...", flush=True)
    run([PY, "manage.py", "migrate", "--noinput"], env)
    run([PY, "manage.py", "load_content"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    setup = marked(run([PY, "manage.py", "shell", "-c", SETUP], env).stdout, "SOAKSETUP")
    (work / "setup.json").write_text(json.dumps(setup))

    processes = []
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "toolkit.wsgi",
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    processes.append(server)
    has_worker = "db_worker" in run([PY, "manage.py", "help"], env).stdout
    if has_worker:
        processes.append(
            subprocess.Popen(
                [PY, "manage.py", "db_worker", "--no-reload", "--max-tasks", "50"],
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    report: dict = {"mode": "faults" if options.faults else "normal", "pdf_worker": has_worker}
    try:
        deadline = time.monotonic() + 30
        while not healthy(base):
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("gunicorn did not become healthy")
            time.sleep(0.3)
        faults = threading.Thread(
            target=inject_faults, args=(base, server, options.seconds, report), daemon=True
        )
        if options.faults:
            faults.start()
        prefix = str(work / "locust")
        subprocess.run(
            [
                PY,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(options.users),
                "-r",
                "25",
                "-t",
                f"{options.seconds}s",
                "--host",
                base,
                "--csv",
                prefix,
                "--only-summary",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=options.seconds + 120,
        )
        if options.faults:
            faults.join(timeout=120)  # its last probe may still be waiting
        verify = marked(run([PY, "manage.py", "shell", "-c", VERIFY], env).stdout, "SOAKVERIFY")
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)

    with open(prefix + "_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    print()
    print(
        f"{report['mode']} run: {options.users} users, {options.seconds} s, gunicorn 4 workers, "
        f"PostgreSQL, PDF worker: {'yes' if has_worker else 'no (inline)'}"
    )
    header = (
        f"{'step':26} {'requests':>9} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['Name'][:26]:26} {row['Request Count']:>9} {float(row['Requests/s']):7.1f} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {row['Failure Count']:>7}"
        )
    failures_file = Path(prefix + "_failures.csv")
    if failures_file.exists():
        with open(failures_file) as handle:
            for row in csv.DictReader(handle):
                print(f"  failure: {row['Name']}: {row['Error'][:100]} x{row['Occurrences']}")
    print("faults:", json.dumps({k: v for k, v in report.items() if k not in {"mode"}}))
    print("data check:", json.dumps(verify))
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    errors = int(total["Failure Count"]) if total else -1
    ok = verify["missing"] == 0 and verify["wrong_value"] == 0 and verify["duplicate_rows"] == 0
    if options.faults:
        ok = ok and faults_recovered(report)
        if not faults_recovered(report):
            print(f"Faults were not both injected and recovered from within {RECOVERY_LIMIT} s.")
    else:
        ok = ok and errors == 0
    print("RESULT:", "PASS" if ok else "FAIL")
    subprocess.run([*PG, "-c", f"DROP DATABASE IF EXISTS {DB}"], capture_output=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
