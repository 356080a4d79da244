"""An assessment's combined ratings and pure scoring output (``scoring.Diagnosis``),
read the cheapest way that is never stale:

- a submitted assessment's answers and agreed ratings never change (reopening makes a
  new assessment with its own id), so its scores are stored once (``StoredResult``)
  and read back, as long as the instrument's published content they were worked out
  with (``InstrumentFacts.digest``) is still the same; otherwise they are worked out
  and stored again;
- an assessment in progress has its ratings read (two queries) and scored when asked.

``Scored.content_version`` names exactly what a results fragment shows, for template
fragment cache keys: the assessment (its id, last save and status), the
instrument's content, the knowledge base's generation and a digest of the combined
ratings.
"""

import hashlib
from functools import cached_property

from django.db import IntegrityError, transaction

from commissioning.assessment import scores_json, scoring, selectors
from commissioning.assessment.models import Assessment, StoredResult
from commissioning.knowledge.caching import generation

TOP = 10  # how many priorities and strengths a diagnosis keeps


class Scored:
    """One assessment's ratings with its instrument's facts; the diagnosis is worked out
    on first use unless it was read from a stored result."""

    def __init__(
        self,
        assessment: Assessment,
        facts: selectors.InstrumentFacts,
        ratings: dict[str, int | None],
        diagnosis: scoring.Diagnosis | None = None,
    ) -> None:
        self.assessment = assessment
        self.facts = facts
        self.ratings = ratings
        if diagnosis is not None:
            self.__dict__["diagnosis"] = diagnosis

    @cached_property
    def diagnosis(self) -> scoring.Diagnosis:
        return scoring.diagnose(self.facts.pure, self.ratings, top=TOP)

    @cached_property
    def content_version(self) -> str:
        a = self.assessment
        ratings = hashlib.sha256(repr(sorted(self.ratings.items())).encode()).hexdigest()[:32]
        saved = a.updated_at.isoformat()
        return f"{a.pk}:{saved}:{a.status}:{self.facts.digest}:{generation()}:{ratings}"


def _store(scored: Scored) -> None:
    try:
        with transaction.atomic():
            StoredResult.objects.update_or_create(
                assessment=scored.assessment,
                defaults={
                    "facts": scored.facts.digest,
                    "ratings": scored.ratings,
                    "diagnosis": scores_json.to_json(scored.diagnosis),
                },
            )
    except IntegrityError:
        # Another request stored the same scores first.
        pass


def scored_for(assessment: Assessment) -> Scored:
    """``assessment``'s ratings and diagnosis: stored for a submitted assessment
    (one query once stored), read and worked out for one in progress."""
    facts = selectors.instrument_facts(assessment.instrument)
    if not assessment.is_locked:
        return Scored(assessment, facts, selectors.combined_ratings(assessment, facts))
    stored = (
        StoredResult.objects.filter(assessment=assessment, facts=facts.digest)
        .only("ratings", "diagnosis")
        .first()
    )
    if stored is not None:
        return Scored(assessment, facts, stored.ratings, scores_json.from_json(stored.diagnosis))
    scored = Scored(assessment, facts, selectors.combined_ratings(assessment, facts))
    _store(scored)
    return scored
