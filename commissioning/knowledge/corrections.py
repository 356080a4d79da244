"""Corrections to content already loaded: how a fix to the shipped content reaches a
database that loaded the earlier text.

``load_content`` never overwrites an existing item, so curators' edits survive. When
the editors correct shipped content (a claim that went beyond its source, a grade, a
status mark), the correction is recorded in ``content/corrections/*.json`` as the old
and new value of one field, and ``corrections_apply`` makes it only where the
database still holds exactly the old shipped value. A field a curator has changed is
left alone and reported, so nobody's edit is lost. Applying twice changes nothing.

Each correction is an object:

- ``model``: ``source``, ``parameter``, ``factor``, ``action`` or ``matrix_note`` (a
  framework matrix's note, keyed ``comb_if`` or ``if_pc``);
- ``key``: the source or parameter key, or the factor slug (for an action, its
  factor's slug) and, for an action, ``action``: its title;
- ``field``: one of ``FIELDS[model]``; ``sources`` holds source keys, compared as a
  set (related factors need no correction: the link is symmetrical, so a new factor
  that names an old one links both);
- ``from`` and ``to``: the old and new value; ``why``: the reason, for the record.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import reversion
from django.db import transaction

from commissioning.knowledge.models import Action, Factor, MatrixNote, Parameter, Source

CORRECTIONS_DIR = Path(__file__).resolve().parent / "content" / "corrections"
FIELDS = {
    "source": {"grade", "notes", "title"},
    "parameter": {"mark", "name", "notes"},
    "factor": {"summary", "body", "sources"},
    "action": {"description", "sources"},
    "matrix_note": {"note"},
}
LIST_FIELDS = {"sources"}


@dataclass
class CorrectionSummary:
    applied: int = 0
    already: int = 0
    kept_local_edit: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"applied {self.applied}", f"already in place {self.already}"]
        if self.kept_local_edit:
            parts.append(
                f"left alone because edited locally {len(self.kept_local_edit)} "
                f"({', '.join(self.kept_local_edit)})"
            )
        if self.missing:
            parts.append(f"not in this database {len(self.missing)}")
        return "; ".join(parts)


def shipped_corrections() -> list[dict[str, Any]]:
    """Every correction shipped with the toolkit, oldest file first."""
    entries: list[dict[str, Any]] = []
    for path in sorted(CORRECTIONS_DIR.glob("*.json")):
        entries += json.loads(path.read_text(encoding="utf-8"))
    return entries


def _target(
    entry: dict[str, Any],
) -> Source | Parameter | Factor | Action | MatrixNote | None:
    model, key = entry["model"], entry["key"]
    if model == "source":
        return Source.objects.filter(key=key).first()
    if model == "parameter":
        return Parameter.objects.filter(key=key).first()
    if model == "factor":
        return Factor.objects.filter(slug=key).first()
    if model == "action":
        return Action.objects.filter(factor__slug=key, title=entry["action"]).first()
    if model == "matrix_note":
        return MatrixNote.objects.filter(key=key).first()
    raise ValueError(f"unknown model {model!r} in a correction")


def _current(obj: Any, name: str) -> Any:
    if name == "sources":
        return set(obj.sources.values_list("key", flat=True))
    return getattr(obj, name)


def _set(obj: Any, name: str, value: Any) -> None:
    if name == "sources":
        obj.sources.set(Source.objects.filter(key__in=value))
    else:
        setattr(obj, name, value)


def corrections_apply(entries: list[dict[str, Any]]) -> CorrectionSummary:
    """Make each correction whose field still holds its old shipped value, in one
    transaction (and one revision, so the history says what changed and why)."""
    summary = CorrectionSummary()
    for entry in entries:
        if entry["field"] not in FIELDS.get(entry["model"], set()):
            raise ValueError(f"a correction cannot change {entry['model']}.{entry['field']}")
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment("Applied the editors' corrections to shipped content")
        for entry in entries:
            obj = _target(entry)
            where = f"{entry['model']} {entry['key']}" + (
                f" / {entry['action']}" if entry["model"] == "action" else ""
            )
            if obj is None:
                summary.missing.append(where)
                continue
            name = entry["field"]
            old, new = entry["from"], entry["to"]
            if name in LIST_FIELDS:
                old, new = set(old), set(new)
            current = _current(obj, name)
            if current == new:
                summary.already += 1
            elif current != old:
                summary.kept_local_edit.append(f"{where}: {name}")
            else:
                _set(obj, name, entry["to"])
                if hasattr(obj, "version"):
                    obj.version += 1
                obj.save()
                summary.applied += 1
    return summary
