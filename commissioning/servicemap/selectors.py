"""Reads: the maps a user can see, a map as a ``ServiceMapSummary``, and the map
that feeds a business case or a self-assessment."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.servicemap.models import ServiceMap, ServiceMapVersion
from commissioning.servicemap.summary import ServiceLine, ServiceMapSummary, summarise


def maps_for(user: User) -> QuerySet[ServiceMap]:
    """Maps of the organisations ``user`` belongs to, and maps they were invited into
    as a contributor."""
    if not user.is_authenticated:
        return ServiceMap.objects.none()
    return (
        ServiceMap.objects.filter(
            Q(organisation__memberships__user=user) | Q(contributors__user=user)
        )
        .select_related("organisation", "updated_by")
        .distinct()
        .order_by("organisation__name", "area_name")
    )


def service_lines(service_map: ServiceMap) -> list[ServiceLine]:
    return [
        ServiceLine(
            level=s.level,
            sector=s.sector,
            name=s.name,
            provider=s.provider,
            ages=s.ages,
            criteria=s.criteria,
            exclusions=s.exclusions,
            capacity=s.capacity,
            funding_route=s.funding_route,
            funding_ends=s.funding_ends,
            specialised_team=s.specialised_team,
            source=s.source,
        )
        for s in service_map.services.order_by("level", "sector", "name", "pk")
    ]


def summary_for(service_map: ServiceMap, *, today: date | None = None) -> ServiceMapSummary:
    """The map as a typed value, its gaps as on ``today`` (default: today)."""
    lines = service_lines(service_map)
    marks = service_map.no_services.values_list("level", "sector")
    updated_by = service_map.updated_by
    return ServiceMapSummary(
        map_id=service_map.pk,
        organisation_name=service_map.organisation.name,
        area_name=service_map.area_name,
        area_code=service_map.area_code,
        version=service_map.version,
        updated_at=service_map.updated_at,
        updated_by=str(updated_by) if updated_by else "",
        services=tuple(lines),
        gaps=summarise(lines, marks, today or timezone.localdate()),
    )


def map_of_organisation(organisation_id: object, area_code: str = "") -> ServiceMap | None:
    """The organisation's map for ``area_code`` if it has one, else its most recently
    changed map, else None."""
    maps = ServiceMap.objects.filter(organisation_id=organisation_id).select_related(
        "organisation", "updated_by"
    )
    if area_code:
        exact = maps.filter(area_code__iexact=area_code).order_by("-updated_at").first()
        if exact is not None:
            return exact
    return maps.order_by("-updated_at", "-pk").first()


def case_area_code(provenance: Any) -> str:
    """The area a case's figures were taken from (``cases.selectors.from_area``), or ""."""
    if isinstance(provenance, dict):
        for entry in provenance.values():
            if isinstance(entry, dict) and entry.get("origin") == "area" and entry.get("code"):
                return str(entry["code"])
    return ""


def service_map_for(case: Any, *, today: date | None = None) -> ServiceMapSummary | None:
    """The summary the business case ``case`` shows in its strategic case: its
    organisation's map for the case's area (or its latest map), or None."""
    found = map_of_organisation(case.organisation_id, case_area_code(case.provenance))
    return None if found is None else summary_for(found, today=today)


def service_map_fingerprint(case: Any) -> str:
    """Changes whenever ``service_map_for(case)`` would (for document caches)."""
    found = map_of_organisation(case.organisation_id, case_area_code(case.provenance))
    return "none" if found is None else f"{found.pk}:{found.version}"


def versions_of(service_map: ServiceMap) -> QuerySet[ServiceMapVersion]:
    return service_map.versions.select_related("created_by").order_by("-number")
