"""Report known vulnerabilities in the pinned requirements. Run by ``make audit`` (its
own target and its own CI step, never part of ``make test``):

    .venv/bin/python -m commissioning.datasafety.dependency_audit requirements.txt ...

Two sources, the first that can answer for a package wins:

1. pip-audit, which asks PyPI for each pinned version's advisories;
2. for packages pip-audit could not look up (some networks, such as our build
   machines' PyPI mirror, answer 404 for every per-version document),
   ``latest_advisories``: PyPI's project document, which lists the advisories of the
   latest release. A pin at the latest release is checked against it; a pin behind it
   cannot be checked there.

Exit status:
- 1 when a pinned version has a known vulnerability: each advisory is printed with its
  aliases and the versions that fix it;
- 0 otherwise. The report still lists every package that could not be checked and why
  (an unreachable advisory source, a pin behind the latest release when only the
  latest release's advisories can be read). Those are information, not failures: the
  same commit must give the same answer on any day, and "a newer release exists" or
  "the network is down" says nothing about the pinned version;
- 2 when the audit cannot start: a requirements file is missing or a requirement is
  not pinned to one version (``make upgrade`` writes only exact pins).

The requirements files pin every package, transitive ones included, so pip-audit runs
with ``--no-deps --disable-pip``: it audits exactly the pinned versions, without
building a throwaway virtualenv, and whatever Python runs it.
"""

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

from commissioning.datasafety.latest_advisories import (
    Pin,
    Project,
    Unreachable,
    fetch_projects,
    judge,
)

DEFAULT_FILES = ("requirements.txt", "requirements-dev.txt")
TIMEOUT_SECONDS = 600
CANNOT_START = 2


@dataclass(frozen=True)
class Finding:
    """One advisory that affects one pinned version."""

    package: str
    version: str
    advisory: str
    aliases: tuple[str, ...] = ()
    fixed_in: tuple[str, ...] = ()

    def line(self) -> str:
        aliases = f" ({', '.join(self.aliases)})" if self.aliases else ""
        fixed = ", ".join(self.fixed_in) or "no fixed version yet"
        return f"  {self.package} {self.version}: {self.advisory}{aliases}; fixed in {fixed}"


@dataclass(frozen=True)
class Report:
    """What the audit found, pin by pin: each pin is in exactly one of the three."""

    clean: tuple[Pin, ...] = ()
    findings: tuple[Finding, ...] = ()
    unchecked: tuple[tuple[Pin, str], ...] = field(default=())  # (pin, why)

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0

    def render(self, *, checked_by: str = "") -> str:
        vulnerable = {canonicalize_name(f.package) for f in self.findings}
        total = len(self.clean) + len(vulnerable) + len(self.unchecked)
        lines = []
        if self.findings:
            lines.append(f"Known vulnerabilities in {len(vulnerable)} pinned packages:")
            lines += [finding.line() for finding in self.findings]
            lines.append("Upgrade those pins to a fixed version (`make upgrade`, or edit *.in).")
        else:
            checked = len(self.clean)
            lines.append(
                f"No known vulnerabilities in the {checked} of {total} pinned packages "
                f"that could be checked{checked_by}."
            )
        if self.unchecked:
            lines.append(f"Not checked ({len(self.unchecked)}; this is a report, not a failure):")
            lines += [f"  {pin.name} {pin.version}: {why}" for pin, why in self.unchecked]
        return "\n".join(lines)


def from_pip_audit(
    pins: Iterable[Pin], report: Mapping | None, returncode: int, stderr: str
) -> Report:
    """Sort the pins by pip-audit's JSON report (None if it wrote none), its exit status
    and its error output. A pin pip-audit did not answer for is left unchecked."""
    pins = list(pins)
    if report is None:
        why = f"pip-audit gave no report (exit {returncode}): {_last_line(stderr)}"
        return Report(unchecked=tuple((pin, why) for pin in pins))
    by_name = {canonicalize_name(d.get("name", "")): d for d in report.get("dependencies", [])}
    clean, findings, unchecked = [], [], []
    for pin in pins:
        dependency = by_name.get(canonicalize_name(pin.name))
        if dependency is None:
            unchecked.append((pin, "pip-audit did not report on it"))
        elif dependency.get("skip_reason"):
            unchecked.append((pin, f"pip-audit: {dependency['skip_reason']}"))
        elif dependency.get("vulns"):
            findings += [
                Finding(
                    pin.name,
                    pin.version,
                    str(vuln.get("id")),
                    tuple(vuln.get("aliases") or ()),
                    tuple(vuln.get("fix_versions") or ()),
                )
                for vuln in dependency["vulns"]
            ]
        else:
            clean.append(pin)
    return Report(tuple(clean), tuple(findings), tuple(unchecked))


def with_project_documents(
    report: Report, projects: Mapping[str, Project | None | Unreachable]
) -> Report:
    """Check the pins ``report`` left unchecked against PyPI's project documents."""
    pending = [pin for pin, _ in report.unchecked]
    verdict = judge(pending, projects)
    findings = [
        Finding(
            pin.name,
            pin.version,
            str(advisory.get("id")),
            tuple(advisory.get("aliases") or ()),
            tuple(advisory.get("fixed_in") or ()),
        )
        for pin, advisory in verdict.vulnerable
    ]
    unchecked = [
        (
            pin,
            "the advisory data reachable here covers only the latest release "
            f"({latest}), not this pin",
        )
        for pin, latest in verdict.not_latest
    ]
    unchecked += [(pin, "PyPI has no such project") for pin in verdict.unknown]
    unchecked += [(pin, f"advisory source unreachable: {why}") for pin, why in verdict.unreachable]
    return Report(
        clean=report.clean + verdict.clean,
        findings=report.findings + tuple(findings),
        unchecked=tuple(sorted(unchecked, key=lambda item: canonicalize_name(item[0].name))),
    )


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else "no error output"


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


def run_pip_audit(files: list[str], pins: list[Pin]) -> Report:
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
            return from_pip_audit(pins, None, -1, f"no answer in {TIMEOUT_SECONDS} s")
        except OSError as error:
            return from_pip_audit(pins, None, -1, str(error))
        report = None
        if output.is_file() and output.stat().st_size:
            try:
                report = json.loads(output.read_text())
            except json.JSONDecodeError:
                report = None
    return from_pip_audit(pins, report, result.returncode, result.stderr)


def run(files: list[str]) -> tuple[int, str]:
    """(exit status, report) for the requirements ``files``."""
    for name in files:
        if not Path(name).is_file():
            return CANNOT_START, f"Cannot audit: {name} does not exist."
    try:
        pins = read_pins(files)
    except ValueError as error:
        return CANNOT_START, f"Cannot audit the requirements: {error}"
    try:
        import pip_audit  # noqa: F401  (only to say so when it is missing)
    except ImportError:
        report = Report(unchecked=tuple((pin, "pip-audit is not installed") for pin in pins))
    else:
        report = run_pip_audit(files, pins)
    by_pip_audit = len(report.clean)
    if report.unchecked:
        pending = [pin for pin, _ in report.unchecked]
        report = with_project_documents(report, fetch_projects(pending))
    elsewhere = len(report.clean) - by_pip_audit
    checked_by = f" ({by_pip_audit} by pip-audit, {elsewhere} against PyPI's advisory data)"
    return report.exit_code, report.render(checked_by=checked_by)


def main(argv: list[str]) -> int:
    exit_code, message = run(argv or list(DEFAULT_FILES))
    print(message, file=sys.stderr if exit_code else sys.stdout)
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
