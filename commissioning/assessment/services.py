"""Writes for the self-assessment: loading instrument versions, starting, answering,
submitting and reopening assessments. Every multi-row write is one transaction."""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.assessment.models import (
    Answer,
    Assessment,
    ConsensusRating,
    Instrument,
    PlanItem,
    Question,
    Section,
)
from commissioning.datasafety import audit
from commissioning.knowledge.models import Factor
from commissioning.render_queue.services import documents_delete_for_owner

CONTENT_DIR = Path(__file__).resolve().parent / "content"

LOCKED = (
    "This assessment has been submitted, so its answers cannot be changed. "
    "Reopen it to make an editable copy."
)
AGREED = (
    "The group has agreed a rating for this question, so individual ratings can no longer change."
)
NO_INSTRUMENT = "No published questionnaire is available. Ask an administrator to load the content."


class AssessmentRuleError(Exception):
    """An action the rules refuse; the message is shown to the user."""


# --- Instruments ------------------------------------------------------------------


@transaction.atomic
def instrument_load(data: dict) -> Instrument | None:
    """Create and publish an instrument version from the content format
    (``content/instrument-v1.json``). An existing version is never changed: a new
    version needs a new number. Returns None when the version already exists."""
    if Instrument.objects.filter(code=data["code"], version=data["version"]).exists():
        return None
    instrument = Instrument.objects.create(
        code=data["code"],
        version=data["version"],
        title=data["title"],
        description=data["description"],
        level_names=data["level_names"],
        status=Instrument.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    factors = {f.slug: f for f in Factor.objects.all()}
    for section_order, section_data in enumerate(data["sections"]):
        section = Section.objects.create(
            instrument=instrument,
            code=section_data["code"],
            title=section_data["title"],
            intro=section_data.get("intro", ""),
            order=section_order,
        )
        for order, item in enumerate(section_data["questions"]):
            question = Question.objects.create(
                section=section,
                code=item["code"],
                statement=item["statement"],
                help_text=item.get("help", ""),
                weight=Decimal(item.get("weight", "1")),
                levels=item["levels"],
                order=order,
            )
            missing = [slug for slug in item.get("factors", []) if slug not in factors]
            if missing:
                raise ValueError(f"Question {item['code']} probes unknown factors: {missing}")
            question.factors.set([factors[slug] for slug in item.get("factors", [])])
    return instrument


def shipped_instruments() -> list[dict]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(CONTENT_DIR.glob("instrument-v*.json"))
    ]


@transaction.atomic
def instrument_new_version(*, instrument: Instrument) -> Instrument:
    """Copy a version into a new draft version with the next number, for editing.
    The original stays as it is, and so do the assessments that use it."""
    latest = Instrument.objects.filter(code=instrument.code).order_by("-version").first()
    copy = Instrument.objects.create(
        code=instrument.code,
        version=latest.version + 1,
        title=instrument.title,
        description=instrument.description,
        level_names=instrument.level_names,
        status=Instrument.Status.DRAFT,
    )
    for section in instrument.sections.prefetch_related("questions__factors"):
        new_section = Section.objects.create(
            instrument=copy,
            code=section.code,
            title=section.title,
            intro=section.intro,
            order=section.order,
        )
        for question in section.questions.all():
            factors = list(question.factors.all())
            question.pk = None
            question.section = new_section
            question.save()
            question.factors.set(factors)
    return copy


def current_instrument() -> Instrument:
    instrument = (
        Instrument.objects.filter(status=Instrument.Status.PUBLISHED).order_by("-version").first()
    )
    if instrument is None:
        raise AssessmentRuleError(NO_INSTRUMENT)
    return instrument


# --- Assessments ------------------------------------------------------------------


@transaction.atomic
def assessment_start(
    *,
    organisation: Organisation,
    user: User,
    title: str,
    area_name: str,
    area_code: str = "",
    area_map: str = "",
) -> Assessment:
    """``area_code``/``area_map``: the chosen area's code and the ICB map it was chosen
    on, when the user kept the name "Find your area" filled in."""
    assessment = Assessment.objects.create(
        organisation=organisation,
        instrument=current_instrument(),
        title=title,
        area_name=area_name,
        area_code=area_code,
        area_map=area_map,
        created_by=user,
    )
    audit.record(actor=user, verb=audit.CREATED, target=assessment)
    return assessment


@transaction.atomic
def assessment_area_change(
    *, assessment: Assessment, user: User, code: str, name: str, area_map: str
) -> Assessment:
    """Move an assessment onto another area (the current map's, chosen by the caller
    from ``areas.history.map_change``). Not for a submitted assessment."""
    if assessment.is_locked:
        raise AssessmentRuleError("A submitted assessment cannot change; reopen it first.")
    before = f"{assessment.area_name} ({assessment.area_code}, {assessment.area_map})"
    assessment.area_code, assessment.area_name, assessment.area_map = code, name, area_map
    assessment.save(update_fields=["area_code", "area_name", "area_map", "updated_at"])
    audit.record(
        actor=user,
        verb=audit.CHANGED,
        target=assessment,
        details={"area": f"{before} -> {name} ({code}, {area_map})"},
    )
    return assessment


@dataclass(frozen=True)
class SaveResult:
    answer: Answer
    overwrote: Answer | None  # what another window had saved, if the form was stale


def answer_record(
    *,
    assessment: Assessment,
    question: Question,
    user: User,
    rating: int | None,
    dont_know: bool,
    note: str,
    seen_version: int | None,
) -> SaveResult:
    """Save one person's answer. Refused when the assessment is locked or the group
    has agreed a rating. If the person saved this answer in another window after
    opening this page (``seen_version`` is stale), the new answer still wins (it is
    what they just chose) and the result says what it replaced, so the page can tell
    them."""
    if question.section.instrument_id != assessment.instrument_id:
        raise AssessmentRuleError("That question is not part of this assessment.")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_locked:
            raise AssessmentRuleError(LOCKED)
        if ConsensusRating.objects.filter(assessment=assessment, question=question).exists():
            raise AssessmentRuleError(AGREED)
        audit.record(actor=user, verb=audit.ANSWERED, target=locked, once_per=audit.ONCE_AN_HOUR)
        existing = (
            Answer.objects.select_for_update()
            .filter(assessment=assessment, question=question, respondent=user)
            .first()
        )
        overwrote = None
        if existing is None:
            try:
                with transaction.atomic():
                    answer = Answer.objects.create(
                        assessment=assessment,
                        question=question,
                        respondent=user,
                        rating=None if dont_know else rating,
                        dont_know=dont_know,
                        note=note,
                    )
            except IntegrityError:
                # Another request from the same person created it a moment ago.
                existing = Answer.objects.select_for_update().get(
                    assessment=assessment, question=question, respondent=user
                )
            else:
                return SaveResult(answer, None)
        if seen_version is not None and seen_version != existing.version:
            overwrote = Answer(
                rating=existing.rating, dont_know=existing.dont_know, note=existing.note
            )
        existing.rating = None if dont_know else rating
        existing.dont_know = dont_know
        existing.note = note
        existing.version += 1
        existing.save()
        return SaveResult(existing, overwrote)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: User) -> bool:
    """Lock the assessment. Submitting twice is harmless: returns False the second
    time and changes nothing."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_locked:
        return False
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = user
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit.record(actor=user, verb=audit.SUBMITTED, target=locked)
    assessment.refresh_from_db()
    return True


@transaction.atomic
def assessment_delete(*, assessment: Assessment, user: User) -> bool:
    """Delete the assessment with everyone's answers, agreed ratings, its plan,
    participants, invitations and generated PDFs, and log who did it (the log keeps
    the title). Copies reopened from it stay. False if it was already gone."""
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if locked is None:
        return False
    audit.record(
        actor=user,
        verb=audit.DELETED,
        target=locked,
        details={"status": locked.get_status_display()},
    )
    documents_delete_for_owner(owner=locked)
    locked.delete()
    return True


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, user: User) -> Assessment:
    """An editable copy of a submitted assessment, with every answer, agreed rating
    and plan item copied; the submitted original stays locked for history.

    The copy belongs to the organisation: nobody invited into the original is
    invited into the copy (their answers are copied; invite them again if they
    should go on rating)."""
    copy = Assessment.objects.create(
        organisation=assessment.organisation,
        instrument=assessment.instrument,
        title=assessment.title,
        area_name=assessment.area_name,
        area_code=assessment.area_code,
        area_map=assessment.area_map,
        created_by=user,
        reopened_from=assessment,
    )
    Answer.objects.bulk_create(
        Answer(
            assessment=copy,
            question_id=a.question_id,
            respondent_id=a.respondent_id,
            rating=a.rating,
            dont_know=a.dont_know,
            note=a.note,
        )
        for a in assessment.answers.all()
    )
    ConsensusRating.objects.bulk_create(
        ConsensusRating(
            assessment=copy,
            question_id=c.question_id,
            rating=c.rating,
            dont_know=c.dont_know,
            rationale=c.rationale,
            decided_by_id=c.decided_by_id,
        )
        for c in assessment.consensus.all()
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            assessment=copy,
            factor_id=p.factor_id,
            action_id=p.action_id,
            title=p.title,
            description=p.description,
            owner=p.owner,
            due_date=p.due_date,
            status=p.status,
        )
        for p in assessment.plan.all()
    )
    audit.record(actor=user, verb=audit.REOPENED, target=copy, details={"from": str(assessment.pk)})
    return copy
