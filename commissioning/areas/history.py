"""Areas over time: where a ceased ICB's area went, and whether a figure someone kept
(a business case's births) was taken on an older ICB map, with what the current map
would give instead.

A kept figure records its area code and its births dataset version (see
``cases.selectors.from_area``); newer ones also record the ICB map. Nothing here
changes what was kept: ``map_change`` only describes the choice, and the user makes it
by choosing one of ``options`` and saving.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from commissioning.areas import selectors
from commissioning.areas.models import Area, AreaChange, Dataset

FOUR_PLACES = Decimal("0.0001")
MAX_STEPS = 10  # map changes followed from a ceased code to today's map


@dataclass(frozen=True)
class Replacement:
    """One ICB that took over part of a ceased ICB's area on ``effective_on``."""

    code: str
    name: str
    share: Decimal
    effective_on: datetime.date
    ceased: bool  # this successor has itself ceased since


def replaced_by(area: Area) -> tuple[Replacement, ...]:
    """The ICBs that took over ``area`` when it ceased, with shares (largest first)."""
    changes = AreaChange.objects.filter(former=area).select_related("successor")
    return tuple(
        Replacement(
            c.successor.code,
            c.successor.name,
            c.share,
            c.effective_on,
            c.successor.ceased_on is not None,
        )
        for c in changes
    )


def now_covered_by(area: Area) -> tuple[tuple[Any, ...], str]:
    """The ICBs on the current map covering ``area`` (a ceased ICB), with the share of
    its area in each, following later changes (shares multiplied along the way, rounded
    to 4 places at the end); and what the shares are shares of."""
    from commissioning.areas.defaults import Part

    totals: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    bases: list[str] = []
    frontier: list[tuple[Area, Decimal]] = [(area, Decimal(1))]
    for _ in range(MAX_STEPS):
        following: list[tuple[Area, Decimal]] = []
        for node, weight in frontier:
            changes = list(AreaChange.objects.filter(former=node).select_related("successor"))
            if not changes or node.ceased_on is None:
                if node.pk != area.pk:
                    totals[node.code] += weight
                    names[node.code] = node.name
                continue
            for change in changes:
                if change.basis not in bases:
                    bases.append(change.basis)
                following.append((change.successor, weight * change.share))
        if not following:
            break
        frontier = following
    parts = tuple(
        Part(code, names[code], totals[code].quantize(FOUR_PLACES, rounding=ROUND_HALF_UP))
        for code in sorted(totals, key=lambda c: (-totals[c], c))
    )
    return parts, "; then ".join(bases)


@dataclass(frozen=True)
class Option:
    """An area on the current map to use instead, with its current births figure."""

    code: str
    name: str
    share: Decimal | None  # of the kept area's territory; None for the same code
    births: int | None
    births_age: str


@dataclass(frozen=True)
class MapChange:
    """A kept area figure that the current map would give differently.

    ``kept_*``: what was kept (code, name, the ICB map and births period it came from,
    the value). ``current_map``: the current map's name. ``ceased_on``: when the kept
    area's code stopped being used (None if it still exists). ``options``: what to use
    instead: the same code on the current map, or the current ICBs (or the authority)
    covering a ceased area."""

    kept_code: str
    kept_name: str
    kept_map: str
    kept_period: str
    kept_value: Decimal | None
    current_map: str
    ceased_on: datetime.date | None
    options: tuple[Option, ...]

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code.strip().upper()), None)


def _kept_map(entry: Mapping[str, Any], births: Dataset | None) -> str:
    stored = entry.get("configuration")
    if isinstance(stored, Mapping) and stored.get("name"):
        return str(stored["name"])
    if births is not None and births.lookup is not None and births.lookup.configuration:
        return births.lookup.configuration.name
    return ""


def _option(code: str, name: str, share: Decimal | None) -> Option:
    from commissioning.areas.defaults import AreaNotFound, area_defaults

    try:
        births = area_defaults(code).births
    except AreaNotFound:
        births = None
    return Option(
        code,
        name,
        share,
        births.value if births else None,
        births.age if births else "",
    )


def map_change(entry: Any, kept_value: Decimal | None = None) -> MapChange | None:
    """What the current map changes for a kept area figure (``entry``: its provenance,
    with ``code``, ``dataset`` {kind, version} and, when recorded, ``configuration``
    {name}), or None when nothing changes (the figure is from the current births on the
    current map) or ``entry`` is not an area figure. An assessment's area (``code`` and
    ``configuration`` only) changes when its map is not the current one or it ceased."""
    if not isinstance(entry, Mapping) or not entry.get("code"):
        return None
    area = Area.objects.select_related("successor").filter(code=entry["code"]).first()
    if area is None:
        return None
    dataset = entry.get("dataset") or {}
    births = (
        Dataset.objects.select_related("lookup__configuration")
        .filter(kind=dataset.get("kind", ""), version=dataset.get("version") or 0)
        .first()
    )
    current = selectors.current_configuration()
    current_name = current.name if current else ""
    kept_map = _kept_map(entry, births)
    # An entry without a births dataset (an assessment's area) is judged on its map.
    births_outdated = bool(dataset) and (births is None or not births.is_current)
    ceased = area.ceased_on is not None or area.successor_id is not None
    if not ceased and not births_outdated and (not kept_map or kept_map == current_name):
        return None
    if area.successor_id is not None:
        options = (_option(area.successor.code, area.successor.name, Decimal(1)),)
    elif area.ceased_on is not None:
        parts, _ = now_covered_by(area)
        options = tuple(_option(p.code, p.name, p.share) for p in parts)
    else:
        options = (_option(area.code, area.name, None),)
    return MapChange(
        kept_code=area.code,
        kept_name=area.name,
        kept_map=kept_map,
        kept_period=str(entry.get("period", "")),
        kept_value=kept_value,
        current_map=current_name,
        ceased_on=area.ceased_on,
        options=options,
    )


def area_map_of(code: str) -> str:
    """The ICB map to record with an area chosen today: for an ICB, the map its figures
    are on (its last one if it has ceased); for any other area, the current map."""
    from commissioning.areas.defaults import AreaNotFound, area_defaults

    area = Area.objects.filter(code=code.strip().upper()).first()
    if area is not None and area.level == Area.Level.ICB:
        try:
            found = area_defaults(code).map
        except AreaNotFound:  # pragma: no cover - the area was just read
            found = None
        return found.name if found else ""
    current = selectors.current_configuration()
    return current.name if current else ""
