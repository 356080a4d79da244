"""Readable differences between two revisions of a curated item (pure).

Field values come from django-reversion's serialised versions as plain dicts; the
result is a list of changes, each with an HTML fragment that marks removed words
with <del> and added words with <ins>. All text is escaped first.
"""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    @property
    def html(self) -> SafeString:
        return word_diff(self.before, self.after)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return str(value)


def word_diff(before: str, after: str) -> SafeString:
    """``before`` -> ``after`` as escaped HTML with <del>/<ins> around changed words."""
    old, new = before.split(" "), after.split(" ")
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape(" ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped above


def field_changes(
    before: dict[str, object], after: dict[str, object], labels: dict[str, str]
) -> list[Change]:
    """The fields (in ``labels`` order) whose values differ between two versions."""
    changes = []
    for name, label in labels.items():
        old, new = _text(before.get(name)), _text(after.get(name))
        if old != new:
            changes.append(Change(label, old, new))
    return changes


def set_changes(before: set[str], after: set[str]) -> tuple[list[str], list[str]]:
    """Related rows (described as text) removed and added between two versions."""
    return sorted(before - after), sorted(after - before)
