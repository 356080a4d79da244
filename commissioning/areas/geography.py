"""Keeping areas in step with the datasets: which areas are on the current map, which
ICB map (configuration) each area last belonged to, when a code ceased, which
authority replaced a former district, and where a ceased ICB's area went.

Called inside the loader's and the uploads' transactions; never edits figures."""

import datetime
from collections import defaultdict
from decimal import Decimal

from commissioning.areas import datasets, derive
from commissioning.areas.models import Area, AreaChange, Configuration, Dataset, LookupRow
from commissioning.areas.shipped import FORMER_DISTRICTS

SINGLE_TIER_PREFIXES = ("E06", "E08", "E09")
SHARE_TOLERANCE = Decimal("0.0001")


def level_of(code: str) -> tuple[str, bool]:
    if datasets.ICB_CODE.fullmatch(code):
        return Area.Level.ICB, False
    if code.startswith("E10"):
        return Area.Level.UTLA, False
    return Area.Level.LAD, code.startswith(SINGLE_TIER_PREFIXES)


def ensure_areas(names: dict[str, str], *, current: bool) -> dict[str, Area]:
    """Create the areas in ``names`` (code -> name) that do not exist yet; keep the
    existing ones (and any region a curator gave them) as they are."""
    existing = Area.objects.in_bulk(list(names), field_name="code")
    new = []
    for code, name in names.items():
        if code not in existing:
            level, single_tier = level_of(code)
            new.append(
                Area(code=code, name=name, level=level, single_tier=single_tier, current=current)
            )
    Area.objects.bulk_create(new)
    return Area.objects.in_bulk(list(names), field_name="code")


def _current_codes() -> set[str]:
    codes: set[str] = set()
    for dataset in Dataset.objects.filter(is_current=True):
        if dataset.kind == Dataset.Kind.LOOKUP_LAD_ICB:
            rows = dataset.lookup_rows.values_list("code", "icb_code")
            codes |= {code for pair in rows for code in pair}
        elif dataset.kind == Dataset.Kind.LOOKUP_UTLA_ICB:
            codes |= set(dataset.lookup_rows.values_list("code", flat=True))
        elif dataset.kind in (Dataset.Kind.BIRTHS_LAD, Dataset.Kind.BIRTHS_UTLA):
            codes |= set(dataset.figures.values_list("area__code", flat=True))
    return codes


def _latest_configurations() -> tuple[dict[str, int], list[Configuration], Configuration | None]:
    """code -> id of the latest configuration whose lookups hold it; the configurations
    in date order; and the current one (the current district lookup's)."""
    ordered = list(Configuration.objects.order_by("effective_from"))
    rank = {c.pk: i for i, c in enumerate(ordered)}
    latest: dict[str, int] = {}
    rows = LookupRow.objects.filter(
        dataset__kind=Dataset.Kind.LOOKUP_LAD_ICB, dataset__configuration__isnull=False
    ).values_list("dataset__configuration_id", "code", "icb_code")
    for configuration, code, icb in rows:
        for key in (code, icb):
            if key not in latest or rank[configuration] > rank[latest[key]]:
                latest[key] = configuration
    current = (
        Configuration.objects.filter(
            datasets__kind=Dataset.Kind.LOOKUP_LAD_ICB, datasets__is_current=True
        ).first()
        if ordered
        else None
    )
    return latest, ordered, current


def refresh() -> None:
    """Mark areas on the current map as current; record each ICB's and district's latest
    configuration and, for an ICB no longer on the current map, the day it ceased (the
    next configuration's start); link former districts to their successors."""
    codes = _current_codes()
    Area.objects.filter(code__in=codes).exclude(current=True).update(current=True)
    Area.objects.exclude(code__in=codes).exclude(current=False).update(current=False)
    latest, ordered, current = _latest_configurations()
    by_configuration: dict[int, list[str]] = defaultdict(list)
    for code, configuration in latest.items():
        by_configuration[configuration].append(code)
    for configuration, members in by_configuration.items():
        Area.objects.filter(code__in=members).exclude(configuration_id=configuration).update(
            configuration_id=configuration
        )
    following = {a.pk: b.effective_from for a, b in zip(ordered, ordered[1:], strict=False)}
    for icb in Area.objects.filter(level=Area.Level.ICB):
        ceased = None
        if current is not None and icb.configuration_id not in (None, current.pk):
            ceased = following.get(icb.configuration_id)
        if icb.ceased_on != ceased:
            icb.ceased_on = ceased
            icb.save(update_fields=["ceased_on"])
    successors = Area.objects.in_bulk({s for s, _ in FORMER_DISTRICTS.values()}, field_name="code")
    for former, (successor, ceased_on) in FORMER_DISTRICTS.items():
        if successor in successors:
            Area.objects.filter(code=former, successor__isnull=True).update(
                successor=successors[successor], ceased_on=ceased_on
            )


def ensure_configurations(shipped) -> dict[str, Configuration]:
    """Create the shipped configurations that do not exist (a curator's edits to an
    existing one are kept)."""
    found = {}
    for item in shipped:
        found[item.key], _ = Configuration.objects.get_or_create(
            key=item.key,
            defaults={
                "name": item.name,
                "effective_from": item.effective_from,
                "notes": item.notes,
            },
        )
    return found


def check_changes(text: str, known: set[str]) -> tuple[list[dict], list[datasets.Problem]]:
    """Read ``icb_changes.csv`` whole: every code known, dates valid, shares above 0 and
    each former ICB's shares adding up to 1."""
    problems: list[datasets.Problem] = []
    rows = derive.read_csv(text)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    good = []
    for number, row in enumerate(rows, start=1):
        former, successor = row.get("former_icb_code", ""), row.get("successor_icb_code", "")
        for column, code in (("former_icb_code", former), ("successor_icb_code", successor)):
            if code not in known:
                problems.append(datasets.Problem(number, code, column, "is not a known ICB"))
        try:
            day = datetime.date.fromisoformat(row.get("ceased_on", ""))
            share = Decimal(row.get("share", ""))
        except (ValueError, ArithmeticError):
            problems.append(datasets.Problem(number, former, "share", "needs a date and a number"))
            continue
        if not 0 < share <= 1:
            problems.append(datasets.Problem(number, former, "share", "must be above 0, at most 1"))
            continue
        totals[former] += share
        good.append(row | {"ceased_on": day, "share": share})
    for former, total in totals.items():
        if abs(total - 1) > SHARE_TOLERANCE:
            problems.append(
                datasets.Problem(0, former, "share", f"the shares add up to {total}, not 1")
            )
    return good, problems


def store_changes(rows: list[dict]) -> None:
    areas = Area.objects.in_bulk(
        {r["former_icb_code"] for r in rows} | {r["successor_icb_code"] for r in rows},
        field_name="code",
    )
    for row in rows:
        AreaChange.objects.update_or_create(
            former=areas[row["former_icb_code"]],
            successor=areas[row["successor_icb_code"]],
            effective_on=row["ceased_on"],
            defaults={"share": row["share"], "basis": row["basis"]},
        )
