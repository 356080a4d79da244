"""Writes to a service map. Each runs in one transaction that locks the map row, so
two contributors saving at once make two versions in turn, never a lost update; and
each ends by writing a ``ServiceMapVersion`` (the whole map, who, what changed).

Permission is checked by the caller (``access``). A rule that refuses a change raises
``ServiceMapError`` with a message for the person who asked; nothing is saved then.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from commissioning.accounts.models import Organisation, User
from commissioning.servicemap.catalogue import LEVEL_LABELS, SECTOR_LABELS
from commissioning.servicemap.models import NoService, Service, ServiceMap, ServiceMapVersion

SERVICE_FIELDS = (
    "level",
    "sector",
    "name",
    "provider",
    "ages",
    "criteria",
    "exclusions",
    "capacity",
    "funding_route",
    "funding_ends",
    "specialised_team",
    "source",
)

MAP_EXISTS = (
    "{org} already has a service map for {area}. Open it from the list below, or name "
    "the area differently."
)
HAS_SERVICES = (
    "{n} service{s} recorded for {cell}. Remove {them} first if there really is no service there."
)
NOT_MARKED = "{cell} is not marked as having no service."


class ServiceMapError(Exception):
    """A change the rules refuse; the message is for the person who asked."""


def cell_name(level: str, sector: str) -> str:
    return f"{LEVEL_LABELS[level].lower()} support in {SECTOR_LABELS[sector].lower()}"


def snapshot(service_map: ServiceMap) -> dict[str, Any]:
    """The whole map as JSON-ready data (what a version keeps)."""
    services = []
    for service in service_map.services.order_by("level", "sector", "name", "pk"):
        row = {name: getattr(service, name) for name in SERVICE_FIELDS}
        row["funding_ends"] = service.funding_ends.isoformat() if service.funding_ends else None
        row["id"] = service.pk
        services.append(row)
    marks = [
        {"level": m.level, "sector": m.sector, "note": m.note}
        for m in service_map.no_services.order_by("level", "sector")
    ]
    return {
        "area_name": service_map.area_name,
        "area_code": service_map.area_code,
        "services": services,
        "no_service": marks,
    }


def _locked(service_map: ServiceMap) -> ServiceMap:
    return ServiceMap.objects.select_for_update().get(pk=service_map.pk)


def _version(service_map: ServiceMap, *, user: User, change: str) -> None:
    # Numbered from the versions kept (not the map's counter), so a number is never
    # reused; the caller holds the map row's lock.
    latest = service_map.versions.aggregate(latest=Max("number"))["latest"] or 0
    service_map.version = latest + 1
    service_map.updated_by = user
    service_map.save(update_fields=["version", "updated_by", "updated_at"])
    ServiceMapVersion.objects.create(
        service_map=service_map,
        number=service_map.version,
        change=change[:500],
        snapshot=snapshot(service_map),
        created_by=user,
    )


def map_create(
    *, organisation: Organisation, area_name: str, area_code: str, user: User
) -> ServiceMap:
    area_name = area_name.strip()
    error = MAP_EXISTS.format(org=organisation, area=area_name)
    if ServiceMap.objects.filter(organisation=organisation, area_name__iexact=area_name).exists():
        raise ServiceMapError(error)
    try:
        with transaction.atomic():
            service_map = ServiceMap.objects.create(
                organisation=organisation,
                area_name=area_name,
                area_code=area_code.strip().upper()[:9],
                created_by=user,
                updated_by=user,
            )
            _version(service_map, user=user, change="Started the map")
    except IntegrityError:
        raise ServiceMapError(error) from None
    return service_map


def service_save(
    *, service_map: ServiceMap, service: Service | None, data: dict[str, Any], user: User
) -> tuple[Service, bool]:
    """Add a service (``service`` None) or change one, from a form's cleaned ``data``.
    A "no service" mark on the service's cell is removed (the cell now has one).
    Returns the service and whether a mark was removed."""
    with transaction.atomic():
        locked = _locked(service_map)
        if service is None:
            service = Service(service_map=locked)
            change = "Added"
        else:
            service = Service.objects.select_for_update().get(pk=service.pk, service_map=locked)
            change = "Changed"
        for name in SERVICE_FIELDS:
            setattr(service, name, data[name])
        service.updated_by = user
        try:
            service.full_clean(exclude=["service_map", "updated_by"])
        except ValidationError as error:  # the form checks first; this is a backstop
            raise ServiceMapError(" ".join(error.messages)) from None
        service.save()
        cleared, _ = NoService.objects.filter(
            service_map=locked, level=service.level, sector=service.sector
        ).delete()
        text = f"{change} {service.name} ({cell_name(service.level, service.sector)})"
        if cleared:
            text += "; removed the 'no service' mark there"
        _version(locked, user=user, change=text)
    return service, bool(cleared)


def service_delete(*, service: Service, user: User) -> None:
    with transaction.atomic():
        locked = _locked(service.service_map)
        deleted, _ = Service.objects.filter(pk=service.pk, service_map=locked).delete()
        if deleted:
            _version(
                locked,
                user=user,
                change=f"Removed {service.name} ({cell_name(service.level, service.sector)})",
            )


def no_service_mark(
    *, service_map: ServiceMap, level: str, sector: str, note: str, user: User
) -> NoService:
    """Record that the cell has no service. Refused while services are recorded there."""
    with transaction.atomic():
        locked = _locked(service_map)
        n = locked.services.filter(level=level, sector=sector).count()
        if n:
            raise ServiceMapError(
                HAS_SERVICES.format(
                    n=n,
                    s=" is" if n == 1 else "s are",
                    cell=cell_name(level, sector),
                    them="it" if n == 1 else "them",
                )
            )
        mark, _ = NoService.objects.update_or_create(
            service_map=locked,
            level=level,
            sector=sector,
            defaults={"note": note.strip(), "recorded_by": user},
        )
        _version(locked, user=user, change=f"Recorded no {cell_name(level, sector)}")
    return mark


def no_service_clear(*, service_map: ServiceMap, level: str, sector: str, user: User) -> None:
    with transaction.atomic():
        locked = _locked(service_map)
        deleted, _ = NoService.objects.filter(
            service_map=locked, level=level, sector=sector
        ).delete()
        if not deleted:
            raise ServiceMapError(NOT_MARKED.format(cell=cell_name(level, sector).capitalize()))
        _version(
            locked,
            user=user,
            change=f"Removed the 'no service' mark on {cell_name(level, sector)}",
        )


def map_delete(*, service_map: ServiceMap) -> None:
    with transaction.atomic():
        ServiceMap.objects.filter(pk=service_map.pk).delete()
