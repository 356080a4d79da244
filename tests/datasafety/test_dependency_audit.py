"""``make audit``: known vulnerabilities fail the build; only an unreachable
vulnerability database is a (loud) warning."""

import pytest

from commissioning.datasafety.dependency_audit import classify, main

DJANGO_OK = {"name": "django", "version": "6.1.3", "vulns": []}
NOT_FOUND = {
    "name": "django",
    "skip_reason": "Dependency not found on PyPI and could not be audited: django (6.1.3)",
}
VULNERABLE = {
    "name": "weasyprint",
    "version": "70.0",
    "vulns": [{"id": "PYSEC-2026-1", "aliases": ["CVE-2026-1"], "fix_versions": ["70.1"]}],
}


def test_a_clean_report_passes():
    outcome = classify({"dependencies": [DJANGO_OK]}, 0, "")
    assert outcome.exit_code == 0
    assert "No known vulnerabilities in 1 pinned packages" in outcome.message


def test_a_vulnerability_fails_naming_the_fix():
    outcome = classify({"dependencies": [DJANGO_OK, VULNERABLE]}, 1, "")
    assert outcome.exit_code == 1
    assert "weasyprint 70.0: PYSEC-2026-1 (CVE-2026-1); fixed in 70.1" in outcome.message


def test_a_vulnerability_fails_even_when_other_packages_could_not_be_checked():
    assert classify({"dependencies": [NOT_FOUND, VULNERABLE]}, 1, "").exit_code == 1


def test_a_database_without_our_versions_is_a_warning():
    outcome = classify({"dependencies": [NOT_FOUND]}, 0, "")
    assert outcome.exit_code == 0
    assert outcome.message.startswith("WARNING: vulnerability database unreachable")
    assert "NOT checked" in outcome.message


def test_no_network_is_a_warning():
    stderr = (
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): "
        "Max retries exceeded with url: /pypi/django/6.1.3/json"
    )
    outcome = classify(None, 1, stderr)
    assert outcome.exit_code == 0
    assert "vulnerability database unreachable" in outcome.message


@pytest.mark.parametrize(
    ("report", "stderr"),
    [
        (None, "ValueError: requirement 'Django>=6' is not pinned"),
        ({"dependencies": [{"name": "x", "skip_reason": "editable install"}]}, ""),
        ({"dependencies": [DJANGO_OK]}, "something else went wrong"),
    ],
)
def test_other_failures_fail(report, stderr):
    assert classify(report, 1, stderr).exit_code == 1


def test_a_missing_requirements_file_fails(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt")]) == 1
    assert "does not exist" in capsys.readouterr().err
