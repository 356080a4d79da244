"""The bugs issue 14 ends: an invited rater changing the owner's plan, submitting,
reopening, and keeping access to a copy after removal."""

import pytest
from django.urls import reverse

from commissioning.accounts.permissions import Action, Work, refusal
from commissioning.assessment import services, sharing_services
from commissioning.assessment.models import Assessment, Participant, PlanItem
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


@pytest.fixture
def rater(assessment):
    user = make_user(email="rae@partner.example", name="Rae Rater")
    Participant.objects.create(assessment=assessment, user=user, role="rater")
    return user


def test_a_rater_may_not_change_the_plan_submit_or_reopen(client, assessment, rater):
    item = PlanItem.objects.create(assessment=assessment, title="Brief the board")
    client.force_login(rater)
    plan = client.get(reverse("assessment:plan", args=[assessment.pk])).content.decode()
    assert "Add your own action" not in plan and "Change<span" not in plan
    posts = {
        "assessment:plan_add": {"title": "Mine", "status": "planned"},
        "assessment:submit": {},
    }
    for name, data in posts.items():
        response = client.post(reverse(name, args=[assessment.pk]), data)
        assert response.status_code == 403, name
    response = client.post(reverse("assessment:plan_item", args=[assessment.pk, item.pk]), {})
    assert refusal(Work.ASSESSMENT, Action.EDIT_PLAN) in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_locked and PlanItem.objects.get().title == "Brief the board"
    services.assessment_submit(assessment=assessment, user=assessment.created_by)
    tasks = client.get(reverse("assessment:tasks", args=[assessment.pk])).content.decode()
    assert "Reopen as an editable copy" not in tasks
    assert client.post(reverse("assessment:reopen", args=[assessment.pk])).status_code == 403
    assert Assessment.objects.count() == 1


def test_a_reopened_copy_belongs_to_the_organisation(client, alice, assessment, rater):
    services.assessment_submit(assessment=assessment, user=alice)
    copy = services.assessment_reopen(assessment=assessment, user=alice)
    assert not copy.participants.exists()
    client.force_login(rater)
    assert client.get(reverse("assessment:tasks", args=[copy.pk])).status_code == 404
    assert client.get(reverse("assessment:tasks", args=[assessment.pk])).status_code == 200


def test_removal_reaches_every_copy_at_once(client, alice, assessment, rater):
    services.assessment_submit(assessment=assessment, user=alice)
    copy = services.assessment_reopen(assessment=assessment, user=alice)
    # A copy made before copies stopped carrying invited people over.
    Participant.objects.create(assessment=copy, user=rater, role="rater")
    services.assessment_submit(assessment=copy, user=alice)
    second = services.assessment_reopen(assessment=copy, user=alice)
    Participant.objects.create(assessment=second, user=rater, role="rater")
    client.force_login(rater)
    assert client.get(reverse("assessment:tasks", args=[second.pk])).status_code == 200
    sharing_services.participant_remove(
        participant=Participant.objects.get(assessment=assessment, user=rater), removed_by=alice
    )
    for work in (assessment, copy, second):
        assert client.get(reverse("assessment:tasks", args=[work.pk])).status_code == 404
