"""Writes for the case builders. Every change to a case goes through ``case_save``:
inside one transaction it locks the case, has the engine validate the whole resulting
case (``parse_case``), and only then writes the case and its next ``CaseVersion``. A
case the engine rejects raises ``CaseInvalid`` and nothing is written."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from commissioning.accounts.models import Organisation, User
from commissioning.cases import defaults
from commissioning.cases.economics import CaseInvalid, parse_case
from commissioning.cases.models import Case, CaseDocument, CaseVersion
from commissioning.datasafety import audit
from commissioning.documents.services import documents_delete_for_owner
from commissioning.prices import deflators
from commissioning.prices.selectors import current_series

STALE = (
    "Someone else changed this case while you were working on it. Your changes have not "
    "been saved: the page now shows the latest version, so check it and make your "
    "changes again."
)
COPY_PREFIX = "Copy of "
TITLE_MAX = 200


class CaseConflict(Exception):
    """The case changed since the page was loaded (another tab or another person)."""


def _snapshot(case: Case, *, user: User | None, comment: str) -> CaseVersion:
    return CaseVersion.objects.create(
        case=case,
        number=case.version,
        title=case.title,
        inputs=case.inputs,
        narrative=case.narrative,
        provenance=case.provenance,
        created_by=user,
        comment=comment[:200],
    )


def _validated(inputs: Mapping[str, Any], title: str) -> dict[str, Any]:
    data = copy.deepcopy(dict(inputs))
    data["name"] = title
    parse_case(data, deflators=current_series())  # raises CaseInvalid with every problem
    return data


@transaction.atomic
def case_create(*, organisation: Organisation, user: User, kind: str, title: str) -> Case:
    """A new case from the builder's template, with the parameter library's published
    values as defaults, saved as version 1."""
    library = defaults.Library.load()
    inputs, provenance = defaults.starting_case(
        kind=kind,
        title=title,
        library=library,
        price_year=deflators.label(current_series().latest_outturn),
    )
    inputs = _validated(inputs, title)
    case = Case.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        inputs=inputs,
        narrative={},
        provenance=provenance,
        version=1,
        created_by=user,
        updated_by=user,
    )
    _snapshot(case, user=user, comment=f"Started from the {case.get_kind_display()} template")
    audit.record(actor=user, verb=audit.CREATED, target=case)
    return case


@transaction.atomic
def case_save(
    *,
    case: Case,
    user: User,
    inputs: Mapping[str, Any] | None = None,
    narrative: Mapping[str, str] | None = None,
    provenance: Mapping[str, Any] | None = None,
    title: str | None = None,
    comment: str = "",
    step: str | None = None,
    seen_version: int | None = None,
) -> Case:
    """Save a change to ``case`` as its next version, or raise ``CaseInvalid`` (the
    engine's errors, by dotted path) or ``CaseConflict`` (``seen_version`` is not the
    case's current version) having written nothing. Omitted parts stay as they are."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if seen_version is not None and seen_version != locked.version:
        raise CaseConflict(STALE)
    new_title = locked.title if title is None else title
    new_inputs = _validated(locked.inputs if inputs is None else inputs, new_title)
    locked.title = new_title
    locked.inputs = new_inputs
    if narrative is not None:
        locked.narrative = dict(narrative)
    if provenance is not None:
        locked.provenance = dict(provenance)
    if step and step not in locked.steps_done:
        locked.steps_done = [*locked.steps_done, step]
    locked.version += 1
    locked.updated_by = user
    locked.save()
    _snapshot(locked, user=user, comment=comment)
    audit.record(
        actor=user,
        verb=audit.CHANGED,
        target=locked,
        details={"version": locked.version, "comment": comment},
        once_per=audit.ONCE_AN_HOUR,
    )
    return locked


@transaction.atomic
def case_rename(*, case: Case, user: User, title: str) -> Case:
    renamed = case_save(case=case, user=user, title=title, comment="Renamed")
    audit.record(actor=user, verb=audit.RENAMED, target=renamed, details={"title": title})
    return renamed


def case_restore(*, case: Case, user: User, version: CaseVersion) -> Case:
    """Make an earlier version current again, as a new version (history is kept)."""
    if version.case_id != case.pk:
        raise ValueError("That version belongs to another case.")
    with transaction.atomic():
        restored = case_save(
            case=case,
            user=user,
            inputs=version.inputs,
            narrative=version.narrative,
            provenance=version.provenance,
            title=version.title,
            comment=f"Restored version {version.number}",
        )
        audit.record(
            actor=user, verb=audit.RESTORED, target=restored, details={"version": version.number}
        )
    return restored


@transaction.atomic
def case_duplicate(*, case: Case, user: User) -> Case:
    """A copy of the case's current version in the same organisation, as version 1 of
    a new case."""
    title = (COPY_PREFIX + case.title)[:TITLE_MAX]
    inputs = _validated(case.inputs, title)
    copied = Case.objects.create(
        organisation=case.organisation,
        title=title,
        kind=case.kind,
        inputs=inputs,
        narrative=copy.deepcopy(case.narrative),
        provenance=copy.deepcopy(case.provenance),
        steps_done=list(case.steps_done),
        version=1,
        created_by=user,
        updated_by=user,
    )
    _snapshot(copied, user=user, comment=f"Copied from '{case.title}', version {case.version}")
    audit.record(actor=user, verb=audit.DUPLICATED, target=case, details={"title": copied.title})
    audit.record(actor=user, verb=audit.CREATED, target=copied)
    return copied


@transaction.atomic
def case_delete(*, case: Case, user: User) -> bool:
    """Delete the case with every version, its stored renders and its generated PDFs,
    and log who did it (the log keeps the title). False if it was already gone."""
    locked = Case.objects.select_for_update().filter(pk=case.pk).first()
    if locked is None:
        return False
    audit.record(
        actor=user, verb=audit.DELETED, target=locked, details={"versions": locked.version}
    )
    documents_delete_for_owner(owner=locked)
    locked.delete()
    return True


def case_document(*, case: Case, kind: str, render: Callable[[], bytes]) -> bytes:
    """The case's current version rendered as ``kind``: from the cache when this
    version has been rendered before, else ``render()``'d and stored. Renders of
    earlier versions are dropped when a new one is stored."""
    cached = (
        CaseDocument.objects.filter(case=case, version=case.version, kind=kind)
        .values_list("content", flat=True)
        .first()
    )
    if cached is not None:
        return bytes(cached)
    content = render()
    try:
        with transaction.atomic():
            CaseDocument.objects.create(case=case, version=case.version, kind=kind, content=content)
    except IntegrityError:
        pass  # rendered at the same moment by another request: theirs is the same
    CaseDocument.objects.filter(case=case, kind=kind, version__lt=case.version).delete()
    return content


__all__ = [
    "CaseConflict",
    "CaseInvalid",
    "case_create",
    "case_delete",
    "case_document",
    "case_duplicate",
    "case_rename",
    "case_restore",
    "case_save",
]
