"""Deleting an assessment or a case: only its starter or an organisation admin may; a
confirmation page says what goes; everything made from it goes with it (versions,
answers, plan, participants, stored renders, generated PDFs and their files); the
activity log keeps who deleted what; nothing else is touched."""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from commissioning.assessment import plan_services
from commissioning.assessment import services as assessment_services
from commissioning.assessment.models import (
    Answer,
    Assessment,
    Participant,
    ParticipantInvitation,
    PlanItem,
)
from commissioning.cases import services as case_services
from commissioning.cases.models import Case, CaseDocument, CaseVersion
from commissioning.datasafety.models import AuditEvent
from commissioning.render_queue.models import GeneratedDocument
from commissioning.render_queue.services import documents_delete_for_owner
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def carol(north):
    """A plain member of North who starts her own work."""
    user = make_user(email="carol@north.example", name="Carol North")
    make_membership(user=user, organisation=north)
    return user


@pytest.fixture
def case(carol, north):
    case = case_services.case_create(
        organisation=north, user=carol, kind="new_team", title="Carol's team case"
    )
    return case_services.case_rename(case=case, user=carol, title="Carol's team case v2")


@pytest.fixture
def assessment(carol, north):
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=carol, title="Carol's review")
    answer_all(assessment, carol, 3)
    plan_services.plan_item_add(assessment=assessment, title="Brief the board", owner="Priya")
    return assessment


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


def generated_file(client, url: str, media_root: Path) -> Path:
    """Ask for a PDF (rendered inline in tests) and return the file it left in storage."""
    assert client.get(url).status_code == 200
    document = GeneratedDocument.objects.get(status="done")
    path = Path(media_root) / document.file.name
    assert path.is_file()
    return path


# --- Cases ------------------------------------------------------------------------------


def test_the_starter_deletes_a_case_with_everything_made_from_it(
    client, carol, north, case, media_root, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    pdf = generated_file(client, reverse("cases:pdf", args=[case.pk]), media_root)
    assert client.get(reverse("cases:csv", args=[case.pk])).status_code == 200
    assert CaseDocument.objects.filter(case=case).exists()
    assert "Delete this case" in client.get(reverse("cases:tasks", args=[case.pk])).content.decode()

    page = client.get(reverse("cases:delete", args=[case.pk])).content.decode()
    assert "Are you sure you want to delete ‘Carol&#x27;s team case v2’?" in page
    assert "all 2 saved versions" in page
    assert "This cannot be undone" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:delete", args=[case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:index")
    assert "The case &#x27;Carol&#x27;s team case v2&#x27; has been deleted." in (
        response.content.decode()
    )
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseVersion.objects.filter(case_id=case.pk).exists()
    assert not CaseDocument.objects.filter(case_id=case.pk).exists()
    assert not GeneratedDocument.objects.exists()
    assert not pdf.exists()
    event = AuditEvent.objects.get(verb="deleted")
    assert (event.actor, event.object_type, event.object_id) == (carol, "case", str(case.pk))
    assert event.object_label == "Carol's team case v2"
    assert client.get(reverse("cases:tasks", args=[case.pk])).status_code == 404


def test_an_admin_may_delete_a_colleagues_case(client, alice, case):
    client.force_login(alice)
    assert client.post(reverse("cases:delete", args=[case.pk])).status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()


def test_other_members_may_not_delete_a_case(client, north, case):
    dave = make_user(email="dave@north.example")
    make_membership(user=dave, organisation=north)
    client.force_login(dave)
    tasks = client.get(reverse("cases:tasks", args=[case.pk])).content.decode()
    assert "Delete this case" not in tasks
    for response in (
        client.get(reverse("cases:delete", args=[case.pk])),
        client.post(reverse("cases:delete", args=[case.pk])),
    ):
        assert response.status_code == 403
        assert "Only the person who started this case or an admin" in response.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()
    assert not AuditEvent.objects.filter(verb="deleted").exists()


def test_a_starter_who_left_the_organisation_cannot_delete(client, carol, case):
    carol.memberships.all().delete()
    client.force_login(carol)
    assert client.post(reverse("cases:delete", args=[case.pk])).status_code == 404
    assert Case.objects.filter(pk=case.pk).exists()


def test_deleting_a_case_twice_is_harmless(carol, case):
    assert case_services.case_delete(case=case, user=carol) is True
    assert case_services.case_delete(case=case, user=carol) is False
    assert AuditEvent.objects.filter(verb="deleted").count() == 1


def test_other_cases_and_their_documents_are_untouched(client, alice, carol, north, case):
    other = case_services.case_create(organisation=north, user=alice, kind="new_team", title="B")
    client.force_login(alice)
    assert client.get(reverse("cases:csv", args=[other.pk])).status_code == 200
    case_services.case_delete(case=case, user=carol)
    assert Case.objects.filter(pk=other.pk).exists()
    assert CaseDocument.objects.filter(case=other).exists()
    assert other.versions.count() == 1


# --- Assessments ------------------------------------------------------------------------


def test_the_starter_deletes_an_assessment_with_everything_made_from_it(
    client, carol, bob, assessment, media_root, django_capture_on_commit_callbacks
):
    Participant.objects.create(assessment=assessment, user=bob)
    ParticipantInvitation.objects.create(
        assessment=assessment, email="new@partner.example", invited_by=carol
    )
    assessment_services.assessment_submit(assessment=assessment, user=carol)
    copy = assessment_services.assessment_reopen(assessment=assessment, user=carol)
    client.force_login(carol)
    url = reverse("assessment:results_pdf", args=[assessment.pk])
    pdf = generated_file(client, url, media_root)
    tasks = client.get(reverse("assessment:tasks", args=[assessment.pk])).content.decode()
    assert "Delete this assessment" in tasks

    page = client.get(reverse("assessment:delete", args=[assessment.pk])).content.decode()
    assert "delete ‘Carol&#x27;s review’?" in page
    assert "1 partner invited" in page
    assert "(1 action)" in page
    assert "latest submitted assessment" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:delete", args=[assessment.pk]))
    assert response.url == reverse("assessment:index")
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    for model in (Answer, Participant, ParticipantInvitation, PlanItem):
        assert not model.objects.filter(assessment_id=assessment.pk).exists()
    assert not GeneratedDocument.objects.exists()
    assert not pdf.exists()
    copy.refresh_from_db()  # the reopened copy stays, with its own answers
    assert copy.reopened_from is None
    assert copy.answers.count() == 6  # the small instrument: 2 sections x 3 questions
    event = AuditEvent.objects.get(verb="deleted")
    assert (event.actor, event.object_label) == (carol, "Carol's review")
    assert event.details == {"status": "Submitted"}


def test_partners_and_other_members_may_not_delete_an_assessment(client, bob, north, assessment):
    Participant.objects.create(assessment=assessment, user=bob)
    dave = make_user(email="dave@north.example")
    make_membership(user=dave, organisation=north)
    for user in (bob, dave):
        client.force_login(user)
        tasks = client.get(reverse("assessment:tasks", args=[assessment.pk]))
        assert tasks.status_code == 200
        assert "Delete this assessment" not in tasks.content.decode()
        response = client.post(reverse("assessment:delete", args=[assessment.pk]))
        assert response.status_code == 403
        assert "Only the person who started this assessment" in response.content.decode()
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert Answer.objects.filter(assessment=assessment).exists()


def test_an_admin_may_delete_a_colleagues_assessment(client, alice, assessment):
    client.force_login(alice)
    assert client.post(reverse("assessment:delete", args=[assessment.pk])).status_code == 302
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_the_activity_log_shows_the_deletion_to_admins(client, alice, carol, north, assessment):
    assessment_services.assessment_delete(assessment=assessment, user=carol)
    client.force_login(alice)
    page = client.get(reverse("accounts:activity", args=[north.pk])).content.decode()
    assert "deleted" in page and "Carol&#x27;s review" in page


# --- Generated files ------------------------------------------------------------------


def test_files_stay_when_the_deletion_is_rolled_back(
    client, carol, assessment, media_root, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    assessment_services.assessment_submit(assessment=assessment, user=carol)
    pdf = generated_file(
        client, reverse("assessment:results_pdf", args=[assessment.pk]), media_root
    )
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assert documents_delete_for_owner(owner=assessment) == 1
        raise RuntimeError("the deletion fails after the documents went")
    assert GeneratedDocument.objects.count() == 1
    assert pdf.exists()


def test_deleting_an_organisation_removes_its_generated_files(
    client, carol, north, assessment, media_root, django_capture_on_commit_callbacks
):
    """However a document row goes (here a cascade from the organisation, as in the
    admin), its file goes too once the deletion commits."""
    client.force_login(carol)
    assessment_services.assessment_submit(assessment=assessment, user=carol)
    pdf = generated_file(
        client, reverse("assessment:results_pdf", args=[assessment.pk]), media_root
    )
    with django_capture_on_commit_callbacks(execute=True):
        north.delete()
    assert not GeneratedDocument.objects.exists()
    assert not pdf.exists()
