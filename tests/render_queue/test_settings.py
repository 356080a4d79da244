"""The background-task and document settings, read from the environment (each case
imports the settings module in a fresh interpreter)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from toolkit import settings as s; "
    "print(s.TASKS['default']['BACKEND'], s.DOCUMENT_RENDER_TIMEOUT, s.DOCUMENT_STALE_AFTER, "
    "s.MEDIA_ROOT)"
)


def settings_with(**env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DOCUMENT_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DJANGO_DEBUG": "1"}, "django.tasks.backends.immediate.ImmediateBackend 120 180"),
        (
            {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 50},
            "django_tasks_db.DatabaseBackend 120 180",
        ),
        (
            {
                "DJANGO_DEBUG": "1",
                "DJANGO_TASKS_BACKEND": "database",
                "DOCUMENT_RENDER_TIMEOUT": "30",
            },
            "django_tasks_db.DatabaseBackend 30 90",
        ),
    ],
)
def test_the_defaults(env, expected):
    result = settings_with(**env, DJANGO_MEDIA_ROOT="/srv/shared/media")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{expected} /srv/shared/media"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_TASKS_BACKEND": "celery"}, "DJANGO_TASKS_BACKEND must be one of"),
        (
            {"DOCUMENT_RENDER_TIMEOUT": "60", "DOCUMENT_STALE_AFTER": "60"},
            "DOCUMENT_STALE_AFTER must be longer than DOCUMENT_RENDER_TIMEOUT",
        ),
        ({"DJANGO_MEDIA_ROOT": "var/media"}, "DJANGO_MEDIA_ROOT must be an absolute path"),
        ({"DOCUMENT_MAX_ATTEMPTS": "0"}, "DOCUMENT_MAX_ATTEMPTS must be at least 1"),
    ],
)
def test_bad_values_stop_start_up_naming_the_variable(env, message):
    result = settings_with(DJANGO_DEBUG="1", **env)
    assert result.returncode != 0
    assert message in result.stderr
