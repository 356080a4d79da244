"""The second way ``make audit`` checks the pins: PyPI's project JSON.

pip-audit asks PyPI for each pinned *version*
(``https://pypi.org/pypi/<name>/<version>/json``). Some networks (a caching mirror in
front of PyPI, such as the one on our build machines) answer 404 for every one of those
but do serve the *project* document, ``https://pypi.org/pypi/<name>/json``, which names
the latest release and lists the advisories (OSV / PyPA advisory database) that affect
that release. So, for every package pip-audit could not look up:

- pinned at the latest release: PyPI's advisory list for it is the answer (withdrawn
  advisories ignored); any advisory fails the audit;
- pinned behind (or ahead of) the latest release: this document says nothing about the
  pinned version, so the package is reported as *not checked*. Nothing is assumed
  safe, and nothing fails because a newer release came out.

``AUDIT_ADVISORY_URL`` (a ``{name}`` pattern) points at another copy of PyPI's JSON
API, such as an internal mirror or, in the tests, recorded documents on loopback.

``judge`` is pure (tested with worked examples); ``fetch_projects`` does the network.
"""

import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PROJECT_URL = os.environ.get("AUDIT_ADVISORY_URL") or "https://pypi.org/pypi/{name}/json"
FETCH_TIMEOUT_SECONDS = 30
FETCH_THREADS = 8


@dataclass(frozen=True)
class Pin:
    name: str
    version: str


@dataclass(frozen=True)
class Project:
    """What PyPI's project document says: the latest release and its advisories."""

    latest: str
    advisories: tuple[dict, ...] = ()


class Unreachable(Exception):
    """The project document could not be fetched (network, server or format error)."""


@dataclass(frozen=True)
class Verdict:
    clean: tuple[Pin, ...] = ()
    vulnerable: tuple[tuple[Pin, dict], ...] = ()
    not_latest: tuple[tuple[Pin, str], ...] = ()
    unknown: tuple[Pin, ...] = ()  # PyPI has no such project
    unreachable: tuple[tuple[Pin, str], ...] = ()

    @property
    def proven_clean(self) -> bool:
        return not (self.vulnerable or self.not_latest or self.unknown or self.unreachable)

    @property
    def nothing_reached(self) -> bool:
        """True when no project document at all could be fetched (no network)."""
        return bool(self.unreachable) and not (
            self.clean or self.vulnerable or self.not_latest or self.unknown
        )


def _same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def judge(pins: Iterable[Pin], projects: Mapping[str, Project | None | Unreachable]) -> Verdict:
    """Sort the pins by what PyPI's project documents say.

    ``projects`` maps the canonical package name to its ``Project``, ``None`` when PyPI
    has no such project, or the ``Unreachable`` error met while asking.
    """
    clean, vulnerable, not_latest, unknown, unreachable = [], [], [], [], []
    for pin in pins:
        project = projects.get(canonicalize_name(pin.name))
        if isinstance(project, Unreachable):
            unreachable.append((pin, str(project)))
        elif project is None:
            unknown.append(pin)
        elif not _same_version(pin.version, project.latest):
            not_latest.append((pin, project.latest))
        else:
            live = [a for a in project.advisories if not a.get("withdrawn")]
            if live:
                vulnerable.extend((pin, advisory) for advisory in live)
            else:
                clean.append(pin)
    return Verdict(
        clean=tuple(clean),
        vulnerable=tuple(vulnerable),
        not_latest=tuple(not_latest),
        unknown=tuple(unknown),
        unreachable=tuple(unreachable),
    )


def parse_project(document: dict) -> Project:
    try:
        return Project(
            latest=str(document["info"]["version"]),
            advisories=tuple(document.get("vulnerabilities") or ()),
        )
    except (KeyError, TypeError) as error:
        raise Unreachable(f"unexpected project document ({error!r})") from error


def fetch_project(name: str, *, attempts: int = 2) -> Project | None | Unreachable:
    """PyPI's project document for ``name``; None on 404; the error otherwise (after
    ``attempts`` tries, so one dropped connection does not fail the audit)."""
    outcome = _fetch_once(PROJECT_URL.format(name=canonicalize_name(name)))
    for _ in range(attempts - 1):
        if not isinstance(outcome, Unreachable):
            break
        outcome = _fetch_once(PROJECT_URL.format(name=canonicalize_name(name)))
    return outcome


def _fetch_once(url: str) -> Project | None | Unreachable:
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
            return parse_project(json.load(response))
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        return Unreachable(f"{url} answered HTTP {error.code}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        return Unreachable(f"{url}: {error}")
    except Unreachable as error:
        return error


def fetch_projects(
    pins: Iterable[Pin], fetch: Callable[[str], Project | None | Unreachable] = fetch_project
) -> dict[str, Project | None | Unreachable]:
    names = sorted({canonicalize_name(pin.name) for pin in pins})
    with ThreadPoolExecutor(FETCH_THREADS) as pool:
        return dict(zip(names, pool.map(fetch, names), strict=True))
