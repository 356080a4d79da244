"""Public pages about areas: search, one area's figures with their provenance, the
"choose your area" page, and JSON for pickers."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from commissioning.areas import picker, selectors
from commissioning.areas.defaults import AreaDefaults, AreaNotFound, area_defaults
from commissioning.areas.forms import SearchForm
from commissioning.areas.models import Area, Dataset

PER_PAGE = 25


API_RESULTS = 20


def _provenance(area: AreaDefaults | None = None) -> list[Dataset]:
    """Current versions, and older ones the page uses (an ICB's former map, an earlier
    deprivation edition), births first, for the "where the figures come from" notes."""
    order = [k for k, _ in Dataset.Kind.choices]
    used = Q(is_current=True)
    if area is not None:
        refs = [area.lookup, area.births.dataset if area.births else None]
        refs += [h.dataset for h in area.deprivation.history]
        for ref in refs:
            if ref is not None:
                used |= Q(kind=ref.kind, version=ref.version)
    found = Dataset.objects.filter(used).select_related("lookup", "configuration")
    return sorted(found, key=lambda d: (order.index(d.kind), not d.is_current, -d.version))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = level = ""
    if form.is_valid():
        query, level = form.cleaned_data["q"], form.cleaned_data["level"]
    births = selectors.current_dataset(Dataset.Kind.BIRTHS_LAD)
    births_age = selectors.dataset_age(births)
    page = Paginator(selectors.area_search(query, level), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "areas/index.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "level": level,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "births": births,
            "births_age": births_age,
            "map": selectors.current_configuration(),
            "lookup": selectors.current_dataset(Dataset.Kind.LOOKUP_LAD_ICB),
            "imd": selectors.current_dataset(Dataset.Kind.IMD_LAD),
            "total": Area.objects.count(),
        },
    )


@require_safe
def detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        defaults = area_defaults(code)
    except AreaNotFound:
        raise Http404("No area has that code.") from None
    return render(
        request,
        "areas/detail.html",
        {"area": defaults, "datasets": _provenance(defaults)},
    )


@require_safe
def choose(request: HttpRequest) -> HttpResponse:
    """The picker on a page of its own: results link back to ``next`` with ?area=."""
    target = picker.safe_next(request, request.GET.get("next"), reverse("areas:index"))
    state = picker.picker_for(request, target=target, keep={"next": target})
    return render(request, "areas/choose.html", {"picker": state, "back": target})


@require_safe
def api_area(request: HttpRequest, code: str) -> JsonResponse:
    try:
        defaults = area_defaults(code)
    except AreaNotFound:
        return JsonResponse({"error": "No area has that code."}, status=404)
    data = defaults.as_dict()
    data["url"] = request.build_absolute_uri(reverse("areas:detail", args=[defaults.code]))
    return JsonResponse(data)


@require_safe
def api_search(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level", "")
    if len(query) < selectors.MIN_QUERY:
        return JsonResponse({"query": query, "results": []})
    areas = selectors.area_search(query, level)[:API_RESULTS]
    return JsonResponse(
        {
            "query": query,
            "results": [
                {
                    "code": a.code,
                    "name": a.name,
                    "level": a.level,
                    "level_label": a.level_label,
                    "current": a.current,
                    "ceased_on": a.ceased_on.isoformat() if a.ceased_on else None,
                    "url": reverse("areas:detail", args=[a.code]),
                    "api": reverse("areas:api_area", args=[a.code]),
                }
                for a in areas
            ],
        }
    )
