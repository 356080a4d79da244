"""Reads for the areas app: search, current datasets, figures of any version, and ICB
births added up from district births."""

from decimal import Decimal

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from commissioning.areas import figures
from commissioning.areas.models import Area, AreaFigure, Dataset, LookupRow

MIN_QUERY = 2


def current_dataset(kind: str) -> Dataset | None:
    return (
        Dataset.objects.filter(kind=kind, is_current=True)
        .select_related("lookup", "uploaded_by")
        .first()
    )


def area_search(query: str = "", level: str = "") -> QuerySet[Area]:
    """Areas whose name contains ``query`` or whose code starts with it (any case),
    optionally of one ``level`` (``utla`` includes single-tier authorities, which are
    upper-tier too). Exact code matches first, then current areas, then by name."""
    areas = Area.objects.all()
    query = query.strip()
    if query:
        areas = areas.filter(Q(name__icontains=query) | Q(code__istartswith=query))
    if level == Area.Level.UTLA:
        areas = areas.filter(Q(level=Area.Level.UTLA) | Q(single_tier=True))
    elif level in (Area.Level.LAD, Area.Level.ICB):
        areas = areas.filter(level=level)
    exact = Case(
        When(code__iexact=query, then=Value(0)),
        When(name__iexact=query, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return areas.annotate(exact=exact).order_by("exact", "-current", "name", "code")


def figure_at(*, code: str, kind: str, version: int) -> AreaFigure | None:
    """The figure ``code`` had in version ``version`` of ``kind``, current or not (for
    a business case that recorded which version it used). Versions never change."""
    return (
        AreaFigure.objects.filter(
            dataset__kind=kind, dataset__version=version, area__code=code.upper()
        )
        .select_related("dataset", "area")
        .first()
    )


def figure_values(dataset: Dataset, codes: list[str] | None = None) -> dict[str, Decimal]:
    figures_ = AreaFigure.objects.filter(dataset=dataset)
    if codes is not None:
        figures_ = figures_.filter(area__code__in=codes)
    return dict(figures_.values_list("area__code", "value"))


def lookup_rows(lookup: Dataset, **filters: object) -> list[LookupRow]:
    return list(LookupRow.objects.filter(dataset=lookup, **filters).order_by("row"))


def icb_births(births: Dataset) -> dict[str, Decimal]:
    """ICB code -> unrounded births: each district's births × its LSOA share in the ICB,
    from the lookup ``births`` was checked against (so the boundaries match)."""
    if births.lookup_id is None:
        return {}
    values = figure_values(births)
    rows = LookupRow.objects.filter(dataset_id=births.lookup_id).values_list(
        "code", "icb_code", "share"
    )
    return figures.weighted_totals(values, rows)
