"""Everything the toolkit holds about one person, for "download my data" (the right
of access, UK GDPR Article 15; ``docs/OPERATIONS.md``). Plan items record no person, so
they are not listed; the cases a person started or saved are, by title."""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from commissioning.accounts.models import Invitation, User
from commissioning.assessment.models import (
    Answer,
    ConsensusRating,
    Participant,
    ParticipantInvitation,
)
from commissioning.cases.models import Case
from commissioning.datasafety.models import AuditEvent

ABOUT = (
    "Your personal data held by the PAIR Commissioning Toolkit: your account, the "
    "organisations you belong to, invitations to your address, the answers you gave, "
    "the agreed ratings you recorded, the cases you started or saved and the activity "
    "log entries naming you. Your organisations' own work (assessments, plans, cases) "
    "belongs to them and is not included beyond what you did in it."
)


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict[str, Any]:
    """The person's data as JSON-ready dicts and lists, in a fixed number of queries."""
    email = user.email
    answers = Answer.objects.filter(respondent=user).select_related(
        "assessment__organisation", "question__section"
    )
    consensus = ConsensusRating.objects.filter(decided_by=user).select_related(
        "assessment__organisation", "question"
    )
    events = AuditEvent.objects.filter(actor=user).select_related("organisation")
    return {
        "about": ABOUT,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "name": user.name,
            "email": email,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_staff": user.is_staff,
            "staff_groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_type": m.organisation.get_kind_display(),
                "area": m.organisation.area_name,
                "role": m.get_role_display(),
                "joined_at": _when(m.joined_at),
            }
            for m in user.memberships.select_related("organisation")
        ],
        "organisation_invitations": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "role": i.get_role_display(),
                "sent_at": _when(i.created_at),
                "accepted_at": _when(i.accepted_at),
                "withdrawn_at": _when(i.revoked_at),
            }
            for i in Invitation.objects.filter(email__iexact=email).select_related("organisation")
        ],
        "assessment_invitations": [
            {
                "assessment": i.assessment.title,
                "organisation": i.assessment.organisation.name,
                "email": i.email,
                "role": i.get_role_display(),
                "sent_at": _when(i.created_at),
                "accepted_at": _when(i.accepted_at),
            }
            for i in ParticipantInvitation.objects.filter(email__iexact=email).select_related(
                "assessment__organisation"
            )
        ],
        "assessments_taking_part_in": [
            {
                "assessment": p.assessment.title,
                "organisation": p.assessment.organisation.name,
                "role": p.get_role_display(),
                "added_at": _when(p.added_at),
            }
            for p in Participant.objects.filter(user=user).select_related(
                "assessment__organisation"
            )
        ],
        "answers": [
            {
                "assessment": a.assessment.title,
                "organisation": a.assessment.organisation.name,
                "section": a.question.section.title,
                "question": a.question.code,
                "question_text": a.question.statement,
                "rating": a.rating,
                "dont_know": a.dont_know,
                "notes": a.note,
                "saved_at": _when(a.updated_at),
            }
            for a in answers.order_by("assessment__created_at", "question__section__order")
        ],
        "agreed_ratings_recorded": [
            {
                "assessment": c.assessment.title,
                "organisation": c.assessment.organisation.name,
                "question": c.question.code,
                "question_text": c.question.statement,
                "rating": c.rating,
                "dont_know": c.dont_know,
                "reason": c.rationale,
                "recorded_at": _when(c.decided_at),
            }
            for c in consensus.order_by("decided_at")
        ],
        "cases": _cases(user),
        "activity": [
            {
                "at": _when(e.at),
                "organisation": e.organisation.name,
                "what": e.get_verb_display(),
                "object_type": e.get_object_type_display(),
                "object": e.object_label,
                "details": e.details,
            }
            for e in events.order_by("at", "pk")
        ],
    }


def _cases(user: User) -> list[dict[str, Any]]:
    cases = Case.objects.filter(Q(created_by=user) | Q(updated_by=user)).select_related(
        "organisation"
    )
    return [
        {
            "case": c.title,
            "organisation": c.organisation.name,
            "started_by_you": c.created_by_id == user.pk,
            "last_saved_by_you": c.updated_by_id == user.pk,
            "created_at": _when(c.created_at),
        }
        for c in cases.order_by("created_at")
    ]
