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
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "pdf_memory.sqlite3"
LIMIT = 1.5


def configure(media_root: str) -> None:
    sys.path.insert(0, str(ROOT))
    for key in [k for k in os.environ if k.startswith(("DJANGO_", "DOCUMENT_"))]:
        del os.environ[key]
    (ROOT / "var").mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "toolkit.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "soak-only-secret-key-" + "s" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_TASKS_BACKEND": "database",
            "DJANGO_MEDIA_ROOT": media_root,
            "DATABASE_URL": f"sqlite:///{DATABASE}",
        }
    )
    import django
    from django.conf import settings

    django.setup()
    # The manifest storage needs collectstatic; the PDF reads static files directly.
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def prepare():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

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
    user = User.objects.create_user(email="soak@soak.example", name="Soak", password=None)
    organisation = Organisation.objects.create(name="Soak ICB", kind="icb", area_name="Soak")
    Membership.objects.create(user=user, organisation=organisation, role="admin")
    assessment = services.assessment_start(
        organisation=organisation, user=user, title="Soak readiness", area_name="Soak"
    )
    questions = list(Question.objects.order_by("section__order", "order"))
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
    return user, assessment


def rss_mb() -> float:
    """This process's resident memory now (not the peak), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=1000)
    parser.add_argument("--baseline-after", type=int, default=50)
    options = parser.parse_args()
    if not 0 < options.baseline_after < options.renders:
        sys.exit("--baseline-after must be between 0 and --renders")
    started = time.perf_counter()
    media = tempfile.TemporaryDirectory(prefix="pdf-soak-")
    configure(media.name)
    print("Preparing the database (shipped questionnaire, 60 answers) ...", flush=True)
    user, assessment = prepare()

    from django.core.files.storage import default_storage
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from commissioning.assessment.views.exports import RESULTS_PDF
    from commissioning.documents import services
    from commissioning.documents.models import GeneratedDocument

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
