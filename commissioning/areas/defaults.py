"""``area_defaults``: the figures the toolkit can offer for one area, with where each
came from. The area page, the JSON API and the "choose your area" picker read it; the
business-case builders can use it to pre-fill their inputs.

Reads the current dataset versions (a few small queries); the arithmetic is in
``figures``.
"""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils import timezone

from commissioning.areas import figures, selectors
from commissioning.areas.models import Area, Dataset, LookupRow

ICB_BIRTHS_METHOD = (
    "Derived by the toolkit: the sum, over the districts in this ICB, of each district's "
    "births times the share of its LSOAs (small areas) that lie in the ICB, from {lookup}. "
    "The share counts LSOAs, a stand-in for population, not births. Kept unrounded and "
    "rounded to whole births only for display."
)
DIRECT_METHOD = "As published for this area."
NO_BIRTHS_FORMER = (
    "{name} is a former district. Births are shown for the authority that replaced it."
)
NO_BIRTHS = "The current births data has no figure for this area's code."
IMD_MISSING_NEW = (
    "{edition} has no figure for {name}: the official file is on other district "
    "boundaries. Averaging other districts' scores would not be valid, so the toolkit "
    "does not show one."
)
IMD_MISSING_COUNTY = (
    "No deprivation summary is available for a county: MHCLG's official upper-tier "
    "summaries are not in the toolkit, and it holds no district-to-county lookup to "
    "summarise the districts' scores."
)
IMD_MISSING_ICB = "None of this ICB's districts has a score in {edition}."
IMD_DERIVED = (
    "Derived by the toolkit, not an official MHCLG figure: the range of the {edition} "
    "average scores of the districts in this ICB, and their average weighted by births "
    "(district births times the district's LSOA share in the ICB). Higher means more "
    "deprived."
)
IMD_NO_DATA = "No IMD dataset is loaded."


class AreaNotFound(LookupError):
    """No area has that code."""


@dataclass(frozen=True)
class DatasetRef:
    """Which dataset version a figure came from: store ``kind`` and ``version`` with a
    figure you keep, and ``selectors.figure_at`` returns it again later."""

    kind: str
    version: int
    title: str
    period: str
    source: str
    licence: str
    is_current: bool
    derived: bool = False
    configuration: str = ""

    @classmethod
    def of(cls, dataset: Dataset) -> "DatasetRef":
        return cls(
            dataset.kind,
            dataset.version,
            dataset.title,
            dataset.period,
            dataset.source,
            dataset.licence,
            dataset.is_current,
            dataset.derived,
            dataset.configuration.name if dataset.configuration_id else "",
        )


@dataclass(frozen=True)
class Births:
    """Live births in one year for the area.

    ``value``: whole births (``exact`` rounded half up) — the number to pre-fill.
    ``exact``: unrounded; whole for districts and counties, fractional for ICBs (a
    share-weighted sum). ``period``: the dataset's period, e.g. "1 July 2018 to 30 June
    2019 (ONS mid-year estimate, not calendar-year registrations)" — show it with the
    figure. ``derived``: True when the toolkit computed it (ICBs); ``method`` says how."""

    value: int
    exact: Decimal
    period: str
    source: str
    dataset: DatasetRef
    derived: bool
    method: str
    period_short: str = ""
    period_end: datetime.date | None = None
    age_years: int | None = None

    @property
    def age(self) -> str:
        """ "mid-2019 (year to 30 June 2019): 7 years old" (or the long period alone when
        the dataset has no end date)."""
        if self.age_years is None:
            return self.period
        return f"{self.period_short or self.period}: {figures.age_label(self.age_years)}"


@dataclass(frozen=True)
class Deprivation:
    """Deprivation context. ``status``: "official" (a district's own IMD 2019 summary:
    ``score``, ``rank`` of ``rank_of``, ``proportion`` of LSOAs in the most deprived 10%,
    ``extent``), "derived" (an ICB's ``derived`` summary of its districts), or "missing"
    (``note`` says why; no number is invented)."""

    status: str
    note: str = ""
    score: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    proportion: Decimal | None = None
    extent: Decimal | None = None
    derived: figures.DerivedDeprivation | None = None
    missing_names: tuple[str, ...] = ()
    dataset: DatasetRef | None = None
    history: tuple["Deprivation", ...] = ()  # older editions, never to be compared


@dataclass(frozen=True)
class Part:
    """A related area: for an ICB, a district in it; for a district or county, an ICB
    it lies in. ``share``: the district's (or county's) share of LSOAs in that ICB.
    ``births``: the births this pair contributes (district births × share), unrounded."""

    code: str
    name: str
    share: Decimal
    births: Decimal | None = None

    @property
    def births_whole(self) -> int | None:
        return None if self.births is None else figures.whole(self.births)

    @property
    def split(self) -> bool:
        return self.share != 1


@dataclass(frozen=True)
class MapInfo:
    """Which ICB map the area's ICB figures come from, and the maps it is part of.

    ``name``/``effective_from``: the map used on this page (the current one, or for an
    area no longer on it, the latest it was part of). ``current``: the current map's
    name. ``member_of``: every map holding the code, oldest first. ``derived``: the
    lookup used is the toolkit's own derivation, not an official file."""

    name: str
    effective_from: datetime.date
    current: str
    is_current: bool
    derived: bool
    member_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Former:
    """A former district replaced by this area, with its own IMD 2019 average score."""

    code: str
    name: str
    score: Decimal | None


@dataclass(frozen=True)
class AreaDefaults:
    """Everything the toolkit can pre-fill for one area.

    ``births`` is None when there is no figure (``births_missing`` says why). Figures
    are suggestions: a page that pre-fills one must let the user change it, and when the
    user does, their figure and their source replace the default (keep
    ``births.dataset.kind``/``version`` only while the default is in use)."""

    code: str
    name: str
    level: str
    level_label: str
    region: str
    current: bool
    births: Births | None
    births_missing: str
    deprivation: Deprivation
    constituents: tuple[Part, ...] = ()
    part_of: tuple[Part, ...] = ()
    former_districts: tuple[Former, ...] = ()
    former_edition: str = ""
    successor: tuple[str, str] | None = None
    lookup: DatasetRef | None = None
    map: MapInfo | None = None
    ceased_on: datetime.date | None = None
    now_covered_by: tuple[Part, ...] = ()  # a ceased ICB: the ICBs covering it now
    change_basis: str = ""
    replaced_by: tuple = ()  # a ceased ICB: history.Replacement, when it ceased

    @property
    def ceased(self) -> bool:
        return self.ceased_on is not None

    def as_dict(self) -> dict:
        """JSON-ready: Decimals become strings, so no precision is lost."""

        def clean(value: object) -> object:
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, datetime.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [clean(v) for v in value]
            return value

        data: dict = clean(asdict(self))  # type: ignore[assignment]
        if self.births is not None:
            data["births"]["age"] = self.births.age
        return data


def _births(dataset: Dataset, value: Decimal, derived: bool, method: str) -> Births:
    today = timezone.localdate()
    end = dataset.period_end
    return Births(
        figures.whole(value),
        figures.plain(value),
        dataset.period,
        dataset.source,
        DatasetRef.of(dataset),
        derived,
        method,
        dataset.period_short,
        end,
        None if end is None else figures.age_in_years(end, today),
    )


def edition(imd: Dataset) -> str:
    """ "English Indices of Deprivation 2025" from the dataset's title."""
    return imd.title.split(",")[0]


def _deprivation_official(imd: Dataset, code: str, name: str) -> Deprivation:
    figure = imd.figures.filter(area__code=code).first()
    if figure is None:
        return Deprivation(
            "missing",
            note=IMD_MISSING_NEW.format(name=name, edition=edition(imd)),
            dataset=DatasetRef.of(imd),
        )
    extra = figure.extra
    return Deprivation(
        "official",
        note="MHCLG's own district summary.",
        score=figures.plain(figure.value),
        rank=extra.get("rank"),
        rank_of=imd.row_count,
        proportion=Decimal(extra["proportion_most_deprived_10pct"]),
        extent=Decimal(extra["extent"]),
        dataset=DatasetRef.of(imd),
    )


def _older_imd(imd: Dataset | None) -> list[Dataset]:
    older = Dataset.objects.filter(kind=Dataset.Kind.IMD_LAD, is_current=False)
    if imd is not None:
        older = older.exclude(pk=imd.pk)
    return list(older.order_by("-version"))


def _history(code: str, name: str, imd: Dataset | None) -> tuple[Deprivation, ...]:
    """Older IMD editions' own summaries for a district (only where they have one)."""
    found = []
    for older in _older_imd(imd):
        entry = _deprivation_official(older, code, name)
        if entry.status == "official":
            found.append(entry)
    return tuple(found)


def _parts_of(lookup: Dataset, code: str) -> tuple[Part, ...]:
    return tuple(
        Part(r.icb_code, r.icb_name, r.share) for r in selectors.lookup_rows(lookup, code=code)
    )


def _district(area: Area, births_lad: Dataset | None, imd: Dataset | None) -> dict:
    result: dict = {}
    if births_lad is not None:
        value = births_lad.figures.filter(area=area).values_list("value", flat=True).first()
        if value is not None:
            result["births"] = _births(births_lad, value, False, DIRECT_METHOD)
        lookup = selectors.lookup_for(births_lad)
        if lookup is not None and value is not None:
            result["part_of"] = _parts_of(lookup, area.code)
            result["lookup_dataset"] = lookup
    if imd is None:
        result["deprivation"] = Deprivation("missing", note=IMD_NO_DATA)
    else:
        current = _deprivation_official(imd, area.code, area.name)
        result["deprivation"] = Deprivation(
            **{**asdict_shallow(current), "history": _history(area.code, area.name, imd)}
        )
        formers = list(area.predecessors.all())
        if formers:
            codes = [p.code for p in formers]
            source = next(
                (d for d in [imd, *_older_imd(imd)] if selectors.figure_values(d, codes)), imd
            )
            scores = selectors.figure_values(source, codes)
            result["former_districts"] = tuple(
                Former(p.code, p.name, scores.get(p.code)) for p in formers
            )
            result["former_edition"] = edition(source)
    return result


def asdict_shallow(value: Deprivation) -> dict:
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


def _county(area: Area, births_utla: Dataset | None) -> dict:
    result: dict = {"deprivation": Deprivation("missing", note=IMD_MISSING_COUNTY)}
    if births_utla is not None:
        value = births_utla.figures.filter(area=area).values_list("value", flat=True).first()
        if value is not None:
            result["births"] = _births(births_utla, value, False, DIRECT_METHOD)
        lookup = selectors.lookup_for(births_utla)
        if lookup is not None:
            result["part_of"] = _parts_of(lookup, area.code)
            result["lookup_dataset"] = lookup
    return result


def _icb(area: Area, births_lad: Dataset | None, imd: Dataset | None) -> dict:
    lookup = selectors.lookup_for(births_lad) if births_lad is not None else None
    if lookup is None or not lookup.lookup_rows.filter(icb_code=area.code).exists():
        # Not on the current map: use the latest map it was part of, with births on
        # that map's district boundaries.
        lookup = selectors.lookup_holding(area.code)
        births_lad = selectors.births_for_lookup(lookup) if lookup is not None else None
    if lookup is None:
        return {"deprivation": Deprivation("missing", note=IMD_NO_DATA)}
    rows: list[LookupRow] = selectors.lookup_rows(lookup, icb_code=area.code)
    codes = [r.code for r in rows]
    births = selectors.figure_values(births_lad, codes) if births_lad is not None else {}
    parts = tuple(
        Part(
            r.code,
            r.name,
            r.share,
            figures.plain(births[r.code] * r.share) if r.code in births else None,
        )
        for r in sorted(rows, key=lambda r: r.name)
    )
    result: dict = {"constituents": parts, "lookup_dataset": lookup}
    if births_lad is not None and rows and all(p.births is not None for p in parts):
        exact = sum((p.births for p in parts if p.births is not None), Decimal(0))
        result["births"] = _births(
            births_lad,
            exact,
            True,
            ICB_BIRTHS_METHOD.format(lookup=f"{lookup.title} (version {lookup.version})"),
        )
    if imd is None:
        result["deprivation"] = Deprivation("missing", note=IMD_NO_DATA)
        return result
    name = edition(imd)
    scores = selectors.figure_values(imd, codes)
    derived = figures.derived_deprivation(
        [(p.code, p.births or Decimal(0), scores.get(p.code)) for p in parts]
    )
    missing = tuple(p.name for p in parts if p.code not in scores)
    if derived is None:
        result["deprivation"] = Deprivation(
            "missing",
            note=IMD_MISSING_ICB.format(edition=name),
            missing_names=missing,
            dataset=DatasetRef.of(imd),
        )
    else:
        result["deprivation"] = Deprivation(
            "derived",
            note=IMD_DERIVED.format(edition=name),
            derived=derived,
            missing_names=missing,
            dataset=DatasetRef.of(imd),
        )
    return result


def _map_info(area: Area, lookup: Dataset | None) -> MapInfo | None:
    current = selectors.current_configuration()
    if lookup is None or lookup.configuration is None:
        return None
    member_of = tuple(c.name for c in selectors.configurations_of(area.code))
    return MapInfo(
        name=lookup.configuration.name,
        effective_from=lookup.configuration.effective_from,
        current=current.name if current else "",
        is_current=current is not None and lookup.configuration_id == current.pk,
        derived=lookup.derived,
        member_of=member_of,
    )


def area_defaults(code: str) -> AreaDefaults:
    """The figures and context the toolkit holds for the area with ``code`` (any case),
    from the current dataset versions.

    - Districts and unitaries: births as published (``births_lad``); their own summary in
      the current IMD edition, or "missing" with the reason, and older editions' own
      summaries in ``deprivation.history`` (never to be compared with the current one);
      former districts' own scores are listed separately, never averaged; the ICBs they
      lie in, with shares.
    - Counties: births as published (``births_utla``); no deprivation summary (say why);
      the ICBs they overlap, with shares (from the upper-tier lookup's map).
    - ICBs: births derived as the share-weighted sum of district births (unrounded in
      ``births.exact``, whole births in ``births.value``); a derived, clearly labelled
      deprivation summary; the districts with their shares. An ICB that has ceased is
      shown on the latest map it was part of (``map``), with ``ceased_on`` and
      ``now_covered_by`` (the current ICBs covering its area, with shares).
    - Former districts: no births (``births_missing`` names the successor).

    Raises ``AreaNotFound`` for an unknown code. The result is a frozen snapshot: to keep
    a figure, store ``births.value`` (or ``exact``) with ``births.dataset.kind`` and
    ``births.dataset.version``; that version never changes."""
    from commissioning.areas import history

    area = (
        Area.objects.select_related("successor")
        .prefetch_related("predecessors")
        .filter(code=code.strip().upper())
        .first()
    )
    if area is None:
        raise AreaNotFound(code)
    births_lad = selectors.current_dataset(Dataset.Kind.BIRTHS_LAD)
    imd = selectors.current_dataset(Dataset.Kind.IMD_LAD)
    if area.level == Area.Level.ICB:
        parts = _icb(area, births_lad, imd)
    elif area.level == Area.Level.UTLA:
        parts = _county(area, selectors.current_dataset(Dataset.Kind.BIRTHS_UTLA))
    else:
        parts = _district(area, births_lad, imd)
    missing = ""
    if "births" not in parts:
        if area.successor is not None:
            missing = NO_BIRTHS_FORMER.format(name=area.name)
        else:
            missing = NO_BIRTHS
    lookup = parts.get("lookup_dataset")
    is_icb = area.level == Area.Level.ICB
    covered, basis = history.now_covered_by(area) if area.ceased_on and is_icb else ((), "")
    return AreaDefaults(
        code=area.code,
        name=area.name,
        level=area.level,
        level_label=area.level_label,
        region=area.region,
        current=area.current,
        births=parts.get("births"),
        births_missing=missing,
        deprivation=parts["deprivation"],
        constituents=parts.get("constituents", ()),
        part_of=parts.get("part_of", ()),
        former_districts=parts.get("former_districts", ()),
        former_edition=parts.get("former_edition", ""),
        successor=(area.successor.code, area.successor.name) if area.successor else None,
        lookup=DatasetRef.of(lookup) if lookup is not None else None,
        map=_map_info(area, lookup),
        ceased_on=area.ceased_on,
        now_covered_by=covered,
        change_basis=basis,
        replaced_by=history.replaced_by(area) if area.ceased_on and is_icb else (),
    )
