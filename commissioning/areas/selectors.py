"""Reads for the areas app: search, current datasets, figures of any version, and ICB
births added up from district births."""

from decimal import Decimal

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from commissioning.areas import figures
from commissioning.areas.models import Area, AreaFigure, Configuration, Dataset, LookupRow

MIN_QUERY = 2


def dataset_age(dataset: Dataset | None) -> str:
    """ "mid-2019 (year to 30 June 2019): 7 years old", or "" without an end date."""
    if dataset is None or dataset.period_end is None:
        return ""
    years = figures.age_in_years(dataset.period_end, timezone.localdate())
    return f"{dataset.period_short or dataset.period}: {figures.age_label(years)}"


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


def dataset_at(*, kind: str, version: int) -> Dataset | None:
    """Version ``version`` of the ``kind`` dataset, current or not."""
    return Dataset.objects.filter(kind=kind, version=version).first()


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


def current_configuration() -> Configuration | None:
    """The ICB map of the current district-to-ICB lookup."""
    lookup = current_dataset(Dataset.Kind.LOOKUP_LAD_ICB)
    return None if lookup is None else lookup.configuration


def lookup_for(births: Dataset) -> Dataset | None:
    """The lookup to add ``births`` up to ICBs with: the current lookup of the matching
    kind when it covers exactly the births' areas (so a curator's newer lookup on the
    same district boundaries, such as the official ONS file replacing a derived one,
    takes effect at once), otherwise the lookup the births were checked against."""
    kind = (
        Dataset.Kind.LOOKUP_UTLA_ICB
        if births.kind == Dataset.Kind.BIRTHS_UTLA
        else Dataset.Kind.LOOKUP_LAD_ICB
    )
    current = current_dataset(kind)
    if current is None or current.pk == births.lookup_id:
        return births.lookup
    lookup_codes = set(current.lookup_rows.values_list("code", flat=True))
    births_codes = set(births.figures.values_list("area__code", flat=True))
    return current if lookup_codes == births_codes else births.lookup


def icb_births(births: Dataset, lookup: Dataset | None = None) -> dict[str, Decimal]:
    """ICB code -> unrounded births: each district's births × its LSOA share in the ICB,
    from ``lookup`` (default ``lookup_for(births)``, on the same boundaries)."""
    lookup = lookup or lookup_for(births)
    if lookup is None:
        return {}
    values = figure_values(births)
    rows = LookupRow.objects.filter(dataset=lookup).values_list("code", "icb_code", "share")
    return figures.weighted_totals(values, rows)


def births_for_lookup(lookup: Dataset) -> Dataset | None:
    """The newest district births on the same boundaries as ``lookup`` (the current
    births if they match), for an ICB that is only in an older map."""
    codes = set(lookup.lookup_rows.values_list("code", flat=True))
    candidates = Dataset.objects.filter(kind=Dataset.Kind.BIRTHS_LAD).order_by(
        "-is_current", "-version"
    )
    for births in candidates:
        if births.lookup_id == lookup.pk:
            return births
        if set(births.figures.values_list("area__code", flat=True)) == codes:
            return births
    return None


def lookup_holding(icb_code: str) -> Dataset | None:
    """The newest district-to-ICB lookup, by its map's date, that has ``icb_code``."""
    holding = LookupRow.objects.filter(icb_code=icb_code).values("dataset_id")
    return (
        Dataset.objects.filter(kind=Dataset.Kind.LOOKUP_LAD_ICB, pk__in=holding)
        .select_related("configuration")
        .order_by(
            "-is_current", F("configuration__effective_from").desc(nulls_last=True), "-version"
        )
        .first()
    )


def configurations_of(code: str) -> list[Configuration]:
    """The ICB maps whose lookups hold ``code`` (as an ICB or a district), oldest first."""
    holding = LookupRow.objects.filter(
        Q(icb_code=code) | Q(code=code), dataset__kind=Dataset.Kind.LOOKUP_LAD_ICB
    ).values("dataset__configuration_id")
    return list(Configuration.objects.filter(pk__in=holding).order_by("effective_from"))


def area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The current areas as grouped choices for a select (code, name): ICBs, upper-tier
    councils (counties and unitaries), then district councils. Ceased areas are left
    out: an organisation serves a place on today's map."""
    groups: dict[str, list[tuple[str, str]]] = {
        "Integrated Care Boards": [],
        "County and unitary councils": [],
        "District councils": [],
    }
    names = list(groups)
    for area in Area.objects.filter(current=True, ceased_on__isnull=True).order_by("name"):
        if area.level == Area.Level.ICB:
            group = names[0]
        elif area.level == Area.Level.UTLA or area.single_tier:
            group = names[1]
        else:
            group = names[2]
        groups[group].append((area.code, area.name))
    return [(label, options) for label, options in groups.items() if options]
