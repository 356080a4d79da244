"""How fast an unchanged case's PDF is served from storage (run:
``.venv/bin/python bench/case_pdf_cache_bench.py``).

Builds a case in a throwaway test database, renders its business-case PDF once
(inline tasks backend), then times 50 further downloads of the unchanged case beside
a bare Django view called the same way (ratio)."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(call, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from commissioning.accounts.models import Membership, Organisation, User
    from commissioning.cases import services

    user = User.objects.create_user(email="bench@example.org", name="Bench", password="x" * 12)
    org = Organisation.objects.create(name="Bench ICB", kind="icb", area_name="Bench")
    Membership.objects.create(user=user, organisation=org, role="admin")
    case = services.case_create(organisation=org, user=user, kind="new_team", title="Bench")
    client = Client()
    client.force_login(user)
    url = f"/cases/{case.pk}/business-case.pdf"

    def download() -> None:
        response = client.get(url, follow=True)
        if response["Content-Type"] != "application/pdf":
            link = next(
                x for x in response.text.split('"') if "/documents/" in x and "download" in x
            )
            response = client.get(link)
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    start = time.perf_counter()
    download()
    first = (time.perf_counter() - start) * 1000
    cached = timed(download, 50)
    bare = timed(lambda: client.get("/healthz"), 50)
    print(f"first render and download: {first:.0f} ms")
    print(
        f"cached download (unchanged case): median {statistics.median(cached):.1f} ms, "
        f"p95 {sorted(cached)[47]:.1f} ms (target < 50 ms)"
    )
    print(
        f"bare view (/healthz) same client: median {statistics.median(bare):.1f} ms; "
        f"ratio {statistics.median(cached) / statistics.median(bare):.1f}x"
    )


if __name__ == "__main__":
    main()
