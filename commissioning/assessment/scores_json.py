"""``scoring.Diagnosis`` as JSON and back (pure), for stored results. Decimals are
written as strings so they come back exactly."""

from decimal import Decimal
from typing import Any

from commissioning.assessment.scoring import Diagnosis, GroupScore, Priority, Strength


def _group(g: GroupScore) -> list[Any]:
    return [
        g.key,
        None if g.score is None else str(g.score),
        g.rated,
        g.dont_know,
        g.unanswered,
        g.total,
    ]


def _group_from(row: list[Any]) -> GroupScore:
    key, score, rated, dont_know, unanswered, total = row
    return GroupScore(
        key, None if score is None else Decimal(score), rated, dont_know, unanswered, total
    )


def to_json(d: Diagnosis) -> dict[str, Any]:
    return {
        "sections": [_group(g) for g in d.sections.values()],
        "comb": [_group(g) for g in d.comb.values()],
        "priorities": [[p.factor, str(p.implication), list(p.reasons)] for p in d.priorities],
        "strengths": [[s.factor, str(s.mean_rating), list(s.questions)] for s in d.strengths],
        "evidence_gaps": list(d.evidence_gaps),
        "unanswered": list(d.unanswered),
    }


def from_json(data: dict[str, Any]) -> Diagnosis:
    sections = [_group_from(row) for row in data["sections"]]
    comb = [_group_from(row) for row in data["comb"]]
    return Diagnosis(
        sections={g.key: g for g in sections},
        comb={g.key: g for g in comb},
        priorities=[Priority(f, Decimal(i), tuple(r)) for f, i, r in data["priorities"]],
        strengths=[Strength(f, Decimal(m), tuple(q)) for f, m, q in data["strengths"]],
        evidence_gaps=list(data["evidence_gaps"]),
        unanswered=list(data["unanswered"]),
    )
