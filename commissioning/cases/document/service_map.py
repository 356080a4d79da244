"""The strategic case's "existing arrangements": what the organisation's local
service map says (``commissioning.servicemap``), shown without re-entry.

``service_map_section`` turns a ``servicemap.summary.ServiceMapSummary`` (from
``servicemap.selectors.service_map_for(case)``) into what the ``service_map`` partial
of templates/cases/_document.html draws: sentences, the services table and the gap
matrix with its data table. ``service_map_csv_rows`` gives the same for the CSV.
"""

from __future__ import annotations

from typing import Any

from commissioning.cases.document.formatting import _date, _safe, table
from commissioning.servicemap.catalogue import (
    FUNDING_HORIZON_MONTHS,
    LEVEL_LABELS,
    SECTOR_LABELS,
    SPECIALISED_TEAM_SOURCE,
)
from commissioning.servicemap.charts import matrix_svg
from commissioning.servicemap.exports import summary_rows
from commissioning.servicemap.summary import (
    ServiceMapSummary,
    business_need,
    existing_arrangements,
)

TEXT = 99  # no numeric columns: every cell is text
MATRIX_TITLE = "Existing support for each level and sector, from the local service map"


def _for_whom(ages: str, criteria: str, exclusions: str) -> str:
    parts = []
    if ages:
        parts.append(f"Ages: {ages}.")
    if criteria:
        parts.append(criteria)
    if exclusions:
        parts.append(f"Not: {exclusions}")
    return " ".join(parts) or "Not recorded"


def service_map_section(summary: ServiceMapSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    gaps = summary.gaps
    services = table(
        f"Existing services in {summary.area_name}, from the service map (version "
        f"{summary.version})",
        ["Service", "Level", "Sector", "Provider", "For whom", "Families a year", "Funding"],
        [
            [
                s.name,
                s.level_label,
                s.sector_label,
                s.provider,
                _for_whom(s.ages, s.criteria, s.exclusions),
                "Not known" if s.capacity is None else f"{s.capacity:,}",
                s.funding_label + (f", ends {_date(s.funding_ends)}" if s.funding_ends else ""),
            ]
            for s in summary.services
        ],
        numeric_from=5,
        text_cols=[6],
    )
    matrix = table(
        "Support recorded for each level (rows) and sector (columns)",
        ["Level", *SECTOR_LABELS.values()],
        [
            [label, *(gaps.cell(level, sector).label for sector in SECTOR_LABELS)]
            for level, label in LEVEL_LABELS.items()
        ],
        numeric_from=TEXT,
    )
    funding = table(
        f"Services with time-limited funding (ended, ending within {FUNDING_HORIZON_MONTHS} "
        f"months of {_date(gaps.as_of)}, or fixed-term with no end date)",
        ["Service", "Provider", "Funding"],
        [[f.service.name, f.service.provider, f.reading] for f in gaps.funding_flags],
        numeric_from=TEXT,
    )
    return {
        "area_name": summary.area_name,
        "organisation_name": summary.organisation_name,
        "version": summary.version,
        "updated_on": _date(summary.updated_at) if summary.updated_at else "",
        "existing": existing_arrangements(summary),
        "need": business_need(summary),
        "services": services if summary.services else None,
        "funding": funding if gaps.funding_flags else None,
        "team_source": SPECIALISED_TEAM_SOURCE,
        "chart": {
            "id": "chart-service-map",
            "title": MATRIX_TITLE,
            "svg": _safe(matrix_svg(gaps, chart_id="chart-service-map", title=MATRIX_TITLE)),
            "table": matrix,
            "reading": (
                f"{gaps.recorded} of {len(gaps.cells)} combinations are recorded; "
                f"{len(gaps.no_service_cells)} are recorded as having no service."
            ),
        },
    }


def service_map_csv_rows(summary: ServiceMapSummary | None) -> list[list[Any]]:
    """The map's rows for the business case CSV (none when no map is linked)."""
    return [] if summary is None else summary_rows(summary)
