"""The service map pages. Every view first asks ``access.map_for`` with the action it
takes (404 for anyone with no role on the map, 403 saying who can for the rest);
writes go through ``services``. Inviting partners is in ``views_people``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.access import member_organisations
from commissioning.accounts.permissions import Action
from commissioning.areas.picker import chosen_area
from commissioning.lib.http import CSV_ENCODING, GET_POST, attachment, refuse_method
from commissioning.servicemap import access, exports, selectors, services
from commissioning.servicemap.catalogue import LEVEL_LABELS, SECTOR_LABELS
from commissioning.servicemap.forms import MapForm, NoServiceForm, ServiceForm
from commissioning.servicemap.models import Service
from commissioning.servicemap.page import map_page_context


@login_required
@require_http_methods(GET_POST)
def index(request: HttpRequest) -> HttpResponse:
    organisations = member_organisations(request.user).order_by("name")
    area = chosen_area(request.GET.get("area"))
    initial = {"area_name": area.name, "area_code": area.code} if area else {}
    if organisations.count() == 1:
        initial["organisation"] = organisations.first()
    form = MapForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        access.organisation_for_new_map(request.user, form.cleaned_data["organisation"].pk)
        try:
            service_map = services.map_create(
                organisation=form.cleaned_data["organisation"],
                area_name=form.cleaned_data["area_name"],
                area_code=form.cleaned_data["area_code"],
                user=request.user,
            )
        except services.ServiceMapError as error:
            form.add_error("area_name", str(error))
        else:
            messages.success(request, f"The service map for {service_map.area_name} is ready.")
            return redirect("servicemap:detail", service_map.pk)
    choose = reverse("areas:choose") + "?next=" + reverse("servicemap:index") + "%23start-heading"
    return render(
        request,
        "servicemap/index.html",
        {
            "maps": selectors.maps_for(request.user),
            "form": form,
            "has_organisations": organisations.exists(),
            "choose_url": choose,
            "area": area,
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    # map_for first in every view: others get 404 whatever the method.
    service_map, can = access.map_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    return render(request, "servicemap/detail.html", map_page_context(service_map, can))


def _cell_or_404(level: str, sector: str) -> None:
    if level not in LEVEL_LABELS or sector not in SECTOR_LABELS:
        raise Http404("No such page.")


def _service_form_page(request: HttpRequest, pk: int, service_id: int | None) -> HttpResponse:
    service_map, can = access.map_for(request.user, pk, Action.EDIT)
    if refused := refuse_method(request, GET_POST):
        return refused
    service = None
    if service_id is not None:
        service = get_object_or_404(Service, pk=service_id, service_map=service_map)
        initial = {name: getattr(service, name) for name in services.SERVICE_FIELDS}
    else:
        initial = {
            "level": request.GET.get("level") if request.GET.get("level") in LEVEL_LABELS else "",
            "sector": request.GET.get("sector", ""),
            "funding_route": "unknown",
        }
    form = ServiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved, cleared = services.service_save(
                service_map=service_map, service=service, data=form.cleaned_data, user=request.user
            )
        except services.ServiceMapError as error:
            form.add_error(None, str(error))
        else:
            text = f"{saved.name} has been saved."
            if cleared:
                text += " The 'no service' mark on its level and sector has been removed."
            messages.success(request, text)
            if "add_another" in request.POST:
                return redirect("servicemap:service_add", service_map.pk)
            return redirect(reverse("servicemap:detail", args=[service_map.pk]) + "#services")
    return render(
        request,
        "servicemap/service_form.html",
        {"service_map": service_map, "service": service, "form": form, "can": can},
    )


@login_required
def service_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _service_form_page(request, pk, None)


@login_required
def service_edit(request: HttpRequest, pk: int, service_id: int) -> HttpResponse:
    return _service_form_page(request, pk, service_id)


@login_required
def service_delete(request: HttpRequest, pk: int, service_id: int) -> HttpResponse:
    service_map, can = access.map_for(request.user, pk, Action.EDIT)
    if refused := refuse_method(request, GET_POST):
        return refused
    service = get_object_or_404(Service, pk=service_id, service_map=service_map)
    if request.method == "POST":
        services.service_delete(service=service, user=request.user)
        messages.success(request, f"{service.name} has been removed from the map.")
        return redirect(reverse("servicemap:detail", args=[service_map.pk]) + "#services")
    return render(
        request, "servicemap/service_delete.html", {"service_map": service_map, "service": service}
    )


@login_required
def cell(request: HttpRequest, pk: int, level: str, sector: str) -> HttpResponse:
    """One level and sector: its services, and the "no service" mark."""
    service_map, can = access.map_for(request.user, pk, Action.EDIT)
    if refused := refuse_method(request, GET_POST):
        return refused
    _cell_or_404(level, sector)
    form = NoServiceForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "clear":
                services.no_service_clear(
                    service_map=service_map, level=level, sector=sector, user=request.user
                )
                messages.success(request, "The 'no service' mark has been removed.")
                return redirect("servicemap:detail", service_map.pk)
            if action == "mark" and form.is_valid():
                services.no_service_mark(
                    service_map=service_map,
                    level=level,
                    sector=sector,
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
                messages.success(
                    request,
                    f"Recorded: no {services.cell_name(level, sector)}.",
                )
                return redirect("servicemap:detail", service_map.pk)
            if action not in ("mark", "clear"):
                error = "Choose whether to record that there is no service, or remove that record."
        except services.ServiceMapError as refused:
            error = str(refused)
        if error:
            form.add_error(None, error)
    return render(
        request,
        "servicemap/cell.html",
        {
            "service_map": service_map,
            "level": level,
            "sector": sector,
            "level_label": LEVEL_LABELS[level],
            "sector_label": SECTOR_LABELS[sector],
            "services": service_map.services.filter(level=level, sector=sector),
            "mark": service_map.no_services.filter(level=level, sector=sector)
            .select_related("recorded_by")
            .first(),
            "form": form,
        },
    )


@login_required
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    service_map, _ = access.map_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    return render(
        request,
        "servicemap/versions.html",
        {"service_map": service_map, "versions": selectors.versions_of(service_map)},
    )


@login_required
def csv(request: HttpRequest, pk: int) -> HttpResponse:
    service_map, _ = access.map_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    body = exports.map_csv(selectors.summary_for(service_map))
    return attachment(
        body.encode(CSV_ENCODING),
        "text/csv; charset=utf-8",
        f"service-map-{service_map.pk}-v{service_map.version}.csv",
    )


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    service_map, _ = access.map_for(request.user, pk, Action.DELETE)
    if refused := refuse_method(request, GET_POST):
        return refused
    if request.method == "POST":
        services.map_delete(service_map=service_map)
        messages.success(request, f"The service map for {service_map.area_name} has been deleted.")
        return redirect("servicemap:index")
    return render(request, "servicemap/delete.html", {"service_map": service_map})
