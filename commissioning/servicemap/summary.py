"""The service map as a typed value, and its gap summary (pure: no Django, no ORM).

``selectors.summary_for`` reads a map into a ``ServiceMapSummary``; everything else
here is arithmetic on that value, so the map page, its CSV, the self-assessment panel
and the business case's strategic case all say the same thing.

Gaps:
- a level (or sector) "has nothing" when no service is recorded anywhere in it;
- a cell is "no service" when a contributor recorded that explicitly, and "not yet
  recorded" when it has neither a service nor that mark;
- funding is time-limited when it has ended, ends within ``FUNDING_HORIZON_MONTHS``
  of the day the summary is made, or comes by a fixed-term or grant route with no end
  date recorded;
- the area has a specialised parent-infant relationship team when a contributor has
  ticked that a specialist-level service meets the Parent-Infant Foundation's
  definition (``catalogue.SPECIALISED_TEAM_DEFINITION``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from commissioning.servicemap.catalogue import (
    FUNDING_HORIZON_MONTHS,
    FUNDING_LABELS,
    LEVEL_CODES,
    LEVEL_LABELS,
    SECTOR_CODES,
    SECTOR_LABELS,
    TIME_LIMITED_ROUTES,
)

CellState = Literal["services", "no_service", "not_recorded"]
FundingStatus = Literal["ended", "ending", "no_end_date"]

STATE_LABELS: dict[str, str] = {
    "services": "Service recorded",
    "no_service": "No service",
    "not_recorded": "Not yet recorded",
}


@dataclass(frozen=True)
class ServiceLine:
    """One service as recorded."""

    level: str
    sector: str
    name: str
    provider: str
    ages: str = ""
    criteria: str = ""
    exclusions: str = ""
    capacity: int | None = None
    funding_route: str = "unknown"
    funding_ends: date | None = None
    specialised_team: bool = False
    source: str = ""

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def sector_label(self) -> str:
        return SECTOR_LABELS[self.sector]

    @property
    def funding_label(self) -> str:
        return FUNDING_LABELS.get(self.funding_route, self.funding_route)


@dataclass(frozen=True)
class Cell:
    level: str
    sector: str
    services: int
    no_service: bool

    @property
    def state(self) -> CellState:
        if self.services:
            return "services"
        return "no_service" if self.no_service else "not_recorded"

    @property
    def label(self) -> str:
        if self.services:
            return f"{self.services} service{'s' if self.services != 1 else ''}"
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class FundingFlag:
    service: ServiceLine
    status: FundingStatus

    @property
    def reading(self) -> str:
        ends = self.service.funding_ends
        if self.status == "ended":
            return f"Funding ended on {_day(ends)}"
        if self.status == "ending":
            return f"Funding ends on {_day(ends)}"
        return f"{self.service.funding_label}, with no end date recorded"


@dataclass(frozen=True)
class GapSummary:
    cells: tuple[Cell, ...]
    levels_without: tuple[str, ...]  # labels
    sectors_without: tuple[str, ...]  # labels
    funding_flags: tuple[FundingFlag, ...]
    specialised_teams: tuple[ServiceLine, ...]
    as_of: date

    @property
    def has_specialised_team(self) -> bool:
        return bool(self.specialised_teams)

    @property
    def recorded(self) -> int:
        return sum(1 for cell in self.cells if cell.state != "not_recorded")

    @property
    def no_service_cells(self) -> tuple[Cell, ...]:
        return tuple(cell for cell in self.cells if cell.state == "no_service")

    @property
    def not_recorded_cells(self) -> tuple[Cell, ...]:
        return tuple(cell for cell in self.cells if cell.state == "not_recorded")

    def cell(self, level: str, sector: str) -> Cell:
        return next(c for c in self.cells if c.level == level and c.sector == sector)


@dataclass(frozen=True)
class ServiceMapSummary:
    """What the map says, for other parts of the toolkit to show without re-entry."""

    map_id: int
    organisation_name: str
    area_name: str
    area_code: str
    version: int
    updated_at: datetime | None
    updated_by: str
    services: tuple[ServiceLine, ...]
    gaps: GapSummary
    notes: tuple[str, ...] = field(default=())


def _day(value: date | None) -> str:
    return "" if value is None else f"{value.day} {value:%B %Y}"


def add_months(day: date, months: int) -> date:
    """``day`` moved on by whole ``months`` (the last day of a shorter month)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def funding_status(service: ServiceLine, today: date) -> FundingStatus | None:
    """Whether ``service``'s funding is time-limited (and how), else None."""
    ends = service.funding_ends
    if ends is not None:
        if ends < today:
            return "ended"
        if ends <= add_months(today, FUNDING_HORIZON_MONTHS):
            return "ending"
        return None
    if service.funding_route in TIME_LIMITED_ROUTES:
        return "no_end_date"
    return None


def summarise(
    services: Iterable[ServiceLine], no_service: Iterable[tuple[str, str]], today: date
) -> GapSummary:
    """The gap summary of a map with ``services`` and explicit "no service" marks on
    ``no_service`` cells ((level, sector) pairs), on the day ``today``."""
    services = tuple(services)
    marked = set(no_service)
    counts: dict[tuple[str, str], int] = {}
    for service in services:
        counts[(service.level, service.sector)] = counts.get((service.level, service.sector), 0) + 1
    cells = tuple(
        Cell(level, sector, counts.get((level, sector), 0), (level, sector) in marked)
        for level in LEVEL_CODES
        for sector in SECTOR_CODES
    )
    levels_without = tuple(
        LEVEL_LABELS[level] for level in LEVEL_CODES if not any(s.level == level for s in services)
    )
    sectors_without = tuple(
        SECTOR_LABELS[sector]
        for sector in SECTOR_CODES
        if not any(s.sector == sector for s in services)
    )
    flags = []
    for service in services:
        status = funding_status(service, today)
        if status is not None:
            flags.append(FundingFlag(service, status))
    order = {"ended": 0, "ending": 1, "no_end_date": 2}
    flags.sort(key=lambda f: (order[f.status], f.service.funding_ends or date.max, f.service.name))
    teams = tuple(s for s in services if s.specialised_team)
    return GapSummary(cells, levels_without, sectors_without, tuple(flags), teams, today)


def _list(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def specialised_team_sentence(gaps: GapSummary) -> str:
    if gaps.has_specialised_team:
        names = _list(f"{s.name} ({s.provider})" for s in gaps.specialised_teams)
        return (
            f"The area has a specialised parent-infant relationship team, as the "
            f"Parent-Infant Foundation defines one: {names}."
        )
    return (
        "No service on the map is recorded as a specialised parent-infant relationship "
        "team, as the Parent-Infant Foundation defines one."
    )


def existing_arrangements(summary: ServiceMapSummary) -> list[str]:
    """Sentences for the strategic case's "existing arrangements"."""
    gaps = summary.gaps
    count = len(summary.services)
    sentences = [
        f"The service map for {summary.area_name} (version {summary.version}) records "
        f"{count} service{'s' if count != 1 else ''} supporting parent-infant "
        f"relationships; {gaps.recorded} of {len(gaps.cells)} level and sector "
        "combinations have been checked."
    ]
    by_level = []
    for level in LEVEL_CODES:
        n = sum(1 for s in summary.services if s.level == level)
        by_level.append(f"{n} {LEVEL_LABELS[level].lower()}")
    sentences.append("By level: " + _list(by_level) + ".")
    sentences.append(specialised_team_sentence(gaps))
    return sentences


def business_need(summary: ServiceMapSummary) -> list[str]:
    """Sentences for the strategic case's "business need": the gaps."""
    gaps = summary.gaps
    sentences = []
    if gaps.levels_without:
        sentences.append(
            "No service is recorded at the "
            + _list(label.lower() for label in gaps.levels_without)
            + f" level{'s' if len(gaps.levels_without) > 1 else ''}."
        )
    if gaps.sectors_without:
        sentences.append("No service is recorded in: " + _list(gaps.sectors_without) + ".")
    if gaps.funding_flags:
        n = len(gaps.funding_flags)
        sentences.append(
            f"{n} service{'s have' if n != 1 else ' has'} time-limited funding (ended, "
            f"ending within {FUNDING_HORIZON_MONTHS} months of {_day(gaps.as_of)}, or "
            "fixed-term with no end date recorded)."
        )
    if not gaps.has_specialised_team:
        sentences.append(specialised_team_sentence(gaps))
    if gaps.not_recorded_cells:
        n = len(gaps.not_recorded_cells)
        sentences.append(
            f"{n} level and sector combination{'s are' if n != 1 else ' is'} not yet "
            "recorded, so the gaps may be larger or smaller than shown."
        )
    return sentences or ["The map records no gaps."]
