"""``make audit`` reports: a known vulnerability in a pinned version fails it (exit 1);
anything that could not be checked (no network, a pin behind the latest release) is
listed and never fails it; ``make test`` does not run it at all."""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pip_requirements_parser import RequirementsFile

from commissioning.datasafety.dependency_audit import (
    Report,
    from_pip_audit,
    main,
    read_pins,
    with_project_documents,
)
from commissioning.datasafety.latest_advisories import Pin, Project, Unreachable

ROOT = Path(__file__).resolve().parents[2]
RECORDED = Path(__file__).resolve().parent / "recorded"
DJANGO = Pin("Django", "6.1.3")
WEASYPRINT = Pin("weasyprint", "70.0")
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


# --- Sorting pip-audit's report ---------------------------------------------------------


def test_a_clean_report_passes():
    report = from_pip_audit([DJANGO], {"dependencies": [DJANGO_OK]}, 0, "")
    assert report == Report(clean=(DJANGO,))
    assert report.exit_code == 0
    assert "No known vulnerabilities in the 1 of 1 pinned packages" in report.render()


def test_a_vulnerability_fails_naming_the_advisory_and_the_fix():
    report = from_pip_audit([DJANGO, WEASYPRINT], {"dependencies": [DJANGO_OK, VULNERABLE]}, 1, "")
    assert report.exit_code == 1
    assert "weasyprint 70.0: PYSEC-2026-1 (CVE-2026-1); fixed in 70.1" in report.render()


def test_a_vulnerability_fails_even_when_other_packages_could_not_be_checked():
    report = from_pip_audit([DJANGO, WEASYPRINT], {"dependencies": [NOT_FOUND, VULNERABLE]}, 1, "")
    assert report.exit_code == 1
    assert report.unchecked[0][0] == DJANGO


def test_a_package_pip_audit_could_not_look_up_is_left_unchecked_with_its_reason():
    report = from_pip_audit([DJANGO], {"dependencies": [NOT_FOUND]}, 0, "")
    assert report.exit_code == 0
    assert report.unchecked == ((DJANGO, f"pip-audit: {NOT_FOUND['skip_reason']}"),)


def test_no_report_at_all_leaves_every_pin_unchecked_and_does_not_fail():
    stderr = "requests.exceptions.ConnectionError: Max retries exceeded with url: /pypi/django"
    report = from_pip_audit([DJANGO, WEASYPRINT], None, 1, stderr)
    assert report.exit_code == 0
    assert [pin for pin, _ in report.unchecked] == [DJANGO, WEASYPRINT]
    assert "Max retries exceeded" in report.unchecked[0][1]


# --- The second source: PyPI's project documents ----------------------------------------


def _after_fallback(projects):
    pins = [Pin(name, "1.0") for name in projects]
    return with_project_documents(Report(unchecked=tuple((p, "x") for p in pins)), projects)


def test_pins_at_their_latest_release_without_advisories_are_clean():
    report = _after_fallback({"a": Project("1.0")})
    assert report == Report(clean=(Pin("a", "1.0"),))


def test_an_advisory_found_in_the_fallback_fails():
    advisory = {"id": "GHSA-1", "aliases": [], "fixed_in": ["1.1"]}
    report = _after_fallback({"a": Project("1.0", (advisory,))})
    assert report.exit_code == 1
    assert "a 1.0: GHSA-1; fixed in 1.1" in report.render()


@pytest.mark.parametrize(
    ("project", "reason"),
    [
        (Project("1.1"), "covers only the latest release (1.1)"),
        (None, "PyPI has no such project"),
        (Unreachable("HTTP 503"), "advisory source unreachable: HTTP 503"),
    ],
    ids=["behind", "unknown", "unreachable"],
)
def test_a_package_that_could_not_be_checked_is_reported_not_failed(project, reason):
    report = _after_fallback({"a": project})
    assert report.exit_code == 0
    assert report.unchecked == ((Pin("a", "1.0"), report.unchecked[0][1]),)
    assert reason in report.render()
    assert "Not checked (1; this is a report, not a failure)" in report.render()


# --- Reading the requirements -------------------------------------------------------------


def test_pins_are_read_through_nested_files(tmp_path):
    (tmp_path / "base.txt").write_text("Django==6.1.3\npsycopg[binary,pool]==3.3.9  # db\n")
    (tmp_path / "dev.txt").write_text("-r base.txt\nruff==0.17.6\nDjango==6.1.3\n")
    assert read_pins([str(tmp_path / "dev.txt")]) == [
        Pin("Django", "6.1.3"),
        Pin("psycopg", "3.3.9"),
        Pin("ruff", "0.17.6"),
    ]


@pytest.mark.parametrize("line", ["Django>=6", "Django", "Django==6.*"])
def test_an_unpinned_requirement_stops_the_audit(tmp_path, line, capsys):
    (tmp_path / "r.txt").write_text(line + "\n")
    with pytest.raises(ValueError, match="not pinned"):
        read_pins([str(tmp_path / "r.txt")])
    assert main([str(tmp_path / "r.txt")]) == 2
    assert "not pinned to one version" in capsys.readouterr().err


def test_a_missing_requirements_file_stops_the_audit(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_the_project_pins_are_all_exact_and_hashed():
    pins = read_pins(["requirements.txt", "requirements-dev.txt"])
    assert len(pins) > 50
    assert {"django", "weasyprint", "pip-audit", "pip-tools"} <= {p.name.lower() for p in pins}
    for name in ("requirements.txt", "requirements-dev.txt"):
        for requirement in RequirementsFile.from_file(name).requirements:
            assert requirement.hash_options, f"{name}: {requirement.name} has no --hash"


# --- The command as `make audit` runs it, with recorded advisories and no network ---------


class _RecordedPyPI(BaseHTTPRequestHandler):
    """PyPI's project documents as recorded in tests/datasafety/recorded/; 404 otherwise."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        name = self.path.strip("/").split("/")[0]
        recorded = RECORDED / f"{name}.json"
        if not recorded.is_file():
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(recorded.read_bytes())

    def log_message(self, *args):
        pass


@pytest.fixture
def recorded_pypi():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordedPyPI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{name}}/json"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return port


def _audit(tmp_path, pins: str, advisory_url: str) -> subprocess.CompletedProcess:
    """Run the audit module as `make audit` does, with the internet cut off: pip-audit's
    HTTPS requests go to a proxy that is not there, so only ``advisory_url`` answers."""
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(pins)
    dead = f"http://127.0.0.1:{_closed_port()}"
    env = {
        **os.environ,
        "HTTPS_PROXY": dead,
        "https_proxy": dead,
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
        "AUDIT_ADVISORY_URL": advisory_url,
        "PIP_AUDIT_CACHE_DIR": str(tmp_path / "cache"),
    }
    command = [sys.executable, "-m", "commissioning.datasafety.dependency_audit"]
    return subprocess.run(
        [*command, str(requirements)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def test_a_pinned_version_with_a_recorded_advisory_fails_the_audit(tmp_path, recorded_pypi):
    result = _audit(tmp_path, "ecdsa==0.19.2\n", recorded_pypi)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PYSEC-2026-1325 (CVE-2024-23342, GHSA-wj6h-64fc-37mp)" in result.stderr
    assert "fixed in no fixed version yet" in result.stderr


def test_a_pin_behind_the_latest_release_is_reported_and_passes(tmp_path, recorded_pypi):
    result = _audit(tmp_path, "fonttools==4.68.0\n", recorded_pypi)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fonttools 4.68.0: the advisory data reachable here covers only" in result.stdout
    assert "(4.69.1)" in result.stdout


def test_an_unreachable_advisory_source_is_reported_and_passes(tmp_path):
    unreachable = f"http://127.0.0.1:{_closed_port()}/{{name}}/json"
    result = _audit(tmp_path, "fonttools==4.69.1\necdsa==0.19.2\n", unreachable)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Not checked (2" in result.stdout
    assert "advisory source unreachable" in result.stdout


# --- Where the audit runs ---------------------------------------------------------------


def _make_dry_run(target: str) -> str:
    result = subprocess.run(
        ["make", "-n", target], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return result.stdout


def test_make_test_never_runs_the_audit():
    assert "dependency_audit" in _make_dry_run("audit")
    dry_run = _make_dry_run("test")
    assert "pytest" in dry_run
    assert "dependency_audit" not in dry_run
    assert "pip_audit" not in dry_run


def test_ci_runs_the_audit_after_the_tests_on_both_databases():
    script = (ROOT / ".ci" / "run").read_text()
    commands = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    tests = [
        n
        for n, line in enumerate(commands)
        if "make test" in line and not line.lstrip().startswith("echo")
    ]
    assert len(tests) == 2  # SQLite and PostgreSQL
    assert commands.index("make audit") > max(tests)
    assert "AUDIT_REQUIRE_DATABASE" not in script


def test_the_recorded_documents_are_what_pypi_serves():
    for path in RECORDED.glob("*.json"):
        document = json.loads(path.read_text())
        assert document["info"]["name"].lower() == path.stem
        assert isinstance(document["vulnerabilities"], list)
