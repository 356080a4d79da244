"""Builders for assessment tests: the shipped instrument (or a small one) and
assessments with answers."""

from decimal import Decimal

from commissioning.assessment import services
from commissioning.assessment.models import Answer, Assessment, Instrument, Question, Section
from commissioning.knowledge.services import (
    bundle_apply,
    frameworks_load,
    shipped_bundle,
    shipped_frameworks,
)


def load_shipped_instrument() -> Instrument:
    frameworks_load(shipped_frameworks())
    bundle_apply(shipped_bundle(), overwrite=False)
    return services.instrument_load(services.shipped_instruments()[0]) or Instrument.objects.get()


def make_small_instrument(*, sections: int = 2, questions: int = 3) -> Instrument:
    """A published instrument with ``sections`` x ``questions`` questions, no factors."""
    instrument = Instrument.objects.create(
        code="small",
        version=1,
        title="Small test instrument",
        description="For tests.",
        level_names=["None", "Starting", "Developing", "Established", "Embedded"],
        status=Instrument.Status.PUBLISHED,
    )
    for s in range(sections):
        section = Section.objects.create(
            instrument=instrument, code=f"s{s + 1}", title=f"Section {s + 1}", order=s
        )
        for q in range(questions):
            Question.objects.create(
                section=section,
                code=f"s{s + 1}-{q + 1}",
                statement=f"Statement {s + 1}.{q + 1}",
                help_text="Help.",
                weight=Decimal(1),
                levels=[f"Level {n}" for n in range(5)],
                order=q,
            )
    return instrument


def make_assessment(*, organisation, user, title: str = "Spring review") -> Assessment:
    return services.assessment_start(
        organisation=organisation, user=user, title=title, area_name="North Borough"
    )


def answer_all(assessment: Assessment, user, rating: int | None = 2) -> None:
    for question in Question.objects.filter(section__instrument=assessment.instrument):
        Answer.objects.update_or_create(
            assessment=assessment,
            question=question,
            respondent=user,
            defaults={"rating": rating, "dont_know": rating is None},
        )
