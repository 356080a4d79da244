"""The assessment journey through the Django test client: start, answer one question
per page, resume, check answers, submit, reopen; and who may see it."""

import pytest

from commissioning.assessment.models import Answer, Assessment
from commissioning.assessment.services import LOCKED
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument():
    return make_small_instrument()


@pytest.fixture
def assessment(alice, north, instrument):
    return make_assessment(organisation=north, user=alice)


def url(assessment, tail=""):
    return f"/assessments/{assessment.pk}/{tail}"


def test_it_starts_an_assessment_for_the_users_organisation(client, alice, north, instrument):
    client.force_login(alice)
    response = client.post(
        "/assessments/", {"organisation": north.pk, "title": "Spring", "area_name": "North"}
    )
    assessment = Assessment.objects.get()
    assert response.url == f"/assessments/{assessment.pk}/"
    assert assessment.instrument == instrument
    assert assessment.created_by == alice


def test_starting_needs_every_field_and_one_of_your_organisations(client, alice, south, instrument):
    client.force_login(alice)
    text = client.post("/assessments/", {"organisation": south.pk}).content.decode()
    assert "Select one of your organisations" in text
    assert "Enter a name for the assessment" in text
    assert not Assessment.objects.exists()


def test_the_task_list_shows_each_sections_status(client, alice, assessment):
    client.force_login(alice)
    text = client.get(url(assessment)).content.decode()
    assert text.count("Not started") == 2
    client.post(url(assessment, "s1/s1-1/"), {"rating": "3"})
    text = client.get(url(assessment)).content.decode()
    assert "In progress" in text and "Not started" in text
    assert f'href="/assessments/{assessment.pk}/s1/s1-2/"' in text  # continue where you left off


def test_answering_saves_and_moves_on_then_checks_the_section(client, alice, assessment):
    client.force_login(alice)
    response = client.post(url(assessment, "s1/s1-1/"), {"rating": "3", "note": "From the JSNA"})
    assert response.url == url(assessment, "s1/s1-2/")
    client.post(url(assessment, "s1/s1-2/"), {"rating": "dk"})
    response = client.post(url(assessment, "s1/s1-3/"), {"rating": "0"})
    assert response.url == url(assessment, "s1/check/")
    answers = {a.question.code: (a.rating, a.dont_know, a.note) for a in Answer.objects.all()}
    assert answers == {
        "s1-1": (3, False, "From the JSNA"),
        "s1-2": (None, True, ""),
        "s1-3": (0, False, ""),
    }
    text = client.get(url(assessment, "s1/check/")).content.decode()
    assert "3 – Established" in text and "Don't know" in text and "0 – None" in text
    assert text.count(">Change<") == 3


def test_changing_an_answer_keeps_one_row(client, alice, assessment):
    client.force_login(alice)
    client.post(url(assessment, "s1/s1-1/"), {"rating": "1"})
    page = client.get(url(assessment, "s1/s1-1/")).content.decode()
    assert 'value="1" aria-describedby="rating-hint-1" checked' in page
    client.post(url(assessment, "s1/s1-1/"), {"rating": "4", "seen_version": "1"})
    assert Answer.objects.get().rating == 4
    assert Answer.objects.count() == 1


@pytest.mark.parametrize("bad", ["5", "-1", "2.5", "four", "", "<script>"])
def test_ratings_outside_0_to_4_get_a_clear_error_and_change_nothing(
    client, alice, assessment, bad
):
    client.force_login(alice)
    response = client.post(url(assessment, "s1/s1-1/"), {"rating": bad})
    assert response.status_code == 200
    assert "Select how well this describes your local system" in response.content.decode()
    assert not Answer.objects.exists()


def test_unknown_questions_and_sections_are_404(client, alice, assessment):
    client.force_login(alice)
    assert client.get(url(assessment, "s1/zz-9/")).status_code == 404
    assert client.post(url(assessment, "s9/s1-1/"), {"rating": "2"}).status_code == 404
    assert client.get(url(assessment, "nope/check/")).status_code == 404
    assert not Answer.objects.exists()


def test_save_and_come_back_later_then_resume_after_signing_out(client, alice, assessment):
    client.force_login(alice)
    response = client.post(url(assessment, "s1/s1-1/"), {"rating": "2", "save_and_return": "1"})
    assert response.url == url(assessment)
    client.logout()
    client.force_login(alice)
    text = client.get(url(assessment)).content.decode()
    assert "Continue where you left off" in text
    assert f"/assessments/{assessment.pk}/s1/s1-2/" in text


def test_continue_where_you_left_off_only_when_something_was_left(client, alice, assessment):
    client.force_login(alice)
    text = client.get(url(assessment)).content.decode()
    assert "Continue where you left off" not in text
    assert "Start with the first question" in text
    client.post(url(assessment, "s1/s1-1/"), {"rating": "2", "save_and_return": "1"})
    text = client.get(url(assessment)).content.decode()
    assert "Continue where you left off" in text
    assert "Start with the first question" not in text
    answer_all(assessment, alice, 3)
    text = client.get(url(assessment)).content.decode()
    assert "Continue where you left off" not in text
    assert "Start with the first question" not in text


def test_submit_locks_and_is_idempotent(client, alice, assessment):
    client.force_login(alice)
    answer_all(assessment, alice, 3)
    client.post(url(assessment, "submit/"))
    assessment.refresh_from_db()
    assert assessment.is_locked
    first_time = assessment.submitted_at
    response = client.post(url(assessment, "submit/"), follow=True)
    assert "had already been submitted" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.submitted_at == first_time
    response = client.post(url(assessment, "s1/s1-1/"), {"rating": "0"})
    assert LOCKED.split(",")[0] in response.content.decode().replace("&#x27;", "'")
    assert Answer.objects.get(question__code="s1-1").rating == 3


def test_reopen_makes_an_editable_copy_and_keeps_the_original(client, alice, assessment):
    client.force_login(alice)
    answer_all(assessment, alice, 3)
    client.post(url(assessment, "submit/"))
    response = client.post(url(assessment, "reopen/"))
    copy = Assessment.objects.exclude(pk=assessment.pk).get()
    assert response.url == url(copy)
    assert copy.reopened_from == assessment and not copy.is_locked
    assert copy.answers.count() == assessment.answers.count() == 6
    client.post(url(copy, "s1/s1-1/"), {"rating": "4"})
    assert assessment.answers.get(question__code="s1-1").rating == 3
    assert copy.answers.get(question__code="s1-1").rating == 4


def test_colleagues_in_the_organisation_rate_individually(client, alice, north, assessment):
    colleague = make_user()
    make_membership(user=colleague, organisation=north)
    client.force_login(alice)
    client.post(url(assessment, "s1/s1-1/"), {"rating": "1"})
    client.force_login(colleague)
    client.post(url(assessment, "s1/s1-1/"), {"rating": "4"})
    assert sorted(Answer.objects.values_list("rating", flat=True)) == [1, 4]


def test_another_organisation_gets_404_everywhere(client, bob, assessment):
    client.force_login(bob)
    for tail in ("", "s1/s1-1/", "s1/check/", "submit/"):
        assert client.get(url(assessment, tail)).status_code == 404
    assert client.post(url(assessment, "s1/s1-1/"), {"rating": "2"}).status_code == 404
    assert client.post(url(assessment, "submit/")).status_code == 404
    assert client.post(url(assessment, "reopen/")).status_code == 404
    assert not Answer.objects.exists()
    assessment.refresh_from_db()
    assert not assessment.is_locked
    assert str(assessment.pk) not in client.get("/assessments/").content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, assessment):
    response = client.get(url(assessment))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_huge_organisation_id_in_the_start_link_is_nobodys(client, alice, north):
    client.force_login(alice)
    response = client.get("/assessments/?organisation=" + "9" * 100)
    assert response.status_code == 200
    assert response.context["form"].initial["organisation"] == north
