"""What the map page shows, built from the typed summary (no ORM beyond the reads
in ``selectors``)."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import mark_safe

from commissioning.servicemap import selectors, sharing
from commissioning.servicemap.access import Abilities
from commissioning.servicemap.catalogue import (
    FUNDING_HORIZON_MONTHS,
    LEVEL_HINTS,
    LEVEL_LABELS,
    SECTOR_LABELS,
    SPECIALISED_TEAM_DEFINITION,
    SPECIALISED_TEAM_SOURCE,
)
from commissioning.servicemap.charts import matrix_svg
from commissioning.servicemap.models import ServiceMap
from commissioning.servicemap.summary import (
    GapSummary,
    business_need,
    existing_arrangements,
    specialised_team_sentence,
)

MATRIX_TITLE = "Support recorded for each level and sector"


def matrix_rows(gaps: GapSummary) -> list[dict[str, Any]]:
    """One row per level, one cell per sector, for the matrix's data table."""
    return [
        {
            "level": level,
            "label": label,
            "hint": LEVEL_HINTS[level],
            "cells": [gaps.cell(level, sector) for sector in SECTOR_LABELS],
        }
        for level, label in LEVEL_LABELS.items()
    ]


def map_page_context(service_map: ServiceMap, can: Abilities) -> dict[str, Any]:
    summary = selectors.summary_for(service_map)
    gaps = summary.gaps
    services = service_map.services.select_related("updated_by").order_by(
        "level", "sector", "name", "pk"
    )
    return {
        "service_map": service_map,
        "can": can,
        "summary": summary,
        "gaps": gaps,
        "sectors": list(SECTOR_LABELS.items()),
        "matrix_rows": matrix_rows(gaps),
        # Safe: matrix_svg escapes every piece of text it writes.
        "matrix_svg": mark_safe(matrix_svg(gaps, chart_id="chart-matrix", title=MATRIX_TITLE)),
        "matrix_title": MATRIX_TITLE,
        "services": services,
        "horizon_months": FUNDING_HORIZON_MONTHS,
        "team_sentence": specialised_team_sentence(gaps),
        "team_definition": SPECIALISED_TEAM_DEFINITION,
        "team_source": SPECIALISED_TEAM_SOURCE,
        "existing": existing_arrangements(summary),
        "need": business_need(summary),
        "contributors": sharing.contributors_of(service_map),
        "invitations": sharing.invitations_waiting(service_map) if can.invite else [],
    }
