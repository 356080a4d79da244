"""The public knowledge-base pages: factors (with filters and search), the Behaviour
Change Wheel explorer, programmes, the parameter library and sources.

Only published items are shown, to every reader alike (staff included); anything else
is a 404. Every page is cached whole for anonymous visitors (``cache_for_anonymous``);
for signed-in readers the factor list and a factor's body are template fragments cached
under the content generation. Each view runs a fixed number of queries, however much
content there is.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from commissioning.knowledge import selectors
from commissioning.knowledge.caching import cache_for_anonymous, generation, kept_for_generation
from commissioning.knowledge.models import (
    CombComponent,
    CombFunctionLink,
    CombSubcomponent,
    Factor,
    FunctionPolicyLink,
    InterventionFunction,
    MatrixNote,
    Parameter,
    PolicyCategory,
    Programme,
    ProgrammeEffect,
    Source,
    Status,
    TdfDomain,
)
from commissioning.lib.lazy_context import lazy_parts

PAGE_SIZE = 20


def _meanings(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, meaning) for a key, without the "A: " prefix the grade labels carry."""
    return [(code, label.removeprefix(f"{code}: ")) for code, label in choices]


def _published_factor_count() -> Count:
    return Count("factors", filter=Q(factors__status=Status.PUBLISHED), distinct=True)


def _without_nul(params: QueryDict) -> QueryDict:
    """The query string minus NUL characters: PostgreSQL rejects text containing them
    (a 500), and no real search or filter value has one."""
    cleaned = QueryDict(mutable=True)
    for name, values in params.lists():
        cleaned.setlist(name, [value.replace("\x00", "") for value in values])
    return cleaned


def _listing(params: QueryDict, choices: dict[str, dict[str, str]]) -> dict[str, object]:
    """The results, pages and filter counts the list page shows for ``params``."""
    result = selectors.factor_search(params, choices=choices)
    # get_page never raises: a page number that is not a number gives page 1, one
    # out of range gives the last page.
    page = Paginator(result.factors, PAGE_SIZE).get_page(params.get("page"))
    page.object_list = selectors.factor_list_queryset(page.object_list)
    # Options that would show no factors are left out (a ticked one stays, so it can be
    # unticked), and so is a group left with none.
    facets = [
        (facet.name, facet.label, options)
        for facet in selectors.FACETS
        if (options := [o for o in result.facets[facet.name] if o.count or o.selected])
    ]
    return {
        "result": result,
        "page": page,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number, on_ends=1)),
        "facets": facets,
    }


LISTING_CONTEXT = ("result", "page", "page_numbers", "facets")


@require_safe
@cache_for_anonymous
def index(request: HttpRequest) -> HttpResponse:
    params = _without_nul(request.GET)
    choices = kept_for_generation("knowledge:facet-choices", selectors.facet_choices)
    # The results and filters are worked out only when the template needs them: they
    # are a fragment cached under the content generation and the query string, the
    # same for every reader (only published factors, whoever asks).
    lazy = lazy_parts(lambda: _listing(params, choices), LISTING_CONTEXT)
    return render(
        request,
        "knowledge/index.html",
        {
            "asked": selectors.parse_search(params, choices),
            "content_version": generation(),
            "query_key": request.GET.urlencode(),
            "max_query_length": selectors.MAX_QUERY_LENGTH,
            **lazy,
        },
    )


def _wheel() -> list[CombComponent]:
    """COM-B components with their sub-components, each carrying its TDF domains and
    matrix functions, each function its policy categories; every entry annotated
    with ``published_factors``.

    The same functions and policy categories recur under several sub-components, so
    each table is read once (eight queries in all, whatever the content) and the
    tree is assembled here rather than through nested prefetches."""
    policies = {
        p.pk: p
        for p in PolicyCategory.objects.annotate(published_factors=_published_factor_count())
    }
    functions = {
        f.pk: f
        for f in InterventionFunction.objects.annotate(published_factors=_published_factor_count())
    }
    for function in functions.values():
        function.policy_list = []
    for link in FunctionPolicyLink.objects.order_by("policy__order", "policy__code"):
        functions[link.function_id].policy_list.append(policies[link.policy_id])

    domains = {
        d.pk: d for d in TdfDomain.objects.annotate(published_factors=_published_factor_count())
    }
    domains_by_part: dict[int, list[TdfDomain]] = {}
    for link in TdfDomain.comb.through.objects.order_by("tdfdomain__order", "tdfdomain__code"):
        domains_by_part.setdefault(link.combsubcomponent_id, []).append(domains[link.tdfdomain_id])

    cells: dict[int, list[tuple[InterventionFunction, bool]]] = {}
    for cell in CombFunctionLink.objects.order_by("function__order", "function__code"):
        cells.setdefault(cell.subcomponent_id, []).append(
            (functions[cell.function_id], cell.added_in_2014)
        )

    components = list(CombComponent.objects.all())
    by_pk = {component.pk: component for component in components}
    for component in components:
        component.part_list = []
    for part in CombSubcomponent.objects.annotate(published_factors=_published_factor_count()):
        part.domain_list = domains_by_part.get(part.pk, [])
        part.function_rows = cells.get(part.pk, [])
        by_pk[part.component_id].part_list.append(part)
    return components


@require_safe
@cache_for_anonymous
def explorer(request: HttpRequest) -> HttpResponse:
    notes = {note.key: note for note in MatrixNote.objects.all()}
    return render(
        request,
        "knowledge/explorer.html",
        {
            "components": _wheel(),
            "comb_if_note": notes.get("comb_if"),
            "if_pc_note": notes.get("if_pc"),
        },
    )


@require_safe
@cache_for_anonymous
def factor(request: HttpRequest, slug: str) -> HttpResponse:
    # Published factors only, for every reader (curators work on drafts in the admin), so
    # a missing or unpublished one is a 404 before any fragment is read.
    heading = get_object_or_404(
        Factor.objects.published().only("pk", "slug", "title", "summary"), slug=slug
    )
    # The body is a fragment cached under the content generation and the factor; the
    # factor with its mappings, actions and sources is read only when it is missing.
    item = SimpleLazyObject(
        lambda: get_object_or_404(selectors.factor_detail_queryset(), pk=heading.pk)
    )
    related = SimpleLazyObject(
        lambda: list(heading.related.published().select_related("theme").order_by("title"))
    )
    return render(
        request,
        "knowledge/factor.html",
        {
            "heading": heading,
            "factor": item,
            "related": related,
            "content_version": generation(),
        },
    )


@require_safe
@cache_for_anonymous
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.published()
    return render(request, "knowledge/programme_list.html", {"programmes": programmes})


@require_safe
@cache_for_anonymous
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    queryset = Programme.objects.published().prefetch_related(
        "sources",
        Prefetch("effects", queryset=ProgrammeEffect.objects.select_related("source")),
    )
    item = get_object_or_404(queryset, slug=slug)
    return render(request, "knowledge/programme.html", {"programme": item})


@require_safe
@cache_for_anonymous
def parameter_list(request: HttpRequest) -> HttpResponse:
    by_category: dict[str, list[Parameter]] = {value: [] for value in Parameter.Category.values}
    for item in Parameter.objects.published().select_related("source"):
        by_category[item.category].append(item)
    categories = [
        (value, label, by_category[value])
        for value, label in Parameter.Category.choices
        if by_category[value]
    ]
    return render(
        request,
        "knowledge/parameter_list.html",
        {
            "categories": categories,
            "marks": [
                mark for mark in Parameter.Mark.choices if mark[0] != Parameter.Mark.UNVERIFIED
            ],
            "grades": _meanings(Source.Grade.choices),
        },
    )


@require_safe
@cache_for_anonymous
def parameter(request: HttpRequest, key: str) -> HttpResponse:
    item = get_object_or_404(Parameter.objects.published().select_related("source"), key=key)
    return render(request, "knowledge/parameter.html", {"parameter": item})


def _citation_exports(key: str = "") -> dict[str, str] | None:
    """Links to the RIS and BibTeX citation downloads (every published source, or the
    one named by ``key``), or None while the API that serves them is not installed."""
    query = f"?{urlencode({'key': key})}" if key else ""
    try:
        return {
            "ris": reverse("api:citations_ris") + query,
            "bibtex": reverse("api:citations_bibtex") + query,
        }
    except NoReverseMatch:
        return None


@require_safe
@cache_for_anonymous
def source_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/source_list.html",
        {
            "sources": Source.objects.published(),
            "grades": Source.Grade.choices,
            "exports": _citation_exports(),
        },
    )


@require_safe
@cache_for_anonymous
def source(request: HttpRequest, key: str) -> HttpResponse:
    item = get_object_or_404(Source.objects.published(), key=key)
    citing_factors = (
        Factor.objects.published()
        .filter(Q(sources=item) | Q(actions__sources=item))
        .distinct()
        .order_by("title")
    )
    return render(
        request,
        "knowledge/source.html",
        {
            "source": item,
            "factors": citing_factors,
            "programmes": item.programmes.published(),
            "parameters": item.parameters.published(),
            "exports": _citation_exports(item.key),
        },
    )
