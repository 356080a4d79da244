"""BENCHMARK_MIN_GROUP is read at start-up; a value below 3 stops the site starting,
naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def start(value: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_DEBUG": "1", "BENCHMARK_MIN_GROUP": value}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.BENCHMARK_MIN_GROUP)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "toolkit.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_default_is_5():
    assert settings.BENCHMARK_MIN_GROUP == 5 or "BENCHMARK_MIN_GROUP" in os.environ


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2", "BENCHMARK_MIN_GROUP must be at least 3; got 2."),
        ("0", "BENCHMARK_MIN_GROUP must be at least 3; got 0."),
        ("five", "BENCHMARK_MIN_GROUP must be a whole number; got 'five'."),
    ],
)
def test_a_value_below_3_is_refused_at_start_up(value, message):
    result = start(value)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_larger_value_is_used():
    result = start("8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "8"
