import pytest
from django.core.exceptions import ImproperlyConfigured

from commissioning.lib.env import env_bool, env_int, env_list, env_str


def test_it_reads_booleans(monkeypatch):
    for raw, expected in [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)]:
        monkeypatch.setenv("FLAG", raw)
        assert env_bool("FLAG", default=not expected) is expected


def test_it_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", default=True) is True
    assert env_int("FLAG", default=7) == 7
    assert env_list("FLAG", default=["a"]) == ["a"]
    assert env_str("FLAG", default="x") == "x"


def test_it_names_the_variable_in_errors(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", default=False)
    monkeypatch.setenv("WORKERS", "two")
    with pytest.raises(ImproperlyConfigured, match="WORKERS must be a whole number"):
        env_int("WORKERS", default=2)
    monkeypatch.setenv("WORKERS", "0")
    with pytest.raises(ImproperlyConfigured, match="WORKERS must be at least 1"):
        env_int("WORKERS", default=2, minimum=1)
    monkeypatch.delenv("REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="REQUIRED must be set"):
        env_str("REQUIRED")


def test_it_splits_lists(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , ,b.example")
    assert env_list("HOSTS", default=[]) == ["a.example", "b.example"]
