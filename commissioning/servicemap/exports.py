"""The service map as CSV: every cell through ``lib.csvsafe`` (no formula injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from commissioning.lib.csvsafe import csv_safe_row
from commissioning.servicemap.catalogue import LEVEL_LABELS, SECTOR_LABELS
from commissioning.servicemap.summary import STATE_LABELS, ServiceMapSummary, business_need

SERVICE_HEADER = [
    "Level",
    "Sector",
    "Service",
    "Provider",
    "Ages",
    "Who it is for",
    "Who it does not accept",
    "Capacity (families a year)",
    "Funding route",
    "Funding end date",
    "Specialised parent-infant relationship team",
    "Source or contact",
]


def service_rows(summary: ServiceMapSummary) -> list[list[Any]]:
    rows: list[list[Any]] = [SERVICE_HEADER]
    for s in summary.services:
        rows.append(
            [
                s.level_label,
                s.sector_label,
                s.name,
                s.provider,
                s.ages,
                s.criteria,
                s.exclusions,
                "" if s.capacity is None else s.capacity,
                s.funding_label,
                s.funding_ends.isoformat() if s.funding_ends else "",
                "Yes" if s.specialised_team else "No",
                s.source,
            ]
        )
    return rows


def cell_rows(summary: ServiceMapSummary) -> list[list[Any]]:
    rows: list[list[Any]] = [["Level", "Sector", "State", "Services"]]
    for cell in summary.gaps.cells:
        rows.append(
            [
                LEVEL_LABELS[cell.level],
                SECTOR_LABELS[cell.sector],
                STATE_LABELS[cell.state],
                cell.services,
            ]
        )
    return rows


def summary_rows(summary: ServiceMapSummary) -> list[list[Any]]:
    """All of the map, as rows (also used by the business case's CSV)."""
    rows: list[list[Any]] = [
        ["Service map", summary.area_name],
        ["Organisation", summary.organisation_name],
        ["Version", summary.version],
        ["Gaps as on", summary.gaps.as_of.isoformat()],
        [],
    ]
    rows += service_rows(summary)
    rows.append([])
    rows += cell_rows(summary)
    rows.append([])
    rows.append(["Time-limited funding", "Service", "Provider", "Status"])
    for flag in summary.gaps.funding_flags:
        rows.append(["", flag.service.name, flag.service.provider, flag.reading])
    rows.append([])
    rows.append(["Gaps"])
    rows += [[sentence] for sentence in business_need(summary)]
    return rows


def write_rows(rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(csv_safe_row(row))
    return buffer.getvalue()


def map_csv(summary: ServiceMapSummary) -> str:
    return write_rows(summary_rows(summary))
