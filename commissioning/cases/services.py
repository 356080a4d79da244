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
from commissioning.cases.economics.options import option_data
from commissioning.cases.models import Case, CaseDocument, CaseOption, CaseVersion
from commissioning.datasafety import audit
from commissioning.prices import deflators
from commissioning.prices.selectors import current_series
from commissioning.render_queue.services import documents_delete_for_owner

STALE = (
    "Someone else changed this case while you were working on it. Your changes have not "
    "been saved: the page now shows the latest version, so check it and make your "
    "changes again."
)
COPY_PREFIX = "Copy of "
TITLE_MAX = 200


class CaseConflict(Exception):
    """The case changed since the page was loaded (another tab or another person)."""


def options_state(case: Case) -> dict[str, Any]:
    """The case's other options and preferred option, as kept in a ``CaseVersion``."""
    others = [
        {
            "pk": o.pk,
            "name": o.name,
            "inputs": o.inputs,
            "provenance": o.provenance,
            "steps_done": o.steps_done,
        }
        for o in case.options.all()
    ]
    if not others and not case.first_option_name and not case.preferred_option:
        return {}
    return {
        "first_option_name": case.first_option_name,
        "preferred_option": case.preferred_option,
        "preferred_reason": case.preferred_reason,
        "others": others,
    }


def _snapshot(case: Case, *, user: User | None, comment: str) -> CaseVersion:
    return CaseVersion.objects.create(
        case=case,
        number=case.version,
        title=case.title,
        inputs=case.inputs,
        narrative=case.narrative,
        provenance=case.provenance,
        options=options_state(case),
        created_by=user,
        comment=comment[:200],
    )


def _options_still_valid(case: Case, inputs: Mapping[str, Any]) -> None:
    """Every other option of ``case`` with the shared inputs of ``inputs``, checked by
    the engine: a change to the first option's need, price year or discounting must not
    leave another option invalid (CaseInvalid naming the option otherwise)."""

    errors: dict[str, str] = {}
    for option in case.options.all():
        try:
            parse_case(option_data(inputs, option.inputs), deflators=current_series())
        except CaseInvalid as invalid:
            path, message = next(iter(invalid.errors.items()))
            errors[f'option "{option.name}"'] = (
                f"this change would make the option invalid ({path}: {message})"
            )
    if errors:
        raise CaseInvalid(errors)


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
    if inputs is not None:
        _options_still_valid(locked, new_inputs)
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
        _restore_options(case, version.options or {})
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


def _restore_options(case: Case, state: Mapping[str, Any]) -> None:
    """Put back the other options and the preferred option a version kept (none for a
    version from before options, or one without any)."""

    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.options.all().delete()
    names: dict[str, int] = {}
    for position, other in enumerate(state.get("others") or [], start=1):
        option = CaseOption.objects.create(
            case=case,
            name=other["name"],
            position=position,
            inputs=other.get("inputs") or {},
            provenance=other.get("provenance") or {},
            steps_done=other.get("steps_done") or [],
        )
        names[other["name"]] = option.pk
    Case.objects.filter(pk=case.pk).update(
        first_option_name=state.get("first_option_name", ""),
        preferred_option="",
        preferred_reason=state.get("preferred_reason", "") if state else "",
    )
    preferred = state.get("preferred_option", "")
    # Options get new ids when restored: the preferred one is found again by its name.
    if preferred == "main":
        Case.objects.filter(pk=case.pk).update(preferred_option="main")
    elif preferred:
        old_names = {str(o.get("pk", "")): o["name"] for o in state.get("others") or []}
        pk = names.get(old_names.get(preferred, ""))
        if pk is not None:
            Case.objects.filter(pk=case.pk).update(preferred_option=str(pk))


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
    _restore_options(copied, options_state(case))
    copied.refresh_from_db()
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
