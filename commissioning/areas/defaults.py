"""``area_defaults``: the figures the toolkit can offer for one area, with where each
came from. The area page, the JSON API and the "choose your area" picker read it; the
business-case builders can use it to pre-fill their inputs.

Reads the current dataset versions (a few small queries); the arithmetic is in
``figures``.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

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
    "{name} is a former district (2019 boundaries). Births are published for the "
    "authority that replaced it."
)
NO_BIRTHS = "The current births data has no figure for this area's code."
IMD_MISSING_NEW = (
    "IMD 2019 has no figure for {name} on current boundaries: the official file predates "
    "the authority and has its former districts instead. Averaging their scores would not "
    "be valid, so the toolkit does not show one."
)
IMD_MISSING_COUNTY = (
    "No IMD 2019 summary is available for a county: MHCLG's official upper-tier "
    "summaries are not in the toolkit, and it holds no district-to-county lookup to "
    "summarise the districts' scores."
)
IMD_MISSING_ICB = "None of this ICB's districts has an IMD 2019 score on current boundaries."
IMD_DERIVED = (
    "Derived by the toolkit, not an official MHCLG figure: the range of the IMD 2019 "
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
    successor: tuple[str, str] | None = None
    lookup: DatasetRef | None = None

    def as_dict(self) -> dict:
        """JSON-ready: Decimals become strings, so no precision is lost."""

        def clean(value: object) -> object:
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [clean(v) for v in value]
            return value

        return clean(asdict(self))  # type: ignore[return-value]


def _deprivation_official(imd: Dataset, code: str, name: str) -> Deprivation:
    figure = imd.figures.filter(area__code=code).first()
    if figure is None:
        return Deprivation(
            "missing", note=IMD_MISSING_NEW.format(name=name), dataset=DatasetRef.of(imd)
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


def _district(area: Area, births_lad: Dataset | None, imd: Dataset | None) -> dict:
    result: dict = {}
    if births_lad is not None:
        value = births_lad.figures.filter(area=area).values_list("value", flat=True).first()
        if value is not None:
            result["births"] = Births(
                figures.whole(value),
                figures.plain(value),
                births_lad.period,
                births_lad.source,
                DatasetRef.of(births_lad),
                False,
                DIRECT_METHOD,
            )
        if births_lad.lookup is not None:
            result["part_of"] = tuple(
                Part(r.icb_code, r.icb_name, r.share)
                for r in selectors.lookup_rows(births_lad.lookup, code=area.code)
            )
            result["lookup"] = DatasetRef.of(births_lad.lookup)
    if imd is None:
        result["deprivation"] = Deprivation("missing", note=IMD_NO_DATA)
    else:
        result["deprivation"] = _deprivation_official(imd, area.code, area.name)
        formers = list(area.predecessors.all())
        if formers:
            scores = selectors.figure_values(imd, [p.code for p in formers])
            result["former_districts"] = tuple(
                Former(p.code, p.name, scores.get(p.code)) for p in formers
            )
    return result


def _county(area: Area, births_utla: Dataset | None) -> dict:
    result: dict = {"deprivation": Deprivation("missing", note=IMD_MISSING_COUNTY)}
    if births_utla is not None:
        value = births_utla.figures.filter(area=area).values_list("value", flat=True).first()
        if value is not None:
            result["births"] = Births(
                figures.whole(value),
                figures.plain(value),
                births_utla.period,
                births_utla.source,
                DatasetRef.of(births_utla),
                False,
                DIRECT_METHOD,
            )
        if births_utla.lookup is not None:
            result["part_of"] = tuple(
                Part(r.icb_code, r.icb_name, r.share)
                for r in selectors.lookup_rows(births_utla.lookup, code=area.code)
            )
            result["lookup"] = DatasetRef.of(births_utla.lookup)
    return result


def _icb(area: Area, births_lad: Dataset | None, imd: Dataset | None) -> dict:
    if births_lad is None or births_lad.lookup is None:
        return {"deprivation": Deprivation("missing", note=IMD_NO_DATA)}
    rows: list[LookupRow] = selectors.lookup_rows(births_lad.lookup, icb_code=area.code)
    codes = [r.code for r in rows]
    births = selectors.figure_values(births_lad, codes)
    parts = tuple(
        Part(
            r.code,
            r.name,
            r.share,
            figures.plain(births[r.code] * r.share) if r.code in births else None,
        )
        for r in sorted(rows, key=lambda r: r.name)
    )
    result: dict = {"constituents": parts, "lookup": DatasetRef.of(births_lad.lookup)}
    if rows and all(p.births is not None for p in parts):
        exact = sum((p.births for p in parts if p.births is not None), Decimal(0))
        result["births"] = Births(
            figures.whole(exact),
            figures.plain(exact),
            births_lad.period,
            births_lad.source,
            DatasetRef.of(births_lad),
            True,
            ICB_BIRTHS_METHOD.format(
                lookup=f"{births_lad.lookup.title} (version {births_lad.lookup.version})"
            ),
        )
    if imd is None:
        result["deprivation"] = Deprivation("missing", note=IMD_NO_DATA)
        return result
    scores = selectors.figure_values(imd, codes)
    derived = figures.derived_deprivation(
        [(p.code, p.births or Decimal(0), scores.get(p.code)) for p in parts]
    )
    missing = tuple(p.name for p in parts if p.code not in scores)
    if derived is None:
        result["deprivation"] = Deprivation(
            "missing", note=IMD_MISSING_ICB, missing_names=missing, dataset=DatasetRef.of(imd)
        )
    else:
        result["deprivation"] = Deprivation(
            "derived",
            note=IMD_DERIVED,
            derived=derived,
            missing_names=missing,
            dataset=DatasetRef.of(imd),
        )
    return result


def area_defaults(code: str) -> AreaDefaults:
    """The figures and context the toolkit holds for the area with ``code`` (any case),
    from the current dataset versions.

    - Districts and unitaries: births as published (``births_lad``); their own IMD 2019
      summary, or "missing" with the reason (Buckinghamshire and North/West
      Northamptonshire, created after IMD 2019; their former districts' own scores are
      listed separately, never averaged); the ICBs they lie in, with shares.
    - Counties: births as published (``births_utla``); no deprivation summary (say why);
      the ICBs they overlap, with shares.
    - ICBs: births derived as the share-weighted sum of district births (unrounded in
      ``births.exact``, whole births in ``births.value``); a derived, clearly labelled
      deprivation summary (range and births-weighted average of district scores, with
      the districts left out for lack of a score); the districts with their shares.
    - Former districts (2019 boundaries): no births (``births_missing`` names the
      successor); their own IMD 2019 summary.

    Raises ``AreaNotFound`` for an unknown code. The result is a frozen snapshot: to keep
    a figure, store ``births.value`` (or ``exact``) with ``births.dataset.kind`` and
    ``births.dataset.version``; that version never changes."""
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
        successor=(area.successor.code, area.successor.name) if area.successor else None,
        lookup=parts.get("lookup"),
    )
