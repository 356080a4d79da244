""" "Your service map says: ..." on the self-assessment questions about existing
services, so people rating them see what the map records.

Shown only to members of the organisation that owns the assessment (partners invited
into the assessment do not see the organisation's map: ``access``). The question codes
are the same in versions 1 and 2 of the questionnaire.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from commissioning.accounts.models import Membership
from commissioning.servicemap import selectors
from commissioning.servicemap.catalogue import LEVEL_LABELS, SECTOR_LABELS
from commissioning.servicemap.summary import ServiceMapSummary, business_need

# Question code -> the sectors it asks about (empty: the whole map; None: funding).
QUESTION_TOPICS: dict[str, tuple[str, ...] | None] = {
    "need-2": (),
    "need-3": ("perinatal_mh", "camhs_imh"),
    "strategy-2": ("family_hubs",),
    "funding-1": None,
    "collaboration-7": ("vcs",),
}


@dataclass(frozen=True)
class Panel:
    url: str
    area_name: str
    version: int
    lines: tuple[str, ...]


def _sector_lines(summary: ServiceMapSummary, sectors: tuple[str, ...]) -> list[str]:
    lines = []
    for sector in sectors:
        cells = [summary.gaps.cell(level, sector) for level in LEVEL_LABELS]
        parts = [f"{LEVEL_LABELS[c.level].lower()}: {c.label.lower()}" for c in cells]
        names = [s.name for s in summary.services if s.sector == sector]
        line = f"{SECTOR_LABELS[sector]}: " + "; ".join(parts) + "."
        if names:
            line += " Services: " + ", ".join(names) + "."
        lines.append(line)
    return lines


def panel_lines(summary: ServiceMapSummary, code: str) -> list[str]:
    """What the panel says for question ``code`` (pure)."""
    topic = QUESTION_TOPICS[code]
    gaps = summary.gaps
    if topic is None:
        if not gaps.funding_flags:
            return ["No service on the map has time-limited funding recorded."]
        return [
            f"{f.service.name} ({f.service.provider}): {f.reading}." for f in gaps.funding_flags
        ]
    if topic:
        return _sector_lines(summary, topic)
    n = len(summary.services)
    return [
        f"{n} service{'s' if n != 1 else ''} recorded; {gaps.recorded} of "
        f"{len(gaps.cells)} level and sector combinations checked.",
        *business_need(summary),
    ]


def panel_for(user, assessment, code: str) -> Panel | None:
    """The panel for ``code`` on ``assessment``'s question page, or None (not a
    question about existing services, no map, or ``user`` is not a member)."""
    if code not in QUESTION_TOPICS or not user.is_authenticated:
        return None
    if not Membership.objects.filter(
        user=user, organisation_id=assessment.organisation_id
    ).exists():
        return None
    found = selectors.map_of_organisation(assessment.organisation_id, assessment.area_code)
    if found is None:
        return None
    summary = selectors.summary_for(found)
    return Panel(
        url=reverse("servicemap:detail", args=[found.pk]),
        area_name=summary.area_name,
        version=summary.version,
        lines=tuple(panel_lines(summary, code)),
    )
