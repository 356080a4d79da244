"""``make audit``: known vulnerabilities and packages that could not be checked fail the
build; only a vulnerability database unreachable from everywhere is a (loud) warning, and
not even that under ``AUDIT_REQUIRE_DATABASE=1`` (CI)."""

import pytest

from commissioning.datasafety.dependency_audit import classify, conclude, main, read_pins
from commissioning.datasafety.latest_advisories import Pin, Project, Unreachable, judge

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


def test_a_database_without_our_versions_hands_those_packages_on():
    outcome = classify({"dependencies": [DJANGO_OK | {"name": "x"}, NOT_FOUND]}, 0, "")
    assert outcome.exit_code == 0
    assert outcome.message.startswith("WARNING: vulnerability database unreachable")
    assert outcome.unchecked == ("django",)


def test_a_clean_report_leaves_nothing_unchecked():
    assert classify({"dependencies": [DJANGO_OK]}, 0, "").unchecked == ()


def test_no_network_is_a_warning():
    stderr = (
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): "
        "Max retries exceeded with url: /pypi/django/6.1.3/json"
    )
    outcome = classify(None, 1, stderr)
    assert outcome.exit_code == 0
    assert "vulnerability database unreachable" in outcome.message
    assert outcome.unchecked is None  # none of them: ask about every pin


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


def _verdict(projects):
    pins = [Pin(name, "1.0") for name in projects]
    return judge(pins, projects)


def test_pins_checked_against_their_latest_release_pass():
    outcome = conclude(_verdict({"a": Project("1.0")}), audited_elsewhere=2, strict=True)
    assert outcome.exit_code == 0
    assert outcome.message.startswith("No known vulnerabilities in 3 pinned packages")


def test_an_advisory_found_in_the_fallback_fails():
    advisory = {"id": "GHSA-1", "aliases": [], "fixed_in": ["1.1"]}
    outcome = conclude(
        _verdict({"a": Project("1.0", (advisory,))}), audited_elsewhere=0, strict=False
    )
    assert outcome.exit_code == 1
    assert "a 1.0: GHSA-1; fixed in 1.1" in outcome.message


@pytest.mark.parametrize(
    "project", [Project("1.1"), None, "partly unreachable"], ids=["behind", "unknown", "flaky"]
)
def test_a_package_that_could_not_be_checked_fails(project):
    if project == "partly unreachable":
        verdict = _verdict({"a": Project("1.0"), "b": Unreachable("HTTP 503")})
    else:
        verdict = _verdict({"a": project})
    outcome = conclude(verdict, audited_elsewhere=0, strict=False)
    assert outcome.exit_code == 1
    assert "could not be checked" in outcome.message


def test_no_network_at_all_warns_locally_and_fails_in_ci():
    verdict = _verdict({"a": Unreachable("no route"), "b": Unreachable("no route")})
    local = conclude(verdict, audited_elsewhere=0, strict=False)
    assert local.exit_code == 0
    assert "NOT checked" in local.message
    ci = conclude(verdict, audited_elsewhere=0, strict=True)
    assert ci.exit_code == 1
    assert "AUDIT_REQUIRE_DATABASE=1" in ci.message


def test_pins_are_read_through_nested_files(tmp_path):
    (tmp_path / "base.txt").write_text("Django==6.1.3\npsycopg[binary,pool]==3.3.9  # db\n")
    (tmp_path / "dev.txt").write_text("-r base.txt\nruff==0.17.6\nDjango==6.1.3\n")
    assert read_pins([str(tmp_path / "dev.txt")]) == [
        Pin("Django", "6.1.3"),
        Pin("psycopg", "3.3.9"),
        Pin("ruff", "0.17.6"),
    ]


@pytest.mark.parametrize("line", ["Django>=6", "Django", "Django==6.*"])
def test_an_unpinned_requirement_is_refused(tmp_path, line):
    (tmp_path / "r.txt").write_text(line + "\n")
    with pytest.raises(ValueError, match="not pinned"):
        read_pins([str(tmp_path / "r.txt")])


def test_the_project_pins_are_all_exact():
    pins = read_pins(["requirements.txt", "requirements-dev.txt"])
    assert len(pins) > 50
    assert {"django", "weasyprint", "pip-audit"} <= {pin.name.lower() for pin in pins}
