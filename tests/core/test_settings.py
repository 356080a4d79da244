"""Start-up configuration: invalid values fail naming the variable, and production
settings pass ``check --deploy`` with no warnings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a" * 20 + "-production-like-secret-key-for-the-deploy-check-" + "z" * 10,
    "DJANGO_ALLOWED_HOSTS": "toolkit.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checklist_without_warnings():
    env = dict(PRODUCTION)
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_DEBUG": "sometimes"}, "DJANGO_DEBUG must be one of"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL must point at"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "1", "DJANGO_EMAIL_BACKEND": "pigeon"}, "DJANGO_EMAIL_BACKEND"),
        ({**PRODUCTION, "DJANGO_HSTS_SECONDS": "-1"}, "DJANGO_HSTS_SECONDS must be at least 0"),
        ({**PRODUCTION, "DJANGO_EMAIL_PORT": "smtp"}, "DJANGO_EMAIL_PORT must be a whole number"),
    ],
)
def test_it_refuses_invalid_configuration_naming_the_variable(env, message):
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [("sqlite:///var/x.sqlite3", "60 True"), ("postgres://u@h:5432/d", "60 True")],
)
def test_connections_persist_on_both_databases(database_url, expected):
    """A request never pays for opening a connection (on SQLite also its PRAGMAs)."""
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": database_url}
    result = run_manage("shell", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
