"""Writes for a case's options appraisal: add (as a copy of another option), rename,
delete and save an option, and record the preferred option and why.

The case's own inputs are the first option; ``CaseOption`` rows are the others
(models.py). Every change locks the case, is checked whole (names by
``economics.options.name_errors``, inputs by the engine with the case's shared need, price
year and discounting) and is saved as the case's next version, or raises and writes
nothing. A new version also retires the case's stored PDF and CSV (services.case_document).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from commissioning.accounts.models import User
from commissioning.cases import services
from commissioning.cases.economics import CaseInvalid, parse_case
from commissioning.cases.economics.options import (
    MAX_OPTIONS,
    SHARED,
    name_errors,
    option_data,
)
from commissioning.cases.models import Case, CaseOption
from commissioning.datasafety import audit
from commissioning.prices.selectors import current_series

MAIN = "main"  # the key of the first option (the case's own inputs)
TOO_MANY = f"A case holds at most {MAX_OPTIONS} options: delete one before adding another"
REASON_REQUIRED = "Say why this option is preferred"
PREFERRED_UNKNOWN = "Choose one of the case's options"
MAX_REASON = 5000


class OptionRefused(Exception):
    """An options change the rules refuse; ``errors`` maps a field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def _lock(case: Case, seen_version: int | None = None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if seen_version is not None and seen_version != locked.version:
        raise services.CaseConflict(services.STALE)
    return locked


def _names(case: Case, *, without: int | None = None) -> list[str]:
    return [case.option_label] + [o.name for o in case.options.all() if o.pk != without]


def _check_name(case: Case, name: str, *, without: int | None = None, first: bool = False) -> str:
    name = name.strip()
    others = _names(case, without=without)
    if first:
        others = others[1:]
    errors = name_errors([*others, name])
    message = errors.get(f"options[{len(others)}].name")
    if message:
        raise OptionRefused({"name": message.replace(f"options[{len(others)}]", "This name")})
    return name


def _next_version(case: Case, user: User, comment: str, **details: Any) -> Case:
    case.version += 1
    case.updated_by = user
    case.save()
    services._snapshot(case, user=user, comment=comment)
    audit.record(
        actor=user,
        verb=audit.CHANGED,
        target=case,
        details={"version": case.version, "comment": comment, **details},
    )
    return case


def source_of(case: Case, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The full inputs and provenance of the option ``key`` ("main" or an option's pk)."""
    if key == MAIN:
        return copy.deepcopy(case.inputs), copy.deepcopy(case.provenance)
    option = case.options.filter(pk=int(key) if key.isdigit() else 0).first()
    if option is None:
        raise OptionRefused({"copy_from": "Choose an option to start from"})
    return option_data(case.inputs, option.inputs), copy.deepcopy(option.provenance)


@transaction.atomic
def option_add(*, case: Case, user: User, name: str, copy_from: str = MAIN) -> CaseOption:
    """A new option, a copy of the option ``copy_from``, so only what differs needs
    changing."""
    locked = _lock(case)
    if locked.options.count() + 1 >= MAX_OPTIONS:
        raise OptionRefused({"name": TOO_MANY})
    name = _check_name(locked, name)
    inputs, provenance = source_of(locked, copy_from)
    position = max((o.position for o in locked.options.all()), default=0) + 1
    option = CaseOption.objects.create(
        case=locked, name=name, position=position, inputs=inputs, provenance=provenance
    )
    _next_version(locked, user, f"Added the option '{name}'", option=name)
    return option


@transaction.atomic
def option_rename(*, case: Case, user: User, key: str, name: str) -> None:
    """Rename an option ("main" is the first option, the case's own inputs)."""
    locked = _lock(case)
    if key == MAIN:
        name = _check_name(locked, name, first=True)
        old, locked.first_option_name = locked.option_label, name
    else:
        option = locked.options.filter(pk=int(key) if key.isdigit() else 0).first()
        if option is None:
            raise OptionRefused({"name": "That option no longer exists"})
        name = _check_name(locked, name, without=option.pk)
        old, option.name = option.name, name
        option.save(update_fields=["name", "updated_at"])
    _next_version(locked, user, f"Renamed the option '{old}' to '{name}'", option=name)


@transaction.atomic
def option_delete(*, case: Case, user: User, option: CaseOption) -> bool:
    """Delete one of the other options (the first option is the case itself and stays);
    False if it was already gone. A deleted preferred option is no longer preferred."""
    locked = _lock(case)
    found = locked.options.filter(pk=option.pk).first()
    if found is None:
        return False
    if locked.preferred_option == str(found.pk):
        locked.preferred_option = ""
    found.delete()
    _next_version(locked, user, f"Deleted the option '{found.name}'", option=found.name)
    return True


def shared_changes(case: Case, inputs: Mapping[str, Any]) -> dict[str, str]:
    """The shared inputs (need, price year, discounting) ``inputs`` would change from
    the case's, as engine errors by path: they are changed on the first option."""
    from commissioning.cases import defaults

    errors = {}
    message = f"Every option shares this: change it on the first option ({case.option_label})"
    for key in SHARED:
        if key in ("births_per_year", "prevalence"):
            changed = defaults.get_value(inputs, key) != defaults.get_value(case.inputs, key)
        elif key == "discounting":
            changed = (inputs.get(key) or {}) != (case.inputs.get(key) or {})
            key = "discounting.method"
        else:
            changed = inputs.get(key) != case.inputs.get(key)
        if changed:
            errors[key] = message
    return errors


@transaction.atomic
def option_save(
    *,
    case: Case,
    user: User,
    option: CaseOption,
    inputs: Mapping[str, Any],
    provenance: Mapping[str, Any] | None = None,
    step: str | None = None,
    seen_version: int | None = None,
    comment: str = "",
) -> CaseOption:
    """Save a builder step for one of the other options: CaseInvalid (by path) if the
    engine refuses the option or the step changes a shared input, CaseConflict if the
    case changed since the page was loaded; nothing written either way."""
    locked = _lock(case, seen_version)
    found = CaseOption.objects.select_for_update().get(pk=option.pk, case=locked)
    errors = shared_changes(locked, inputs)
    if errors:
        raise CaseInvalid(errors)
    data = option_data(locked.inputs, inputs)
    data["name"] = locked.title
    parse_case(data, deflators=current_series())
    found.inputs = data
    if provenance is not None:
        found.provenance = dict(provenance)
    if step and step not in found.steps_done:
        found.steps_done = [*found.steps_done, step]
    found.save()
    _next_version(locked, user, comment or f"Saved the option '{found.name}'", option=found.name)
    return found


@transaction.atomic
def option_prefer(*, case: Case, user: User, key: str, reason: str) -> None:
    """Record the preferred option and why (both required)."""
    locked = _lock(case)
    keys = [MAIN] + [str(o.pk) for o in locked.options.all()]
    errors = {}
    if key not in keys:
        errors["preferred"] = PREFERRED_UNKNOWN
    reason = reason.strip()
    if not reason:
        errors["reason"] = REASON_REQUIRED
    elif len(reason) > MAX_REASON:
        errors["reason"] = f"Enter {MAX_REASON:,} characters or fewer"
    if errors:
        raise OptionRefused(errors)
    locked.preferred_option, locked.preferred_reason = key, reason
    _next_version(locked, user, "Recorded the preferred option")
