"""The fallback audit through PyPI's project documents: a pin is clean only when it is
the latest release and PyPI lists no live advisory for it; a pin behind it is not checked
(never assumed safe)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.datasafety import latest_advisories
from commissioning.datasafety.latest_advisories import (
    Pin,
    Project,
    Unreachable,
    fetch_project,
    judge,
    parse_project,
)

ADVISORY = {
    "id": "PYSEC-2026-7",
    "aliases": ["CVE-2026-7"],
    "fixed_in": ["2.0.1"],
    "withdrawn": None,
}


def test_a_pin_at_the_latest_release_without_advisories_is_clean():
    verdict = judge([Pin("Django", "6.1.3")], {"django": Project("6.1.3")})
    assert verdict.clean == (Pin("Django", "6.1.3"),)
    assert verdict.proven_clean


def test_versions_compare_as_versions_not_strings():
    assert judge([Pin("x", "6.1")], {"x": Project("6.1.0")}).proven_clean


def test_an_advisory_on_the_pinned_latest_release_is_a_vulnerability():
    verdict = judge([Pin("Demo_Pkg", "2.0.0")], {"demo-pkg": Project("2.0.0", (ADVISORY,))})
    assert not verdict.proven_clean
    assert verdict.vulnerable == ((Pin("Demo_Pkg", "2.0.0"), ADVISORY),)


def test_withdrawn_advisories_do_not_count():
    withdrawn = {**ADVISORY, "withdrawn": "2026-08-01T00:00:00Z"}
    assert judge([Pin("x", "2.0.0")], {"x": Project("2.0.0", (withdrawn,))}).proven_clean


def test_a_pin_behind_the_latest_release_is_not_assumed_safe():
    verdict = judge([Pin("x", "1.9")], {"x": Project("2.0.0")})
    assert not verdict.proven_clean
    assert verdict.not_latest == ((Pin("x", "1.9"), "2.0.0"),)


def test_unknown_and_unreachable_projects_are_not_checked():
    verdict = judge(
        [Pin("gone", "1"), Pin("flaky", "1"), Pin("ok", "1")],
        {"gone": None, "flaky": Unreachable("HTTP 503"), "ok": Project("1")},
    )
    assert verdict.unknown == (Pin("gone", "1"),)
    assert verdict.unreachable == ((Pin("flaky", "1"), "HTTP 503"),)
    assert not verdict.proven_clean
    assert not verdict.nothing_reached  # "ok" was reached


def test_nothing_reached_only_when_every_project_was_unreachable():
    verdict = judge([Pin("a", "1"), Pin("b", "1")], {"a": Unreachable("x"), "b": Unreachable("y")})
    assert verdict.nothing_reached


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1.0", "2.0"]),
            st.sampled_from(["latest-clean", "latest-vulnerable", "missing", "unreachable"]),
        ),
        max_size=12,
    )
)
def test_every_pin_lands_in_exactly_one_group(cases):
    pins, projects = [], {}
    for index, (version, state) in enumerate(cases):
        name = f"pkg{index}"
        pins.append(Pin(name, version))
        projects[name] = {
            "latest-clean": Project("2.0"),
            "latest-vulnerable": Project("2.0", (ADVISORY,)),
            "missing": None,
            "unreachable": Unreachable("down"),
        }[state]
    verdict = judge(pins, projects)
    groups = [
        {p.name for p in verdict.clean},
        {p.name for p, _ in verdict.vulnerable},
        {p.name for p, _ in verdict.not_latest},
        {p.name for p in verdict.unknown},
        {p.name for p, _ in verdict.unreachable},
    ]
    assert sum(len(group) for group in groups) == len(pins)
    assert set().union(*groups) == {pin.name for pin in pins}
    assert verdict.proven_clean == (len(groups[0]) == len(pins))


def test_a_malformed_project_document_is_reported():
    with pytest.raises(Unreachable):
        parse_project({"releases": {}})


class _PyPI(BaseHTTPRequestHandler):
    """A stand-in for PyPI's JSON API on loopback."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/pypi/django/json":
            body = json.dumps({"info": {"version": "6.1.3"}, "vulnerabilities": [ADVISORY]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())
        elif self.path == "/pypi/broken/json":
            self.send_response(500)
            self.end_headers()
        elif self.path == "/pypi/garbled/json":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>not json</html>")
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_pypi(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PyPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/pypi/{{name}}/json"
    monkeypatch.setattr(latest_advisories, "PROJECT_URL", url)
    yield
    server.shutdown()
    server.server_close()


def test_fetching_reads_the_latest_release_and_its_advisories(fake_pypi):
    assert fetch_project("Django") == Project("6.1.3", (ADVISORY,))


def test_fetching_maps_404_to_no_such_project(fake_pypi):
    assert fetch_project("no-such-package") is None


@pytest.mark.parametrize(("name", "reason"), [("broken", "HTTP 500"), ("garbled", "")])
def test_fetching_reports_server_errors_and_garbage(fake_pypi, name, reason):
    outcome = fetch_project(name)
    assert isinstance(outcome, Unreachable)
    assert reason in str(outcome)


def test_fetching_with_no_server_is_unreachable(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PyPI)
    port = server.server_address[1]
    server.server_close()  # nothing listens on this port any more
    monkeypatch.setattr(latest_advisories, "PROJECT_URL", f"http://127.0.0.1:{port}/{{name}}")
    assert isinstance(fetch_project("django"), Unreachable)
