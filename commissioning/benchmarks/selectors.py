"""Reads for the benchmarks: each sharing organisation's latest submitted assessment,
scored, with its type and region. Names and ids stop here: the pure module only ever
sees anonymous ``Entry`` rows."""

from dataclasses import dataclass, field
from decimal import Decimal

from commissioning.accounts.models import Organisation
from commissioning.areas.models import Area
from commissioning.assessment.models import Assessment
from commissioning.assessment.summaries import analyse
from commissioning.benchmarks.benchmarking import UNKNOWN_REGION, Entry
from commissioning.benchmarks.models import BenchmarkSharing


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    part: str  # "section" or "comb"


@dataclass
class Inputs:
    entries: list[Entry]
    metrics: list[Metric]
    regions: list[str]
    own_kind: str
    own_region: str
    own_assessment: Assessment | None = None
    own_scores: dict[str, Decimal | None] = field(default_factory=dict)


def regions_known() -> list[str]:
    """Every region a curator has given an area, for the filter (never only the
    regions sharing organisations are in, which would hint at who shares)."""
    return sorted(set(Area.objects.exclude(region="").values_list("region", flat=True)))


def _region_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name, region in Area.objects.exclude(region="").values_list("code", "name", "region"):
        index.setdefault(code.lower(), region)
        index.setdefault(name.strip().lower(), region)
    return index


def organisation_region(organisation: Organisation, index: dict[str, str] | None = None) -> str:
    """The region of the area the organisation serves, when its ``area_name`` is an
    area's name or code and a curator gave that area a region; else "unknown"."""
    index = _region_index() if index is None else index
    return index.get(organisation.area_name.strip().lower(), UNKNOWN_REGION)


def is_sharing(organisation: Organisation) -> bool:
    return BenchmarkSharing.objects.filter(organisation=organisation).exists()


def latest_submitted(organisation_ids: list[int]) -> dict[int, Assessment]:
    latest: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.filter(
            organisation_id__in=organisation_ids, status=Assessment.Status.SUBMITTED
        )
        .select_related("instrument", "organisation")
        .order_by("organisation_id", "-submitted_at", "-created_at")
    ):
        latest.setdefault(assessment.organisation_id, assessment)
    return latest


def benchmark_inputs(viewer: Organisation) -> Inputs:
    """Scores of every sharing organisation's latest submitted assessment (the viewer's
    included, as one anonymous entry), the metrics in page order, and the viewer's own
    scores for the "where you sit" column."""
    index = _region_index()
    sharing = list(
        Organisation.objects.filter(benchmark_sharing__isnull=False).values_list("pk", flat=True)
    )
    latest = latest_submitted(sharing)
    entries: list[Entry] = []
    metrics: dict[str, Metric] = {}
    inputs = Inputs(
        entries=entries,
        metrics=[],
        regions=sorted(set(index.values())),
        own_kind=viewer.kind,
        own_region=organisation_region(viewer, index),
    )
    # The viewer's assessment first, so its section order leads the page.
    ordered = sorted(latest.values(), key=lambda a: a.organisation_id != viewer.pk)
    for assessment in ordered:
        analysis = analyse(assessment)
        scores: dict[str, Decimal | None] = {}
        for part, rows in (("section", analysis.sections), ("comb", analysis.comb)):
            for row in rows:
                key = f"{part}:{row.key}"
                metrics.setdefault(key, Metric(key, row.title, part))
                scores[key] = row.group.score
        organisation = assessment.organisation
        entries.append(Entry(organisation.kind, organisation_region(organisation, index), scores))
        if organisation.pk == viewer.pk:
            inputs.own_assessment = assessment
            inputs.own_scores = scores
    inputs.metrics = list(metrics.values())
    return inputs
