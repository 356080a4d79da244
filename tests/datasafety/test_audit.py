"""The activity log is written by the services: who created, answered, submitted,
reopened, shared and planned an assessment, and erasure of people from it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.accounts import services as account_services
from commissioning.assessment import consensus_services, plan_services, services, sharing_services
from commissioning.assessment.models import PlanItem, Question
from commissioning.datasafety import audit
from commissioning.datasafety.models import FORMER_MEMBER, AuditEvent
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_user
from tests.knowledge.builders import load_frameworks, make_action, make_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


def verbs(assessment) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(assessment.pk))
        .order_by("at", "pk")
        .values_list("verb", flat=True)
    )


def answer(assessment, user, code="s1-1", rating=2):
    return services.answer_record(
        assessment=assessment,
        question=Question.objects.get(code=code),
        user=user,
        rating=rating,
        dont_know=False,
        note="",
        seen_version=None,
    )


def test_starting_records_who_created_it(alice, north, assessment):
    event = AuditEvent.objects.get()
    assert (event.organisation, event.actor, event.verb) == (north, alice, "created")
    assert (event.object_type, event.object_id) == ("assessment", str(assessment.pk))
    assert event.object_label == "Spring review"


def test_answers_are_logged_once_an_hour_per_person(alice, north, assessment):
    colleague = make_user()
    make_membership(user=colleague, organisation=north)
    for code in ("s1-1", "s1-2", "s1-3"):
        answer(assessment, alice, code)
    answer(assessment, colleague)
    assert verbs(assessment) == ["created", "answered", "answered"]
    AuditEvent.objects.filter(verb="answered").update(at=timezone.now() - timedelta(hours=2))
    answer(assessment, alice, "s2-1")
    assert verbs(assessment).count("answered") == 3


def test_a_refused_answer_logs_nothing(alice, assessment):
    services.assessment_submit(assessment=assessment, user=alice)
    with pytest.raises(services.AssessmentRuleError):
        answer(assessment, alice)
    assert "answered" not in verbs(assessment)


def test_submitting_and_reopening_are_logged(alice, assessment):
    services.assessment_submit(assessment=assessment, user=alice)
    services.assessment_submit(assessment=assessment, user=alice)  # no change, no event
    copy = services.assessment_reopen(assessment=assessment, user=alice)
    assert verbs(assessment) == ["created", "submitted"]
    event = AuditEvent.objects.get(object_id=str(copy.pk))
    assert event.verb == "reopened" and event.details == {"from": str(assessment.pk)}


def test_sharing_is_logged_with_who_was_invited_and_removed(client, alice, assessment):
    partner = make_user(email="pat@partner.example", name="Pat Partner")
    invitation = sharing_services.participant_invite(
        assessment=assessment, email=partner.email, role="rater", invited_by=alice
    )
    participant, _ = sharing_services.invitation_accept(
        token=sharing_services.invitation_token(invitation), user=partner
    )
    other = sharing_services.participant_invite(
        assessment=assessment, email="nobody@else.example", role="rater", invited_by=alice
    )
    client.force_login(alice)
    client.post(f"/assessments/{assessment.pk}/people/invitations/{other.pk}/withdraw/")
    sharing_services.participant_remove(participant=participant, removed_by=alice)
    events = AuditEvent.objects.filter(object_id=str(assessment.pk)).order_by("at", "pk")
    summary = [(e.verb, e.actor.name, e.details.get("email"), e.subject_name) for e in events]
    assert summary == [
        ("created", "Alice North", None, None),
        ("invited", "Alice North", "pat@partner.example", None),
        ("joined", "Pat Partner", None, None),
        ("invited", "Alice North", "nobody@else.example", None),
        ("invitation_withdrawn", "Alice North", "nobody@else.example", None),
        ("participant_removed", "Alice North", None, "Pat Partner"),
    ]


def test_agreed_ratings_are_logged_with_the_question(alice, assessment):
    consensus_services.consensus_record(
        assessment=assessment,
        question=Question.objects.get(code="s1-2"),
        user=alice,
        rating=3,
        dont_know=False,
        rationale="Agreed.",
    )
    event = AuditEvent.objects.get(verb="consensus_recorded")
    assert event.details == {"question": "s1-2", "rating": 3}


def test_plan_changes_through_the_pages_are_logged(client, alice, assessment):
    load_frameworks()
    action = make_action(factor=make_factor(), title="Pool the budgets")
    client.force_login(alice)
    base = f"/assessments/{assessment.pk}/plan/"
    client.post(base + "adopt/", {"action": action.pk})
    client.post(base + "add/", {"title": "Brief the board", "status": "planned"})
    item = PlanItem.objects.get(title="Brief the board")
    client.post(f"{base}items/{item.pk}/", {"title": "Brief the board", "status": "done"})
    client.post(f"{base}items/{item.pk}/remove/")
    events = AuditEvent.objects.filter(verb__startswith="plan_").order_by("at", "pk")
    assert [(e.verb, e.actor, e.details["action"]) for e in events] == [
        ("plan_adopted", alice, "Pool the budgets"),
        ("plan_added", alice, "Brief the board"),
        ("plan_changed", alice, "Brief the board"),
        ("plan_removed", alice, "Brief the board"),
    ]
    assert events[2].details["status"] == "Done"


def test_plan_services_called_without_a_person_still_work(assessment):
    item = plan_services.plan_item_add(assessment=assessment, title="Scripted")
    plan_services.plan_item_remove(item=item)
    assert AuditEvent.objects.filter(verb="plan_removed", actor=None).exists()


def test_cases_can_be_logged_and_other_objects_cannot(alice, north, assessment):
    from commissioning.cases import services as case_services

    case = case_services.case_create(organisation=north, user=alice, kind="new_team", title="T")
    event = audit.record(actor=alice, verb=audit.DELETED, target=case, details={"version": 1})
    assert (event.object_type, event.object_label, event.organisation) == ("case", "T", north)
    with pytest.raises(ValueError, match="does not know"):
        audit.record(actor=alice, verb=audit.CHANGED, target=north)


def test_deleting_an_account_leaves_a_former_member_and_forgets_the_address(alice, assessment):
    partner = make_user(email="pat@partner.example", name="Pat Partner")
    invitation = sharing_services.participant_invite(
        assessment=assessment, email=partner.email, role="rater", invited_by=alice
    )
    participant, _ = sharing_services.invitation_accept(
        token=sharing_services.invitation_token(invitation), user=partner
    )
    answer(assessment, partner)
    sharing_services.participant_remove(participant=participant, removed_by=alice)
    account_services.user_delete(user=partner)
    events = {e.verb: e for e in AuditEvent.objects.all()}
    assert events["answered"].actor is None and events["answered"].actor_name == FORMER_MEMBER
    assert events["joined"].actor_name == FORMER_MEMBER
    assert events["participant_removed"].subject_name == FORMER_MEMBER
    assert events["invited"].details["email"] == FORMER_MEMBER
    assert not AuditEvent.objects.filter(details__icontains="pat@partner").exists()
