"""Several people (or windows) acting on one assessment at the same moment.

Sequential interleavings run on every database. The tests marked ``needs_postgresql``
start two threads, each with its own database connection, released together by a
barrier: that is real concurrency, which only a server database can show."""

import re
import threading
from collections.abc import Callable

import pytest
from django.db import connection

from commissioning.assessment import consensus_services, services, sharing_services
from commissioning.assessment.models import (
    Answer,
    ConsensusRating,
    Participant,
    ParticipantInvitation,
    Question,
)
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_user

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "Real concurrency needs PostgreSQL: SQLite lets one writer in at a time for the "
        "whole file, so two threads cannot race. Run with DATABASE_URL=postgres://..."
    ),
)


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


@pytest.fixture
def colleague(north):
    user = make_user(name="Colin League")
    make_membership(user=user, organisation=north)
    return user


@pytest.fixture
def facilitator(assessment):
    user = make_user(name="Fay Cilitator")
    Participant.objects.create(assessment=assessment, user=user, role="facilitator")
    return user


def url(assessment, tail=""):
    return f"/assessments/{assessment.pk}/{tail}"


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def seen_stamp(response) -> str:
    """The hidden "seen" value of a consensus form (absent when nothing was agreed)."""
    match = re.search(r'<input type="hidden" name="seen"([^>]*)>', text(response))
    assert match, "no seen field"
    value = re.search(r'value="([^"]*)"', match.group(1))
    return value.group(1) if value else ""


def question(code="s1-1") -> Question:
    return Question.objects.select_related("section").get(code=code)


def together(*calls: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    """Run each call in its own thread (so its own database connection), released at
    the same moment. Returns the results in order and any exceptions raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    errors: list[BaseException] = []

    def work(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as error:  # reported to the test, which fails on it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results, errors


def answer(assessment, user, rating, code="s1-1", seen_version=None):
    return services.answer_record(
        assessment=assessment,
        question=question(code),
        user=user,
        rating=rating,
        dont_know=False,
        note="",
        seen_version=seen_version,
    )


def agree(assessment, user, rating, rationale, seen=None):
    return consensus_services.consensus_record(
        assessment=assessment,
        question=question(),
        user=user,
        rating=rating,
        dont_know=False,
        rationale=rationale,
        seen=seen,
    )


# --- Two people answering the same question ----------------------------------------


@pytest.mark.django_db
def test_two_members_answering_the_same_question_each_keep_their_own(
    client, alice, colleague, assessment
):
    # Both open the page before either saves, then both save.
    first, second = client, type(client)()
    first.force_login(alice)
    second.force_login(colleague)
    assert first.get(url(assessment, "s1/s1-1/")).status_code == 200
    assert second.get(url(assessment, "s1/s1-1/")).status_code == 200
    first.post(url(assessment, "s1/s1-1/"), {"rating": "1", "seen_version": ""})
    second.post(url(assessment, "s1/s1-1/"), {"rating": "4", "seen_version": ""})
    rows = {a.respondent: a.rating for a in Answer.objects.all()}
    assert rows == {alice: 1, colleague: 4}
    assert "in another window" not in text(second.get(url(assessment)))


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_members_answering_at_the_same_moment_each_keep_their_own(alice, colleague, assessment):
    results, errors = together(
        lambda: answer(assessment, alice, 1), lambda: answer(assessment, colleague, 4)
    )
    assert errors == []
    assert all(result.overwrote is None for result in results)
    rows = {a.respondent_id: a.rating for a in Answer.objects.all()}
    assert rows == {alice.pk: 1, colleague.pk: 4}


# --- One person, two windows ---------------------------------------------------------


@pytest.mark.django_db
def test_the_later_save_from_another_window_wins_and_says_what_it_replaced(
    client, alice, assessment
):
    client.force_login(alice)
    client.post(url(assessment, "s1/s1-1/"), {"rating": "1"})
    # Two windows open the question; each form carries the version it showed.
    page = text(client.get(url(assessment, "s1/s1-1/")))
    seen = re.search(r'name="seen_version" value="(\d+)"', page).group(1)
    assert seen == "1"
    client.post(url(assessment, "s1/s1-1/"), {"rating": "2", "seen_version": seen})
    response = client.post(
        url(assessment, "s1/s1-1/"), {"rating": "4", "seen_version": seen}, follow=True
    )
    assert (
        "You had changed your answer to question 1 in Section 1 in another window (it said: 2)"
    ) in text(response)
    saved = Answer.objects.get()
    assert (saved.rating, saved.version) == (4, 3)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_person_saving_twice_at_the_same_moment_makes_one_answer(alice, assessment):
    results, errors = together(
        lambda: answer(assessment, alice, 1), lambda: answer(assessment, alice, 3)
    )
    assert errors == []
    saved = Answer.objects.get()
    assert saved.rating in (1, 3) and saved.version == 2
    # Whichever came second knows the first had already saved.
    assert sum(1 for result in results if result.answer.version == 2) == 1


# --- Two facilitators recording the agreed rating -------------------------------------


@pytest.mark.django_db
def test_the_later_facilitator_sees_the_earlier_agreed_rating(
    client, alice, facilitator, assessment
):
    first, second = client, type(client)()
    first.force_login(alice)
    second.force_login(facilitator)
    seen_first = seen_stamp(first.get(url(assessment, "consensus/s1-1/")))
    seen_second = seen_stamp(second.get(url(assessment, "consensus/s1-1/")))
    assert seen_first == seen_second == ""
    first.post(
        url(assessment, "consensus/s1-1/"),
        {"rating": "3", "rationale": "Strong pathway.", "seen": seen_first},
    )
    response = second.post(
        url(assessment, "consensus/s1-1/"),
        {"rating": "1", "rationale": "Gaps in data.", "seen": seen_second},
        follow=True,
    )
    page = text(response)
    assert (
        "Alice North recorded an agreed rating for question 1 in Section 1 while you had this "
        "page open: 3 – Established, because “Strong pathway.”. Your rating has replaced it: "
        "1 – Starting"
    ) in page
    agreed = ConsensusRating.objects.get()
    assert (agreed.rating, agreed.decided_by) == (1, facilitator)


@pytest.mark.django_db
def test_a_lost_race_to_create_the_agreed_rating_updates_the_winners_row(
    alice, facilitator, assessment, monkeypatch
):
    """Both saw no row; the other facilitator's insert commits first. The unique
    constraint refuses the second insert, which then updates that row instead."""
    agree(assessment, facilitator, 3, "Theirs.")
    real = consensus_services._agreed_for_update
    calls = []

    def saw_nothing_first(assessment_, question_):
        calls.append(1)
        return None if len(calls) == 1 else real(assessment_, question_)

    monkeypatch.setattr(consensus_services, "_agreed_for_update", saw_nothing_first)
    result = agree(assessment, alice, 1, "Mine.", seen="")
    assert ConsensusRating.objects.count() == 1
    assert (result.agreed.rating, result.agreed.decided_by) == (1, alice)
    assert result.before.rating == 3 and result.before.decided_by == "Fay Cilitator"
    assert result.overtaken


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_facilitators_at_the_same_moment_make_one_agreed_rating(alice, facilitator, assessment):
    results, errors = together(
        lambda: agree(assessment, alice, 3, "Alice's view.", seen=""),
        lambda: agree(assessment, facilitator, 1, "Fay's view.", seen=""),
    )
    assert errors == []
    assert ConsensusRating.objects.count() == 1
    first = next(result for result in results if result.before is None)
    later = next(result for result in results if result.before is not None)
    # The later writer is told what the earlier one had recorded.
    assert later.overtaken and later.before.rating == first.agreed.rating
    assert ConsensusRating.objects.get().rating == later.agreed.rating


# --- Accepting an invitation twice ----------------------------------------------------


@pytest.fixture
def invited(assessment, alice):
    user = make_user(email="pat@partner.example", name="Pat Partner")
    invitation = ParticipantInvitation.objects.create(
        assessment=assessment, email=user.email, invited_by=alice
    )
    return user, sharing_services.invitation_token(invitation)


@pytest.mark.django_db
def test_accepting_twice_makes_one_participant(client, invited):
    user, token = invited
    client.force_login(user)
    path = f"/assessments/invitations/{token}/"
    first = client.post(path)
    second = client.post(path, follow=True)
    assert first.status_code == 302
    assert "You are already taking part in Spring review" in text(second)
    assert Participant.objects.filter(user=user).count() == 1
    participant, created = sharing_services.invitation_accept(token=token, user=user)
    assert not created and participant == Participant.objects.get(user=user)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_accepting_in_two_tabs_at_the_same_moment_makes_one_participant(invited):
    user, token = invited
    results, errors = together(
        lambda: sharing_services.invitation_accept(token=token, user=user),
        lambda: sharing_services.invitation_accept(token=token, user=user),
    )
    assert errors == []
    assert Participant.objects.filter(user=user).count() == 1
    assert sorted(created for _, created in results) == [False, True]
