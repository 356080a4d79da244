"""Writes for the areas app: loading the shipped datasets and applying a curator's
upload. Both check a file whole with ``datasets.check`` and apply it in one
transaction, or not at all. A new version never changes an earlier one: it is added
beside it and the ``is_current`` flag moves."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from commissioning.accounts.models import User
from commissioning.areas import datasets
from commissioning.areas.models import Area, AreaFigure, Dataset, LookupRow

DATA_DIR = Path(__file__).resolve().parent / "data"

BIRTHS_PERIOD = (
    "1 July 2018 to 30 June 2019 (ONS mid-year estimate, not calendar-year registrations)"
)
BIRTHS_SOURCE = (
    "Office for National Statistics, mid-2019 population estimates, table MYEB3 "
    "'summary components of change series, UK' (births component), April 2020 local "
    "authority boundaries, Northamptonshire districts moved onto the 2021 unitary codes. "
    "Copy read from GitHub BenjaminIsaac0111/daedalus (persistent_data/MYEB3_summary_"
    "components_of_change_series_UK_(2019_geog20).csv)."
)
BIRTHS_LICENCE = (
    "No licence is stated by the copy used. ONS normally publishes under the Open "
    "Government Licence v3.0; confirm on the ONS page before publishing."
)
LOOKUP_SOURCE = (
    "ONS Open Geography Portal, 'LSOA (2011) to Sub ICB Locations to Integrated Care "
    "Boards (July 2022) Lookup in England', via GitHub humaniverse/geographr. lsoa_share "
    "= the authority's LSOAs in the ICB divided by all its LSOAs, 4 decimal places."
)
OGL_LISTED = "Open Government Licence v3.0 (as listed by humaniverse/geographr)."
IMD_SOURCE = (
    "Ministry of Housing, Communities and Local Government, English Indices of "
    "Deprivation 2019, 'File 10: IoD2019 Local Authority District Summaries (lower-tier)', "
    "sheet IMD, via GitHub humaniverse/IMD (data/imd2019_england_ltla19.rda)."
)
IMD_LICENCE = (
    "No licence is stated by the copy used. GOV.UK statistics are normally under the "
    "Open Government Licence v3.0; confirm before publishing."
)

# Districts abolished since the IMD 2019 boundaries, and what replaced them (ONS; the
# births file moved the Northamptonshire districts onto their successors exactly).
FORMER_DISTRICTS: dict[str, str] = {
    "E07000004": "E06000060",  # Aylesbury Vale -> Buckinghamshire
    "E07000005": "E06000060",  # Chiltern
    "E07000006": "E06000060",  # South Bucks
    "E07000007": "E06000060",  # Wycombe
    "E07000150": "E06000061",  # Corby -> North Northamptonshire
    "E07000152": "E06000061",  # East Northamptonshire
    "E07000153": "E06000061",  # Kettering
    "E07000156": "E06000061",  # Wellingborough
    "E07000151": "E06000062",  # Daventry -> West Northamptonshire
    "E07000154": "E06000062",  # Northampton
    "E07000155": "E06000062",  # South Northamptonshire
}

LOOKUP_FOR = {
    Dataset.Kind.BIRTHS_LAD: Dataset.Kind.LOOKUP_LAD_ICB,
    Dataset.Kind.BIRTHS_UTLA: Dataset.Kind.LOOKUP_UTLA_ICB,
    Dataset.Kind.IMD_LAD: Dataset.Kind.LOOKUP_LAD_ICB,
}
SINGLE_TIER_PREFIXES = ("E06", "E08", "E09")


@dataclass(frozen=True)
class Shipped:
    file_name: str
    kind: str
    title: str
    period: str
    source: str
    licence: str
    notes: str
    current: bool = True
    lookup: str = ""  # file name of the lookup on the same boundaries (births)


# Lookups first: the births files are checked against them.
SHIPPED: tuple[Shipped, ...] = (
    Shipped(
        "la_to_icb.csv",
        Dataset.Kind.LOOKUP_LAD_ICB,
        "Local authority district (2022) to ICB (July 2022)",
        "Boundaries as at July 2022",
        LOOKUP_SOURCE,
        OGL_LISTED,
        "309 districts, 42 ICBs. 12 districts are split between ICBs (e.g. Buckinghamshire, "
        "East Suffolk 50/50). The share counts LSOAs, a stand-in for population; it is "
        "not a share of births.",
    ),
    Shipped(
        "la_to_icb_2024.csv",
        Dataset.Kind.LOOKUP_LAD_ICB,
        "Local authority district (2024) to ICB (April 2024)",
        "Boundaries as at April 2024",
        "ONS Open Geography Portal, 'LSOA (2021) to SICBL to ICB to Cancer Alliances to "
        "LAD (April 2024)' with 'LSOA (2021) to Electoral Ward (2024) to LAD (2024) Best "
        "Fit Lookup', via GitHub humaniverse/geographr. Same share method.",
        OGL_LISTED,
        "Kept for births published on 2023+ boundaries; do not use with the mid-2019 "
        "births, which are on 2021/22 boundaries. Surrey Heartlands ICB is E54000063 here "
        "and E54000052 in 2022.",
        current=False,
    ),
    Shipped(
        "utla_to_icb.csv",
        Dataset.Kind.LOOKUP_UTLA_ICB,
        "Upper-tier local authority (2021) to ICB (July 2022)",
        "Boundaries as at July 2022 (upper-tier authorities as at April 2021)",
        LOOKUP_SOURCE + " Each LSOA's district mapped to its upper-tier authority first "
        "(ONS LTLA to UTLA April 2021 lookup).",
        OGL_LISTED,
        "152 upper-tier authorities, 42 ICBs; 10 are split between ICBs. North Yorkshire's "
        "shares add up to 0.9999 (rounding).",
    ),
    Shipped(
        "births_by_local_authority.csv",
        Dataset.Kind.BIRTHS_LAD,
        "Live births by local authority district, mid-2019",
        BIRTHS_PERIOD,
        BIRTHS_SOURCE,
        BIRTHS_LICENCE,
        "Births component of the mid-year estimates, not calendar-year registrations. "
        "England total 617,939. On LAD 2021/22 codes.",
        lookup="la_to_icb.csv",
    ),
    Shipped(
        "births_by_upper_tier_local_authority.csv",
        Dataset.Kind.BIRTHS_UTLA,
        "Live births by upper-tier local authority, mid-2019",
        BIRTHS_PERIOD,
        BIRTHS_SOURCE + " Districts added up to UTLA 2021 with the ONS LTLA to UTLA "
        "(April 2021) lookup (OGL v3).",
        BIRTHS_LICENCE,
        "Same births as the district file, England total 617,939. Cumbria, North "
        "Yorkshire and Somerset are shown as in 2021 (reorganised April 2023).",
        lookup="utla_to_icb.csv",
    ),
    Shipped(
        "imd2019_by_local_authority.csv",
        Dataset.Kind.IMD_LAD,
        "Index of Multiple Deprivation 2019, local authority district summaries",
        "IMD 2019 (data mostly 2015/16), local authority district boundaries as at 2019",
        IMD_SOURCE,
        IMD_LICENCE,
        "317 districts on 2019 boundaries. The rank is derived by the source's script "
        "(1 = most deprived, ties take the lowest rank). Buckinghamshire and North and West "
        "Northamptonshire have no figure on current boundaries: the file has their former "
        "districts instead, and averaging those would not be valid.",
    ),
)


class DatasetRejected(Exception):
    """The file has problems; nothing was applied."""

    def __init__(self, problems: list[datasets.Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def rules() -> datasets.Rules:
    """Plausibility limits, overridable in settings (``AREAS_BIRTHS_TOTAL_RANGE``, a
    (low, high) pair, and ``AREAS_MAX_BIRTHS_PER_AREA``)."""
    default = datasets.Rules()
    return datasets.Rules(
        births_total_range=tuple(
            getattr(settings, "AREAS_BIRTHS_TOTAL_RANGE", default.births_total_range)
        ),
        max_births_per_area=getattr(
            settings, "AREAS_MAX_BIRTHS_PER_AREA", default.max_births_per_area
        ),
    )


def dataset_codes(dataset: Dataset | None) -> dict[str, str]:
    """code -> name of the areas a dataset version covers (district or upper-tier codes
    for a lookup, never its ICB codes)."""
    if dataset is None:
        return {}
    if dataset.is_lookup:
        return dict(dataset.lookup_rows.values_list("code", "name"))
    return dict(dataset.figures.values_list("area__code", "area__name"))


def upload_context(
    *, kind: str, lookup: Dataset | None, new_boundaries: bool = False
) -> datasets.Context:
    """What a file of ``kind`` is checked against. Births need ``lookup`` (a version of
    the matching lookup kind); an IMD file may have one."""
    current = Dataset.objects.filter(kind=kind, is_current=True).first()
    label = f"the current version ({current})" if current else "the current version"
    if lookup is not None and LOOKUP_FOR.get(kind) != lookup.kind:
        raise ValueError(f"A {lookup.get_kind_display()} cannot be used with {kind}")
    if kind in LOOKUP_FOR and lookup is not None:
        return datasets.Context(
            expected=dataset_codes(lookup),
            expected_label=f"the chosen lookup ({lookup})",
            current=dataset_codes(current),
            current_label=label,
        )
    if kind in (Dataset.Kind.BIRTHS_LAD, Dataset.Kind.BIRTHS_UTLA):
        raise ValueError("Births need a lookup on the same boundaries")
    known = frozenset(Area.objects.filter(level=Area.Level.LAD).values_list("code", flat=True))
    return datasets.Context(
        current=dataset_codes(current),
        current_label=label,
        known=known | frozenset(FORMER_DISTRICTS),
        new_boundaries=new_boundaries,
    )


def _level(code: str) -> tuple[str, bool]:
    if datasets.ICB_CODE.fullmatch(code):
        return Area.Level.ICB, False
    if code.startswith("E10"):
        return Area.Level.UTLA, False
    return Area.Level.LAD, code.startswith(SINGLE_TIER_PREFIXES)


def _ensure_areas(names: dict[str, str], *, current: bool) -> dict[str, Area]:
    """Create the areas in ``names`` (code -> name) that do not exist yet; keep the
    existing ones (and any region a curator gave them) as they are."""
    existing = Area.objects.in_bulk(list(names), field_name="code")
    new = []
    for code, name in names.items():
        if code not in existing:
            level, single_tier = _level(code)
            new.append(
                Area(code=code, name=name, level=level, single_tier=single_tier, current=current)
            )
    Area.objects.bulk_create(new)
    return Area.objects.in_bulk(list(names), field_name="code")


def _refresh_geography() -> None:
    """Mark areas on the boundaries of the current births data (and their lookups'
    ICBs) as current, and link former districts to their successors."""
    codes: set[str] = set()
    for births in Dataset.objects.filter(
        kind__in=[Dataset.Kind.BIRTHS_LAD, Dataset.Kind.BIRTHS_UTLA], is_current=True
    ).select_related("lookup"):
        codes |= set(births.figures.values_list("area__code", flat=True))
        if births.lookup is not None:
            codes |= set(births.lookup.lookup_rows.values_list("icb_code", flat=True))
    Area.objects.filter(code__in=codes).exclude(current=True).update(current=True)
    Area.objects.exclude(code__in=codes).exclude(current=False).update(current=False)
    successors = Area.objects.in_bulk(set(FORMER_DISTRICTS.values()), field_name="code")
    for former, successor in FORMER_DISTRICTS.items():
        if successor in successors:
            Area.objects.filter(code=former, successor__isnull=True).update(
                successor=successors[successor]
            )


def _store(dataset: Dataset, checked: datasets.Checked) -> None:
    if checked.lookup:
        names = {r.code: r.name for r in checked.lookup} | {
            r.icb_code: r.icb_name for r in checked.lookup
        }
        if dataset.is_current:
            _ensure_areas(names, current=True)
        LookupRow.objects.bulk_create(
            LookupRow(
                dataset=dataset,
                code=r.code,
                name=r.name,
                icb_code=r.icb_code,
                icb_name=r.icb_name,
                share=r.share,
                row=r.row,
            )
            for r in checked.lookup
        )
    if checked.figures:
        areas = _ensure_areas(
            {r.code: r.name for r in checked.figures}, current=dataset.kind != Dataset.Kind.IMD_LAD
        )
        AreaFigure.objects.bulk_create(
            AreaFigure(dataset=dataset, area=areas[r.code], value=r.value, extra=r.extra, row=r.row)
            for r in checked.figures
        )
    dataset.row_count = len(checked.lookup) + len(checked.figures)
    dataset.save(update_fields=["row_count"])


def _make_current(dataset: Dataset) -> None:
    Dataset.objects.filter(kind=dataset.kind, is_current=True).exclude(pk=dataset.pk).update(
        is_current=False
    )
    if not dataset.is_current:
        dataset.is_current = True
        dataset.save(update_fields=["is_current"])


def _add_version(
    *,
    kind: str,
    checked: datasets.Checked,
    current: bool,
    fields: dict[str, object],
) -> Dataset:
    """Add ``checked`` as the next version of ``kind`` (inside the caller's transaction)."""
    # Lock the kind's versions so two uploads cannot take the same number.
    list(Dataset.objects.select_for_update().filter(kind=kind).values_list("pk", flat=True))
    latest = Dataset.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    if current:
        Dataset.objects.filter(kind=kind, is_current=True).update(is_current=False)
    dataset = Dataset.objects.create(kind=kind, version=latest + 1, is_current=current, **fields)
    _store(dataset, checked)
    lookup = fields.get("lookup")
    if current and isinstance(lookup, Dataset) and not lookup.is_current:
        # Births on a lookup's boundaries make that lookup the current one too, so the
        # areas pages and the next upload's defaults agree with the births.
        _make_current(lookup)
        _store_areas_for_lookup(lookup)
    _refresh_geography()
    return dataset


def _store_areas_for_lookup(lookup: Dataset) -> None:
    rows = list(lookup.lookup_rows.values_list("code", "name", "icb_code", "icb_name"))
    _ensure_areas(
        {code: name for code, name, _, _ in rows} | {icb: n for _, _, icb, n in rows},
        current=True,
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def datasets_load_shipped() -> str:
    """Load the CSV files in ``data/`` (see PROVENANCE.md) as dataset versions.

    Idempotent: a file already loaded (same name and content) is skipped. A shipped
    file whose content changed in a later release is added as a new version, and made
    current only if the current version is a shipped one: a curator's upload is never
    replaced. Raises ``DatasetRejected`` if a shipped file fails its checks."""
    loaded: list[str] = []
    kept: list[str] = []
    by_file: dict[str, Dataset] = {}
    for item in SHIPPED:
        text = (DATA_DIR / item.file_name).read_text(encoding="utf-8-sig")
        checksum = _sha256(text)
        existing = (
            Dataset.objects.filter(
                kind=item.kind, origin=Dataset.Origin.SHIPPED, file_name=item.file_name
            )
            .order_by("-version")
            .first()
        )
        if existing is not None and existing.checksum == checksum:
            by_file[item.file_name] = existing
            continue
        current = Dataset.objects.filter(kind=item.kind, is_current=True).first()
        if current is not None and current.origin == Dataset.Origin.UPLOAD:
            kept.append(f"{item.file_name} (a curator's upload is current)")
            if existing is not None:
                by_file[item.file_name] = existing
            continue
        lookup = by_file.get(item.lookup) if item.lookup else None
        context = upload_context(kind=item.kind, lookup=lookup, new_boundaries=True)
        checked = datasets.check(item.kind, text, context, rules())
        if not checked.ok:
            raise DatasetRejected(checked.problems)
        make_current = item.current and (current is None or existing is not None)
        by_file[item.file_name] = _add_version(
            kind=item.kind,
            checked=checked,
            current=make_current,
            fields={
                "title": item.title,
                "period": item.period,
                "source": item.source,
                "licence": item.licence,
                "notes": item.notes,
                "origin": Dataset.Origin.SHIPPED,
                "file_name": item.file_name,
                "checksum": checksum,
                "lookup": lookup,
            },
        )
        loaded.append(item.file_name)
    parts = [f"loaded {len(loaded)} file(s)" if loaded else "nothing new to load"]
    if kept:
        parts.append("kept " + ", ".join(kept))
    return "; ".join(parts)


@transaction.atomic
def dataset_upload(
    *,
    kind: str,
    text: str,
    file_name: str,
    user: User,
    title: str,
    period: str,
    source: str,
    licence: str,
    notes: str = "",
    lookup: Dataset | None = None,
    new_boundaries: bool = False,
) -> Dataset:
    """Check ``text`` whole and, if it has no problem, add it as the next version of
    ``kind`` and make it current (the previous version is kept unchanged). Raises
    ``DatasetRejected`` with every problem otherwise; nothing is written."""
    context = upload_context(kind=kind, lookup=lookup, new_boundaries=new_boundaries)
    checked = datasets.check(kind, text, context, rules())
    if not checked.ok:
        raise DatasetRejected(checked.problems)
    return _add_version(
        kind=kind,
        checked=checked,
        current=True,
        fields={
            "title": title,
            "period": period,
            "source": source,
            "licence": licence,
            "notes": notes,
            "origin": Dataset.Origin.UPLOAD,
            "file_name": file_name,
            "checksum": _sha256(text),
            "lookup": lookup,
            "uploaded_by": user,
        },
    )
