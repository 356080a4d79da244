"""Writes for the areas app: loading the shipped datasets and applying a curator's
upload. Both check a file whole with ``datasets.check`` and apply it in one
transaction, or not at all. A new version never changes an earlier one: it is added
beside it and the ``is_current`` flag moves."""

import datetime
import hashlib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from commissioning.accounts.models import User
from commissioning.areas import datasets, geography, shipped
from commissioning.areas.models import Area, AreaFigure, Configuration, Dataset, LookupRow

DATA_DIR = Path(__file__).resolve().parent / "data"

LOOKUP_FOR = {
    Dataset.Kind.BIRTHS_LAD: Dataset.Kind.LOOKUP_LAD_ICB,
    Dataset.Kind.BIRTHS_UTLA: Dataset.Kind.LOOKUP_UTLA_ICB,
    Dataset.Kind.IMD_LAD: Dataset.Kind.LOOKUP_LAD_ICB,
}
SINGLE_TIER_PREFIXES = ("E06", "E08", "E09")


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
        known=known | frozenset(shipped.FORMER_DISTRICTS),
        new_boundaries=new_boundaries,
    )


def _store(dataset: Dataset, checked: datasets.Checked) -> None:
    if checked.lookup:
        names = {r.code: r.name for r in checked.lookup} | {
            r.icb_code: r.icb_name for r in checked.lookup
        }
        geography.ensure_areas(names, current=dataset.is_current)
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
        areas = geography.ensure_areas(
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
        # Births on new boundaries make their lookup the current one too, so the pages
        # agree with the births. Births on the current lookup's boundaries never move
        # the map back to an older one (selectors.lookup_for uses the current lookup).
        in_use = Dataset.objects.filter(kind=lookup.kind, is_current=True).first()
        codes = {r.code for r in checked.figures}
        if in_use is None or set(dataset_codes(in_use)) != codes:
            _make_current(lookup)
    geography.refresh()
    return dataset


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _describe(item: shipped.Shipped, configurations: dict) -> dict[str, object]:
    """The descriptive fields of a shipped file (a later release may correct these on
    a loaded version; its figures never change)."""
    return {
        "title": item.title,
        "period": item.period,
        "period_short": item.period_short,
        "period_end": item.period_end,
        "source": item.source,
        "licence": item.licence,
        "notes": item.notes,
        "derived": item.derived,
        "configuration": configurations.get(item.configuration),
    }


def _load_changes(text: str) -> None:
    known = set(Area.objects.filter(level=Area.Level.ICB).values_list("code", flat=True))
    rows, problems = geography.check_changes(text, known)
    if problems:
        raise DatasetRejected(problems)
    geography.store_changes(rows)
    geography.refresh()


@transaction.atomic
def datasets_load_shipped() -> str:
    """Load the ICB maps and the CSV files in ``data/`` (see PROVENANCE.md).

    Idempotent: a file already loaded (same name and content) is skipped, though its
    description (title, period, source, licence, notes) is brought up to date. A shipped
    file new or changed in a later release is added as a new version, and made current
    only if it is meant to be current and the current version is a shipped one: a
    curator's upload is never replaced. Raises ``DatasetRejected`` if a shipped file
    fails its checks."""
    configurations = geography.ensure_configurations(shipped.CONFIGURATIONS)
    loaded: list[str] = []
    kept: list[str] = []
    by_file: dict[str, Dataset] = {}
    for item in shipped.SHIPPED:
        text = (DATA_DIR / item.file_name).read_text(encoding="utf-8-sig")
        checksum = sha256(text)
        described = _describe(item, configurations)
        existing = (
            Dataset.objects.filter(
                kind=item.kind, origin=Dataset.Origin.SHIPPED, file_name=item.file_name
            )
            .order_by("-version")
            .first()
        )
        if existing is not None and existing.checksum == checksum:
            changed = [k for k, v in described.items() if getattr(existing, k) != v]
            if changed:
                for name in changed:
                    setattr(existing, name, described[name])
                existing.save(update_fields=changed)
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
        by_file[item.file_name] = _add_version(
            kind=item.kind,
            checked=checked,
            current=item.current,
            fields=described
            | {
                "origin": Dataset.Origin.SHIPPED,
                "file_name": item.file_name,
                "checksum": checksum,
                "lookup": lookup,
            },
        )
        loaded.append(item.file_name)
    if shipped.CHANGES_FILE:
        _load_changes((DATA_DIR / shipped.CHANGES_FILE).read_text(encoding="utf-8-sig"))
    parts = [f"loaded {len(loaded)} file(s)" if loaded else "nothing new to load"]
    if kept:
        parts.append("kept " + ", ".join(kept))
    return "; ".join(parts)


def dataset_check(
    *, kind: str, text: str, lookup: Dataset | None = None, new_boundaries: bool = False
) -> datasets.Checked:
    """Check ``text`` whole against the database, without applying it. Raises
    ``DatasetRejected`` with every problem."""
    context = upload_context(kind=kind, lookup=lookup, new_boundaries=new_boundaries)
    checked = datasets.check(kind, text, context, rules())
    if not checked.ok:
        raise DatasetRejected(checked.problems)
    return checked


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
    configuration: Configuration | None = None,
    period_short: str = "",
    period_end: datetime.date | None = None,
    derived: bool = False,
) -> Dataset:
    """Check ``text`` whole and, if it has no problem, add it as the next version of
    ``kind`` and make it current (the previous version is kept unchanged). Raises
    ``DatasetRejected`` with every problem otherwise; nothing is written. A lookup
    needs the ICB map (``configuration``) it describes; births need ``period_end``."""
    if kind in (Dataset.Kind.LOOKUP_LAD_ICB, Dataset.Kind.LOOKUP_UTLA_ICB) and not configuration:
        raise ValueError("A lookup needs the ICB map (configuration) it describes")
    checked = dataset_check(kind=kind, text=text, lookup=lookup, new_boundaries=new_boundaries)
    return _add_version(
        kind=kind,
        checked=checked,
        current=True,
        fields={
            "title": title,
            "period": period,
            "period_short": period_short,
            "period_end": period_end,
            "source": source,
            "licence": licence,
            "notes": notes,
            "derived": derived,
            "configuration": configuration,
            "origin": Dataset.Origin.UPLOAD,
            "file_name": file_name,
            "checksum": sha256(text),
            "lookup": lookup,
            "uploaded_by": user,
        },
    )
