"""Read-only JSON API over the published knowledge base (open data).

Lists are paginated (``?page``, ``?page_size`` up to 100) and filtered from the query
string. Factors are filtered by ``selectors.factor_search``, so the API and the HTML
list agree on every filter. Unknown filter values are ignored and reported in
``ignored_filters``; bad paging input is clamped. Nothing here is ever an error
except an unknown or unpublished factor (404 JSON). Each list runs a fixed number of
queries however many items there are.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest, JsonResponse, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from commissioning.knowledge.caching import cache_for_anonymous
from commissioning.knowledge.models import (
    Action,
    Factor,
    InterventionFunction,
    Parameter,
    Programme,
    ProgrammeEffect,
    Source,
    Status,
)
from commissioning.knowledge.selectors import (
    MAX_QUERY_LENGTH,
    FacetOption,
    factor_detail_queryset,
    factor_search,
)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_FILTER_VALUE_SHOWN = 60  # as selectors.factor_search, so both report alike
NOT_FOUND = "Not found."
QUERY_SHORTENED = f"Search: only the first {MAX_QUERY_LENGTH} characters were used"

type JsonDict = dict[str, object]


# --- Helpers shared by every endpoint ---------------------------------------------


def absolute_url(request: HttpRequest, name: str, *args: object) -> str | None:
    """The absolute address of a named route, or None while that page does not exist."""
    try:
        return request.build_absolute_uri(reverse(name, args=args))
    except NoReverseMatch:
        return None


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal as plain text without exponent or trailing zeros ("0.035", "100")."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def published_key(source: Source | None) -> str | None:
    return source.key if source is not None and source.status == Status.PUBLISHED else None


def published_keys(sources: Iterable[Source]) -> list[str]:
    return [source.key for source in sources if source.status == Status.PUBLISHED]


def query_params(request: HttpRequest) -> QueryDict:
    """The query string without NUL characters, which PostgreSQL refuses in text (a
    500 otherwise) and no real filter value contains."""
    params = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        params.setlist(name.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    return params


def _whole_number(params: QueryDict, name: str, default: int) -> int:
    try:
        return int(params.get(name, ""))
    except ValueError:  # also raised for numbers longer than Python will parse
        return default


@dataclass(frozen=True)
class Page:
    items: list
    count: int
    number: int
    pages: int
    size: int


def paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    """The requested page, with page size clamped to 1..100 and page number to
    1..last (page 1 when it is not a number)."""
    size = min(max(_whole_number(request.GET, "page_size", DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE)
    number = max(_whole_number(request.GET, "page", 1), 1)
    page = Paginator(queryset, size).get_page(number)
    return Page(
        items=list(page.object_list),
        count=page.paginator.count,
        number=page.number,
        pages=page.paginator.num_pages,
        size=size,
    )


def _page_link(request: HttpRequest, page: Page, number: int) -> str | None:
    if not 1 <= number <= page.pages:
        return None
    params = request.GET.copy()
    params["page"] = str(number)
    if "page_size" in params:
        params["page_size"] = str(page.size)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def list_response(
    request: HttpRequest,
    page: Page,
    serialise: Callable[[HttpRequest, Model], JsonDict],
    *,
    ignored: list[str],
    extra: JsonDict | None = None,
) -> JsonResponse:
    return JsonResponse(
        {
            "count": page.count,
            "page": page.number,
            "pages": page.pages,
            "next": _page_link(request, page, page.number + 1),
            "previous": _page_link(request, page, page.number - 1),
            "ignored_filters": ignored,
            **(extra or {}),
            "results": [serialise(request, item) for item in page.items],
        }
    )


def choice_filter(
    params: QueryDict, name: str, label: str, allowed: Iterable[str], ignored: list[str]
) -> list[str]:
    """The known values of a repeatable filter; unknown ones are added to ``ignored``."""
    allowed = set(allowed)
    values: list[str] = []
    for value in params.getlist(name):
        if value in allowed:
            if value not in values:
                values.append(value)
        elif value:
            ignored.append(f"{label}: '{value[:MAX_FILTER_VALUE_SHOWN]}'")
    return values


def not_found() -> JsonResponse:
    return JsonResponse({"detail": NOT_FOUND}, status=404)


# --- Factors ----------------------------------------------------------------------


def _mappings(links: Iterable[Model], name_field: str = "name") -> list[JsonDict]:
    return [
        {"code": link.target.code, "name": getattr(link.target, name_field), "basis": link.basis}
        for link in links
    ]


def factor_list_prefetch(queryset: QuerySet[Factor]) -> QuerySet[Factor]:
    """Everything a factor summary shows, in a fixed number of queries."""
    return queryset.select_related("theme").prefetch_related(
        "perspectives",
        "sources",
        "comb_links__target",
        "tdf_links__target",
        "function_links__target",
        "policy_links__target",
        "bct_links__target",
        Prefetch("actions", queryset=Action.objects.order_by().only("pk", "factor_id")),
    )


def factor_summary(request: HttpRequest, factor: Factor) -> JsonDict:
    return {
        "slug": factor.slug,
        "title": factor.title,
        "kind": factor.kind,
        "level": factor.level,
        "theme": {"slug": factor.theme.slug, "name": factor.theme.name},
        "summary": factor.summary,
        "url": absolute_url(request, "knowledge:factor", factor.slug),
        "comb": _mappings(factor.comb_links.all()),
        "tdf": _mappings(factor.tdf_links.all()),
        "functions": _mappings(factor.function_links.all()),
        "policies": _mappings(factor.policy_links.all()),
        "bcts": _mappings(factor.bct_links.all(), name_field="label"),
        "perspectives": [{"code": p.code, "name": p.name} for p in factor.perspectives.all()],
        "sources": published_keys(factor.sources.all()),
        "action_count": len(factor.actions.all()),
    }


def action_data(action: Action) -> JsonDict:
    return {
        "title": action.title,
        "description": action.description,
        "function": action.function.code,
        "resources": [{"label": r.label, "url": r.url} for r in action.resources.all()],
        "sources": published_keys(action.sources.all()),
    }


def factor_full(request: HttpRequest, factor: Factor) -> JsonDict:
    actions = list(factor.actions.all())
    return {
        **factor_summary(request, factor),
        "action_count": len(actions),
        "body": factor.body,
        "last_reviewed": factor.last_reviewed.isoformat() if factor.last_reviewed else None,
        "actions": [action_data(action) for action in actions],
        "related": [related.slug for related in factor.related.all()],
    }


def _facets_data(facets: Mapping[str, list[FacetOption]], labels: Mapping[str, str]) -> JsonDict:
    return {
        name: {
            "label": labels[name],
            "options": [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                for o in options
            ],
        }
        for name, options in facets.items()
    }


@require_safe
@cache_for_anonymous
def factor_list(request: HttpRequest) -> JsonResponse:
    params = query_params(request)
    with_facets = params.get("facets") == "1"
    result = factor_search(params, with_facets=with_facets)
    ignored = list(result.ignored)
    if result.query_shortened:
        ignored.append(QUERY_SHORTENED)
    # Titles can repeat: the primary key breaks ties so pages never overlap.
    factors = result.factors.order_by(*result.factors.query.order_by, "pk")
    page = paginate(request, factor_list_prefetch(factors))
    extra = {"facets": _facets_data(result.facets, result.facet_labels)} if with_facets else None
    return list_response(request, page, factor_summary, ignored=ignored, extra=extra)


@require_safe
@cache_for_anonymous
def factor_detail(request: HttpRequest, slug: str) -> JsonResponse:
    related = Factor.objects.published().only("pk", "slug").order_by("title")
    factor = (
        factor_detail_queryset()
        .prefetch_related(Prefetch("related", queryset=related))
        .filter(slug=slug)
        .first()
    )
    if factor is None:
        return not_found()
    return JsonResponse(factor_full(request, factor))


# --- Actions, sources, programmes, parameters -------------------------------------


def action_item(request: HttpRequest, action: Action) -> JsonDict:
    factor = action.factor
    return {
        "factor": {
            "slug": factor.slug,
            "title": factor.title,
            "url": absolute_url(request, "knowledge:factor", factor.slug),
        },
        "order": action.order,
        **action_data(action),
    }


@require_safe
@cache_for_anonymous
def action_list(request: HttpRequest) -> JsonResponse:
    params, ignored = query_params(request), []
    actions = (
        Action.objects.filter(factor__status=Status.PUBLISHED)
        .select_related("factor", "function")
        .prefetch_related("sources", "resources")
        .order_by("factor__title", "factor__pk", "order", "pk")
    )
    if slugs := params.getlist("factor"):
        known = Factor.objects.published().filter(slug__in=slugs).values_list("slug", flat=True)
        factors = choice_filter(params, "factor", "Factor", known, ignored)
        actions = actions.filter(factor__slug__in=factors) if factors else actions
    if codes := params.getlist("function"):
        known = InterventionFunction.objects.filter(code__in=codes).values_list("code", flat=True)
        functions = choice_filter(params, "function", "Intervention function", known, ignored)
        actions = actions.filter(function__code__in=functions) if functions else actions
    return list_response(request, paginate(request, actions), action_item, ignored=ignored)


def source_item(request: HttpRequest, source: Source) -> JsonDict:
    return {
        "key": source.key,
        "short_citation": source.short_citation,
        "authors": source.authors,
        "title": source.title,
        "container": source.container,
        "year": source.year,
        "volume": source.volume,
        "issue": source.issue,
        "pages": source.pages,
        "doi": source.doi,
        "url": source.url,
        "link": source.link,
        "type": source.kind,
        "grade": source.grade,
        "notes": source.notes,
        "page_url": absolute_url(request, "knowledge:source", source.key),
        "ris": _citation_link(request, "api:citations_ris", source.key),
        "bibtex": _citation_link(request, "api:citations_bibtex", source.key),
    }


def _citation_link(request: HttpRequest, name: str, key: str) -> str | None:
    url = absolute_url(request, name)
    return None if url is None else f"{url}?{urlencode({'key': key})}"


@require_safe
@cache_for_anonymous
def source_list(request: HttpRequest) -> JsonResponse:
    ignored: list[str] = []
    sources = Source.objects.published().order_by("authors", "year", "key")
    kinds = choice_filter(request.GET, "type", "Type", Source.Kind.values, ignored)
    grades = choice_filter(request.GET, "grade", "Evidence strength", Source.Grade.values, ignored)
    if kinds:
        sources = sources.filter(kind__in=kinds)
    if grades:
        sources = sources.filter(grade__in=grades)
    return list_response(request, paginate(request, sources), source_item, ignored=ignored)


def programme_item(request: HttpRequest, programme: Programme) -> JsonDict:
    return {
        "slug": programme.slug,
        "name": programme.name,
        "summary": programme.summary,
        "description": programme.description,
        "age_range": programme.age_range,
        "delivery": programme.delivery,
        "evidence_summary": programme.evidence_summary,
        "rating": programme.rating or None,
        "rating_scheme": programme.rating_scheme,
        "sources": published_keys(programme.sources.all()),
        "effect_sizes": [
            {
                "outcome": effect.outcome,
                "measure": effect.measure,
                "value": effect.value,
                "source": published_key(effect.source),
            }
            for effect in programme.effects.all()
        ],
        "url": absolute_url(request, "knowledge:programme", programme.slug),
    }


@require_safe
@cache_for_anonymous
def programme_list(request: HttpRequest) -> JsonResponse:
    programmes = (
        Programme.objects.published()
        .prefetch_related(
            "sources",
            Prefetch("effects", queryset=ProgrammeEffect.objects.select_related("source")),
        )
        .order_by("name", "slug")
    )
    return list_response(request, paginate(request, programmes), programme_item, ignored=[])


def parameter_item(request: HttpRequest, parameter: Parameter) -> JsonDict:
    return {
        "key": parameter.key,
        "name": parameter.name,
        "category": parameter.category,
        "value": decimal_text(parameter.value),
        "unit": parameter.unit,
        "price_year": parameter.price_year,
        "low": decimal_text(parameter.low),
        "high": decimal_text(parameter.high),
        "source": published_key(parameter.source),
        "mark": parameter.mark,
        "notes": parameter.notes,
        "url": absolute_url(request, "knowledge:parameter", parameter.key),
    }


@require_safe
@cache_for_anonymous
def parameter_list(request: HttpRequest) -> JsonResponse:
    ignored: list[str] = []
    parameters = Parameter.objects.published().select_related("source")
    categories = choice_filter(
        request.GET, "category", "Category", Parameter.Category.values, ignored
    )
    if categories:
        parameters = parameters.filter(category__in=categories)
    parameters = parameters.order_by("category", "name", "key")
    return list_response(request, paginate(request, parameters), parameter_item, ignored=ignored)
