"""A clone of the repository is self-contained: no file points at a document that is
not in it (the team's private research notes live outside the repository, and what the
code relies on is written up in ``docs/`` and the apps' READMEs, citing the original
publications)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Names of documents kept outside the repository, and relative paths that leave it.
OUTSIDE_NAMES = ("tech", "domain", "methods", "style", "domain-2026")
OUTSIDE = re.compile(
    r"\b(?:" + "|".join(re.escape(name) for name in OUTSIDE_NAMES) + r")\.md\b"
    r"|DEVELOPERS\.md|\.\./shared\b"
)


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    return [ROOT / name.decode() for name in listed if name]


def test_no_file_refers_to_a_document_outside_the_repository():
    offenders = []
    for path in tracked_text_files():
        if path == Path(__file__).resolve() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # fonts, images, recorded PDFs
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert offenders == []


def test_the_pattern_finds_what_it_is_for():
    assert OUTSIDE.search(f"see {OUTSIDE_NAMES[0]}.md §3.1")
    assert OUTSIDE.search("/".join(("..", "shared", "reference")))
    assert not OUTSIDE.search("cases/METHODS.md §4")
