"""Reads for the knowledge base: filtering, faceting and searching published factors.

One function, ``factor_search``, serves the list page and the JSON API so both filter
the same way. Filters come from the query string (bookmarkable): several values of
one facet are OR-ed, different facets are AND-ed. Unknown values are ignored and
reported back, never an error. The number of queries does not depend on how many
factors there are: one per facet, one for the count and one for the page.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import QueryDict

from commissioning.knowledge.models import (
    CombSubcomponent,
    Factor,
    InterventionFunction,
    Perspective,
    PolicyCategory,
    TdfDomain,
    Theme,
)

MAX_QUERY_LENGTH = 200
MAX_SEARCH_WORDS = 12


@dataclass(frozen=True)
class Facet:
    """A filterable dimension: its query-string name, label and lookup path."""

    name: str
    label: str
    lookup: str  # path from Factor to the value used in the query string


FACETS = (
    Facet("kind", "Barrier or enabler", "kind"),
    Facet("level", "Level", "level"),
    Facet("theme", "Theme", "theme__slug"),
    Facet("comb", "COM-B", "comb_links__target__code"),
    Facet("tdf", "Theoretical Domains Framework", "tdf_links__target__code"),
    Facet("function", "Intervention function", "function_links__target__code"),
    Facet("policy", "Policy category", "policy_links__target__code"),
    Facet("perspective", "Perspective", "perspectives__code"),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    factors: QuerySet[Factor]
    query: str
    query_shortened: bool
    selected: dict[str, list[str]]
    ignored: list[str]
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    facet_labels: dict[str, str] = field(default_factory=dict)

    @property
    def is_filtered(self) -> bool:
        return bool(self.query or any(self.selected.values()))


def facet_choices() -> dict[str, dict[str, str]]:
    """Every allowed value of every facet, with its label (a few small queries)."""
    return {
        "kind": {"barrier": "Barriers", "enabler": "Enablers"},
        "level": dict(Factor.Level.choices),
        "theme": dict(Theme.objects.values_list("slug", "name")),
        "comb": dict(CombSubcomponent.objects.values_list("code", "name")),
        "tdf": dict(TdfDomain.objects.values_list("code", "name")),
        "function": dict(InterventionFunction.objects.values_list("code", "name")),
        "policy": dict(PolicyCategory.objects.values_list("code", "name")),
        "perspective": dict(Perspective.objects.values_list("code", "name")),
    }


def _facet_q(facet: Facet, values: list[str]) -> Q:
    if facet.name == "kind":
        # A factor that is both a barrier and an enabler counts as each.
        return Q(kind__in=[*values, Factor.Kind.BOTH])
    return Q(**{f"{facet.lookup}__in": values})


def _apply(queryset: QuerySet[Factor], selected: dict[str, list[str]], skip: str = "") -> QuerySet:
    for name, values in selected.items():
        if values and name != skip:
            # Filter through a subquery so several M2M facets do not multiply rows.
            matching = Factor.objects.filter(_facet_q(FACETS_BY_NAME[name], values))
            queryset = queryset.filter(pk__in=matching.values("pk"))
    return queryset


def _search(queryset: QuerySet[Factor], query: str) -> QuerySet[Factor]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        search = SearchQuery(query, search_type="websearch", config="english")
        # Filter on a real match (rank > 0 is not enough: weighted vectors give
        # non-matching rows a tiny positive rank), then order by relevance.
        return (
            queryset.alias(document=vector)
            .filter(document=search)
            .annotate(rank=SearchRank(vector, search))
            .order_by("-rank", "title")
        )
    # SQLite fallback: every word must appear in the title, summary or body; matches
    # in the title rank first.
    words = [w for w in query.split() if w][:MAX_SEARCH_WORDS]
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    title_hit = Q()
    for word in words:
        title_hit |= Q(title__icontains=word)
    return queryset.annotate(
        rank=Case(When(title_hit, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-rank", "title")


@dataclass(frozen=True)
class SearchRequest:
    """What a query string asks for, checked against the allowed facet values: no
    query of its own, so a page can say whether it is filtered before (or without)
    searching."""

    query: str
    query_shortened: bool
    selected: dict[str, list[str]]
    ignored: list[str]

    @property
    def is_filtered(self) -> bool:
        return bool(self.query or any(self.selected.values()))


def parse_search(
    params: QueryDict | dict[str, list[str]], choices: dict[str, dict[str, str]]
) -> SearchRequest:
    """The search words and the known facet values in ``params`` (``choices`` as from
    ``facet_choices``); unknown values are reported back in ``ignored``."""
    getlist = params.getlist if isinstance(params, QueryDict) else (lambda k: params.get(k, []))
    selected: dict[str, list[str]] = {}
    ignored: list[str] = []
    for facet in FACETS:
        values = []
        for value in getlist(facet.name):
            if value in choices[facet.name]:
                if value not in values:
                    values.append(value)
            elif value:
                ignored.append(f"{facet.label}: '{value[:60]}'")
        selected[facet.name] = values

    raw_query = getlist("q")[0] if getlist("q") else ""
    # Control characters (a NUL breaks PostgreSQL) are dropped; whitespace is folded.
    printable = "".join(ch if ch.isprintable() else " " for ch in str(raw_query))
    query = " ".join(printable.split())
    return SearchRequest(
        query=query[:MAX_QUERY_LENGTH],
        query_shortened=len(query) > MAX_QUERY_LENGTH,
        selected=selected,
        ignored=ignored,
    )


def factor_search(
    params: QueryDict | dict[str, list[str]],
    *,
    with_facets: bool = True,
    choices: dict[str, dict[str, str]] | None = None,
) -> SearchResult:
    """Filter and search published factors from query-string parameters (``choices``:
    the allowed facet values, read here when not given)."""
    if choices is None:
        choices = facet_choices()
    asked = parse_search(params, choices)
    query, selected = asked.query, asked.selected

    base = Factor.objects.published()
    if query:
        base = _search(base, query)
        matched = base
    else:
        matched = base.order_by("title")
    factors = _apply(matched, selected)

    result = SearchResult(
        factors=factors,
        query=query,
        query_shortened=asked.query_shortened,
        selected=selected,
        ignored=asked.ignored,
        facet_labels={facet.name: facet.label for facet in FACETS},
    )
    if with_facets:
        # The search runs once: on PostgreSQL each run builds every factor's text
        # vector, so the facet counts take the matching ids rather than the search.
        searched_ids = list(base.values_list("pk", flat=True)) if query else None
        for facet in FACETS:
            scope = Factor.objects.published()
            if searched_ids is not None:
                scope = scope.filter(pk__in=searched_ids)
            scope = _apply(scope, selected, skip=facet.name)
            counts = dict(
                scope.order_by()
                .values_list(facet.lookup)
                .annotate(n=Count("pk", distinct=True))
                .values_list(facet.lookup, "n")
            )
            if facet.name == "kind":
                both = counts.get(Factor.Kind.BOTH, 0)
                counts = {
                    "barrier": counts.get("barrier", 0) + both,
                    "enabler": counts.get("enabler", 0) + both,
                }
            result.facets[facet.name] = [
                FacetOption(
                    value=value,
                    label=label,
                    count=counts.get(value, 0),
                    selected=value in selected[facet.name],
                )
                for value, label in choices[facet.name].items()
            ]
    return result


def factor_detail_queryset() -> QuerySet[Factor]:
    """Published factors with everything the detail page shows, in a fixed number of
    queries."""
    return (
        Factor.objects.published()
        .select_related("theme")
        .prefetch_related(
            "perspectives",
            "sources",
            "comb_links__target__component",
            "tdf_links__target",
            "function_links__target",
            "policy_links__target",
            "bct_links__target__group",
            "actions__function",
            "actions__sources",
            "actions__resources",
        )
    )


def factor_list_queryset(queryset: QuerySet[Factor]) -> QuerySet[Factor]:
    """What a list row needs: theme and COM-B codes, without a query per row."""
    return queryset.select_related("theme").prefetch_related("comb_links__target")
