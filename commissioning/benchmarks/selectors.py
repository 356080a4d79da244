"""Reads for the benchmarks: each sharing organisation's latest submitted assessment,
scored, with its type and region. Names and ids stop here: the pure module only ever
sees anonymous ``Entry`` rows.

Scoring every sharing organisation's assessment on every page view would cost a few
queries per organisation. A submitted assessment never changes (its answers and agreed
ratings are locked and its questionnaire version is read-only), so its scores are kept
in the shared cache (database or Redis: every app server sees them). The one thing
outside the assessment they depend on is the knowledge base's COM-B links (a question's
COM-B sub-components are those of the factors it probes) and the sub-components' names,
which curators can change: the key includes a fingerprint of exactly those, read in two
small queries per page, so a change to them (and only to them) makes new keys.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.core.cache import cache

from commissioning.accounts.models import Organisation
from commissioning.areas.models import Area
from commissioning.assessment.models import LATEST_SUBMITTED_FIRST, Assessment, Question
from commissioning.assessment.summaries import analyse
from commissioning.benchmarks.benchmarking import UNKNOWN_REGION, Entry
from commissioning.benchmarks.models import BenchmarkSharing
from commissioning.knowledge.models import CombSubcomponent

# Bump when the cached rows' shape or the scoring changes.
SCORES_VERSION = 1
SCORES_TIMEOUT = 60 * 60 * 24 * 30  # seconds; small rows, never stale (see above)


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    part: str  # "section" or "comb"


@dataclass(frozen=True)
class Score:
    metric: Metric
    score: Decimal | None


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
        Assessment.objects.filter(organisation_id__in=organisation_ids)
        .submitted_latest_first()
        .select_related("instrument", "organisation")
        .order_by("organisation_id", *LATEST_SUBMITTED_FIRST)
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
    all_scores = submitted_scores(ordered)
    for assessment in ordered:
        scores: dict[str, Decimal | None] = {}
        for row in all_scores[assessment.pk]:
            metrics.setdefault(row.metric.key, row.metric)
            scores[row.metric.key] = row.score
        organisation = assessment.organisation
        entries.append(Entry(organisation.kind, organisation_region(organisation, index), scores))
        if organisation.pk == viewer.pk:
            inputs.own_assessment = assessment
            inputs.own_scores = scores
    inputs.metrics = list(metrics.values())
    return inputs


def links_fingerprint(instrument_ids: set[int]) -> str:
    """A short hash of what scores depend on outside a submitted assessment: each
    question's section, weight and COM-B codes (through its factors), and the COM-B
    sub-components' names and order."""
    links = Question.objects.filter(section__instrument_id__in=instrument_ids).values_list(
        "section__instrument_id", "section__code", "code", "weight", "factors__comb__code"
    )
    parts = CombSubcomponent.objects.values_list("code", "name", "order")
    digest = hashlib.sha256(repr((sorted(map(str, links)), sorted(parts))).encode())
    return digest.hexdigest()[:16]


def _scores_key(assessment_id: UUID, fingerprint: str) -> str:
    return f"benchmarks:scores:v{SCORES_VERSION}:{assessment_id}:{fingerprint}"


def score_rows(assessment: Assessment) -> list[Score]:
    """The assessment's section and COM-B scores, in page order."""
    analysis = analyse(assessment)
    return [
        Score(Metric(f"{part}:{row.key}", row.title, part), row.group.score)
        for part, rows in (("section", analysis.sections), ("comb", analysis.comb))
        for row in rows
    ]


def submitted_scores(assessments: list[Assessment]) -> dict[UUID, list[Score]]:
    """``score_rows`` of each submitted assessment, from the shared cache where they
    are there (one lookup for all), computed and stored where not."""
    if not assessments:
        return {}
    fingerprint = links_fingerprint({assessment.instrument_id for assessment in assessments})
    keys = {assessment.pk: _scores_key(assessment.pk, fingerprint) for assessment in assessments}
    found = cache.get_many(list(keys.values()))
    scores: dict[UUID, list[Score]] = {}
    missing: dict[str, list[Score]] = {}
    for assessment in assessments:
        key = keys[assessment.pk]
        if key in found:
            scores[assessment.pk] = found[key]
        else:
            if not assessment.is_locked:
                raise ValueError("Only submitted assessments' scores are kept.")
            scores[assessment.pk] = missing[key] = score_rows(assessment)
    if missing:
        cache.set_many(missing, timeout=SCORES_TIMEOUT)
    return scores
