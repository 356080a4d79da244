"""Check the pinned requirements against the Python vulnerability database (pip-audit,
backed by PyPI's vulnerability data). Run by ``make audit``, which ``make test`` runs:

    .venv/bin/python -m commissioning.datasafety.dependency_audit requirements.txt ...

Exit status:
- 0 when no pinned package has a known vulnerability;
- 1 when any has one (the advisories and the fixed versions are printed), or when the
  audit itself is broken (an unreadable requirements file, pip-audit missing);
- 0 with a loud "vulnerability database unreachable" warning when, and only when, the
  database could not be asked: no network, or it has no record of our pinned
  versions (an offline mirror answers 404 for every version). A found vulnerability is
  never downgraded to a warning.

The requirements files pin every package, transitive ones included, so pip-audit runs
with ``--no-deps --disable-pip``: it audits exactly the pinned versions, without
building a throwaway virtualenv, and whatever Python runs it.
"""

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
    "Run `make audit` where PyPI's JSON API (https://pypi.org/pypi/<name>/<version>/json) "
    "can be reached."
)


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    message: str


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
            return Outcome(0, UNREACHABLE.format(detail=detail))
        if returncode != 0:
            return Outcome(1, f"pip-audit failed (exit {returncode}):\n{_tail(stderr)}")
        return Outcome(0, f"No known vulnerabilities in {len(dependencies)} pinned packages.")
    if any(sign in stderr for sign in NETWORK_ERRORS):
        return Outcome(0, UNREACHABLE.format(detail=_tail(stderr, lines=1)))
    return Outcome(returncode or 1, f"pip-audit failed (exit {returncode}):\n{_tail(stderr)}")


def _tail(text: str, *, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run(files: list[str]) -> Outcome:
    try:
        import pip_audit  # noqa: F401  (only to give a clear message when missing)
    except ImportError:
        return Outcome(1, "pip-audit is not installed: run `make install-dev`.")
    for name in files:
        if not Path(name).is_file():
            return Outcome(1, f"{name} does not exist.")
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
            return Outcome(0, UNREACHABLE.format(detail=f"no answer in {TIMEOUT_SECONDS} s"))
        report = None
        if output.is_file() and output.stat().st_size:
            try:
                report = json.loads(output.read_text())
            except json.JSONDecodeError:
                report = None
    return classify(report, result.returncode, result.stderr)


def main(argv: list[str]) -> int:
    outcome = run(argv or list(DEFAULT_FILES))
    warning = outcome.exit_code or outcome.message.startswith("WARNING")
    print(outcome.message, file=sys.stderr if warning else sys.stdout)
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
