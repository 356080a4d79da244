"""Check the pinned requirements for known vulnerabilities. Run by ``make audit``, which
``make test`` (so CI) runs:

    .venv/bin/python -m commissioning.datasafety.dependency_audit requirements.txt ...

Two sources, the first that can answer for a package wins:

1. pip-audit, which asks PyPI for each pinned version's advisories;
2. for packages pip-audit could not look up (some networks, such as our build
   machines' PyPI mirror, answer 404 for every per-version document),
   ``latest_advisories``: PyPI's project document, which lists the advisories of the
   latest release. A pin at the latest release is checked against it; a pin behind it
   cannot be checked there and fails the audit, asking for the pin to be updated.

Exit status:
- 0 when every pinned package was checked and none has a known vulnerability;
- 1 when any has one (the advisories and the fixed versions are printed), when a
  package could not be checked, or when the audit itself is broken (an unreadable or
  unpinned requirements file, pip-audit missing);
- 0 with a loud "vulnerability database unreachable" warning when neither source could
  be reached at all (no network), unless ``AUDIT_REQUIRE_DATABASE=1`` (set by
  ``.ci/run``), which makes that a failure too. A found vulnerability is never
  downgraded to a warning.

The requirements files pin every package, transitive ones included, so pip-audit runs
with ``--no-deps --disable-pip``: it audits exactly the pinned versions, without
building a throwaway virtualenv, and whatever Python runs it.
"""

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from commissioning.datasafety.latest_advisories import (
    Pin,
    Verdict,
    describe,
    fetch_projects,
    judge,
)

DEFAULT_FILES = ("requirements.txt", "requirements-dev.txt")
TIMEOUT_SECONDS = 600
# pip-audit's skip reason when the service has no record of a pinned version.
NOT_IN_DATABASE = "not found on PyPI"
# Signs in pip-audit's error output that the service could not be reached at all.
NETWORK_ERRORS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "Connection refused",
    "ReadTimeout",
    "ConnectTimeout",
    "timed out",
)

UNREACHABLE = (
    "WARNING: vulnerability database unreachable: {detail}\n"
    "WARNING: the pinned requirements were NOT checked for known vulnerabilities. "
    "Run `make audit` where PyPI's JSON API (https://pypi.org/pypi/<name>/json) "
    "can be reached."
)
STRICT_VARIABLE = "AUDIT_REQUIRE_DATABASE"


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    message: str
    # Canonical names pip-audit could not look up (to ask PyPI's project documents);
    # None when it could look up none of them (no report at all).
    unchecked: tuple[str, ...] | None = ()


def classify(report: dict | None, returncode: int, stderr: str) -> Outcome:
    """Decide the result from pip-audit's JSON report (None if it wrote none), its
    exit status and its error output."""
    if report is not None:
        dependencies = report.get("dependencies", [])
        vulnerable = [d for d in dependencies if d.get("vulns")]
        if vulnerable:
            lines = ["Known vulnerabilities in pinned packages:"]
            for dep in vulnerable:
                for vuln in dep["vulns"]:
                    fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
                    aliases = ", ".join(vuln.get("aliases") or [])
                    lines.append(
                        f"  {dep['name']} {dep.get('version', '?')}: {vuln.get('id')}"
                        f"{f' ({aliases})' if aliases else ''}; fixed in {fixed}"
                    )
            lines.append("Upgrade the pins in requirements*.txt to a fixed version.")
            return Outcome(1, "\n".join(lines))
        skipped = [d for d in dependencies if d.get("skip_reason")]
        unknown = [d for d in skipped if NOT_IN_DATABASE in d["skip_reason"]]
        other = [d for d in skipped if NOT_IN_DATABASE not in d["skip_reason"]]
        if other:
            reasons = "\n".join(f"  {d['name']}: {d['skip_reason']}" for d in other)
            return Outcome(1, f"pip-audit could not audit these packages:\n{reasons}")
        if unknown:
            names = ", ".join(d["name"] for d in unknown[:5]) + (
                ", ..." if len(unknown) > 5 else ""
            )
            detail = (
                f"it has no record of {len(unknown)} of {len(dependencies)} pinned "
                f"packages ({names}); first reason: {unknown[0]['skip_reason']}"
            )
            unchecked = tuple(canonicalize_name(d["name"]) for d in unknown)
            return Outcome(0, UNREACHABLE.format(detail=detail), unchecked=unchecked)
        if returncode != 0:
            return Outcome(1, f"pip-audit failed (exit {returncode}):\n{_tail(stderr)}")
        return Outcome(0, f"No known vulnerabilities in {len(dependencies)} pinned packages.")
    if any(sign in stderr for sign in NETWORK_ERRORS):
        return Outcome(0, UNREACHABLE.format(detail=_tail(stderr, lines=1)), unchecked=None)
    return Outcome(returncode or 1, f"pip-audit failed (exit {returncode}):\n{_tail(stderr)}")


def _tail(text: str, *, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def read_pins(files: list[str]) -> list[Pin]:
    """Every requirement in the files (``-r`` followed), each pinned with ``==``."""
    from pip_requirements_parser import RequirementsFile

    pins = []
    for name in files:
        parsed = RequirementsFile.from_file(name, include_nested=True)
        if parsed.invalid_lines:
            line = parsed.invalid_lines[0]
            raise ValueError(f"{line.filename}:{line.line_number}: cannot read {line.line!r}")
        for requirement in parsed.requirements:
            specifiers = list(requirement.specifier or ())
            if not (
                len(specifiers) == 1
                and specifiers[0].operator in ("==", "===")
                and "*" not in specifiers[0].version
            ):
                raise ValueError(
                    f"{requirement.line!r} is not pinned to one version (use name==version)"
                )
            pins.append(Pin(requirement.name, specifiers[0].version))
    return list({canonicalize_name(pin.name): pin for pin in pins}.values())


def run_pip_audit(files: list[str]) -> Outcome:
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip"]
        for name in files:
            command += ["-r", name]
        command += ["--progress-spinner", "off", "--format", "json", "--output", str(output)]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired:
            detail = f"pip-audit had no answer in {TIMEOUT_SECONDS} s"
            return Outcome(0, UNREACHABLE.format(detail=detail), unchecked=None)
        report = None
        if output.is_file() and output.stat().st_size:
            try:
                report = json.loads(output.read_text())
            except json.JSONDecodeError:
                report = None
    return classify(report, result.returncode, result.stderr)


def conclude(verdict: Verdict, *, audited_elsewhere: int, strict: bool) -> Outcome:
    """The final result once PyPI's project documents have been asked about the pins
    pip-audit could not look up (``audited_elsewhere`` pins it did check, cleanly)."""
    if verdict.vulnerable:
        lines = ["Known vulnerabilities in pinned packages:", *describe(verdict)]
        lines.append("Upgrade the pins in requirements*.txt to a fixed version.")
        return Outcome(1, "\n".join(lines))
    if verdict.nothing_reached:
        detail = f"neither pip-audit nor {verdict.unreachable[0][1]}"
        message = UNREACHABLE.format(detail=detail)
        if strict:
            return Outcome(1, f"{message}\n{STRICT_VARIABLE}=1: an unchecked audit fails.")
        return Outcome(0, message)
    if not verdict.proven_clean:
        lines = ["Some pinned packages could not be checked for known vulnerabilities:"]
        return Outcome(1, "\n".join([*lines, *describe(verdict)]))
    total = audited_elsewhere + len(verdict.clean)
    return Outcome(
        0,
        f"No known vulnerabilities in {total} pinned packages "
        f"({audited_elsewhere} checked by pip-audit, {len(verdict.clean)} at their latest "
        "release checked against PyPI's advisory data for that release).",
    )


def run(files: list[str], *, strict: bool = False) -> Outcome:
    try:
        import pip_audit  # noqa: F401  (only to give a clear message when missing)
    except ImportError:
        return Outcome(1, "pip-audit is not installed: run `make install-dev`.")
    for name in files:
        if not Path(name).is_file():
            return Outcome(1, f"{name} does not exist.")
    try:
        pins = read_pins(files)
    except ValueError as error:
        return Outcome(1, f"Cannot audit the requirements: {error}")
    outcome = run_pip_audit(files)
    if outcome.exit_code or outcome.unchecked == ():
        return outcome
    pending = [
        pin
        for pin in pins
        if outcome.unchecked is None or canonicalize_name(pin.name) in outcome.unchecked
    ]
    verdict = judge(pending, fetch_projects(pending))
    return conclude(verdict, audited_elsewhere=len(pins) - len(pending), strict=strict)


def main(argv: list[str]) -> int:
    strict = os.environ.get(STRICT_VARIABLE, "") == "1"
    outcome = run(argv or list(DEFAULT_FILES), strict=strict)
    warning = outcome.exit_code or outcome.message.startswith("WARNING")
    print(outcome.message, file=sys.stderr if warning else sys.stdout)
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
