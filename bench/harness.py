"""Shared harness for the in-process benchmarks (assessment_bench, document_bench,
pdf_memory, benchmarks_bench): production settings on a scratch SQLite file, the
shipped content, answered assessments, and timing helpers.

Each script calls ``configure`` first (before importing anything from Django), then
``load_shipped_content`` and ``answered_assessment``.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(database_name: str, **environment: str) -> None:
    """Production settings (``DJANGO_DEBUG=0``) on ``var/<database_name>.sqlite3``,
    rebuilt empty, plus ``environment``; then ``django.setup()``. The URLs are the
    site's plus the bare baseline view (``bench/urls.py``); static files are read
    directly (the manifest storage would need collectstatic)."""
    sys.path.insert(0, str(ROOT))
    for key in [k for k in os.environ if k.startswith(("DJANGO_", "DOCUMENT_"))]:
        del os.environ[key]
    (ROOT / "var").mkdir(exist_ok=True)
    database = ROOT / "var" / f"{database_name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "toolkit.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "b" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{database}",
            **environment,
        }
    )
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.urls"
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def load_shipped_content() -> None:
    """Migrate, then load the frameworks, the knowledge base and the questionnaire."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)

    from commissioning.assessment import services
    from commissioning.knowledge.services import (
        bundle_apply,
        frameworks_load,
        shipped_bundle,
        shipped_frameworks,
    )

    frameworks_load(shipped_frameworks())
    bundle_apply(shipped_bundle(), overwrite=False)
    services.instrument_load(services.shipped_instruments()[0])


def answered_assessment(name: str, *, kind: str = "icb", adopt: int = 0, seed: int = 0):
    """A new organisation ``name`` with an admin and an assessment of the shipped
    questionnaire with every question answered: a realistic spread (mostly 0-3, every
    seventh "don't know", some notes; ``seed`` shifts the ratings), and ``adopt``
    knowledge-base actions in its plan. Returns (user, assessment)."""
    from commissioning.accounts.models import Membership, Organisation, User
    from commissioning.assessment import plan_services, services
    from commissioning.assessment.models import Answer, Question
    from commissioning.knowledge.models import Action

    slug = "".join(c for c in name.lower() if c.isalnum())
    user = User.objects.create_user(email=f"{slug}@bench.example", name=name, password=None)
    organisation = Organisation.objects.create(name=name, kind=kind, area_name=name)
    Membership.objects.create(user=user, organisation=organisation, role="admin")
    assessment = services.assessment_start(
        organisation=organisation, user=user, title=f"{name} readiness", area_name=name
    )
    questions = Question.objects.filter(section__instrument=assessment.instrument).order_by(
        "section__order", "order"
    )
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=q,
            respondent=user,
            rating=None if i % 7 == 6 else (i + seed) % 4,
            dont_know=i % 7 == 6,
            note="From the JSNA and the perinatal plan." if i % 3 == 0 else "",
        )
        for i, q in enumerate(questions)
    )
    for action in Action.objects.order_by("pk")[:adopt]:
        plan_services.plan_adopt(assessment=assessment, action=action)
    return user, assessment


def timed(
    function: Callable[[], object],
    repeat: int,
    *,
    warm_up: int = 3,
    before: Callable[[], object] | None = None,
) -> list[float]:
    """Milliseconds per call of ``function`` over ``repeat`` calls after ``warm_up``
    untimed ones; ``before`` runs untimed before each call."""
    times = []
    for n in range(warm_up + repeat):
        if before:
            before()
        start = time.perf_counter()
        function()
        if n >= warm_up:
            times.append((time.perf_counter() - start) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def rss_mb() -> float:
    """This process's resident memory now (not the peak), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
