"""Comparing two assessments: scores side by side with the change, "not enough
answers" said explicitly, actions completed in between; only the user's own."""

import datetime
import re

import pytest
from django.utils import timezone

from commissioning.assessment import plan_services
from commissioning.assessment.forms_plan import SELECT_DIFFERENT, SELECT_SECOND
from commissioning.assessment.models import Answer, Assessment, PlanItem, Question
from tests.assessment.support import make_assessment, make_small_instrument

pytestmark = pytest.mark.django_db
URL = "/assessments/compare/"


def rate(assessment, user, ratings):
    for code, rating in ratings.items():
        Answer.objects.create(
            assessment=assessment,
            question=Question.objects.get(code=code),
            respondent=user,
            rating=rating,
            dont_know=rating is None,
        )


@pytest.fixture
def pair(alice, north):
    make_small_instrument(sections=2, questions=2)
    earlier = make_assessment(organisation=north, user=alice, title="Spring 2026")
    Assessment.objects.filter(pk=earlier.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=365)
    )
    earlier.refresh_from_db()
    later = make_assessment(organisation=north, user=alice, title="Spring 2027")
    rate(earlier, alice, {"s1-1": 1, "s1-2": 1, "s2-1": None})
    rate(later, alice, {"s1-1": 3, "s1-2": 2, "s2-1": 4, "s2-2": 2})
    return earlier, later


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def rows(page: str, caption: str) -> list[list[str]]:
    table = page.split(f"<caption>{caption}</caption>")[1].split("</table>")[0]
    return [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]


def test_it_compares_section_scores_earlier_first(signed_in, pair):
    earlier, later = pair
    # Order in the query string does not matter: earlier is the one started first.
    page = signed_in.get(URL, {"a": later.pk, "b": earlier.pk}).content.decode()
    assert "Spring 2026 compared with Spring 2027" in page
    assert rows(page, "Section scores") == [
        # s1: (1+1)/8 = 25 -> (3+2)/8 = 62.5
        ["Section 1", "25", "62.5", "Up 37.5"],
        # s2: only a don't know earlier -> no number, never zero
        [
            "Section 2",
            "Not enough answers",
            "75",
            "Cannot compare: not enough answers in the first assessment",
        ],
    ]


def test_it_lists_actions_completed_in_between(signed_in, pair):
    earlier, later = pair
    plan_services.plan_item_add(assessment=earlier, title="Brief the board")
    plan_services.plan_item_add(assessment=earlier, title="Map budgets", status="done")
    plan_services.plan_item_add(assessment=later, title="Brief the board", status="done")
    plan_services.plan_item_add(assessment=later, title="Map budgets", status="done")
    plan_services.plan_item_add(assessment=later, title="Still going", status="in_progress")
    page = signed_in.get(URL, {"a": earlier.pk, "b": later.pk}).content.decode()
    completed = page.split("Actions completed in between")[1]
    assert "<li>Brief the board</li>" in completed
    assert "Map budgets" not in completed and "Still going" not in completed
    assert PlanItem.objects.count() == 5


def test_the_picker_lists_only_the_users_assessments(signed_in, pair, bob, south):
    theirs = make_assessment(organisation=south, user=bob, title="South secret")
    page = signed_in.get(URL).content.decode()
    assert "Spring 2026, North Borough" in page and "Spring 2027" in page
    assert "South secret" not in page and str(theirs.pk) not in page


def test_a_link_with_one_assessment_preselects_it_without_errors(signed_in, pair):
    earlier, _ = pair
    page = signed_in.get(URL, {"a": earlier.pk}).content.decode()
    assert f'value="{earlier.pk}" checked' in page
    assert "There is a problem" not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"compare": "1"}, SELECT_SECOND),
        ({"compare": "1", "a": "same", "b": "same"}, SELECT_DIFFERENT),
    ],
)
def test_picking_needs_two_different_assessments(signed_in, pair, params, message):
    earlier, _ = pair
    params = {k: (earlier.pk if v == "same" else v) for k, v in params.items()}
    if "a" not in params:
        params["a"] = earlier.pk
    page = signed_in.get(URL, params).content.decode().replace("&#x27;", "'")
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error: " in page


def test_another_organisations_assessment_is_404(signed_in, pair, bob, south):
    earlier, _ = pair
    theirs = make_assessment(organisation=south, user=bob, title="South secret")
    assert signed_in.get(URL, {"a": earlier.pk, "b": theirs.pk}).status_code == 404
    assert signed_in.get(URL, {"a": theirs.pk}).status_code == 404
    assert signed_in.get(URL, {"a": "not-a-uuid"}).status_code == 404


def test_a_participant_may_compare_what_they_were_invited_into(client, pair, bob):
    earlier, later = pair
    for assessment in pair:
        assessment.participants.create(user=bob)
    client.force_login(bob)
    response = client.get(URL, {"a": earlier.pk, "b": later.pk})
    assert response.status_code == 200
    assert "Up 37.5" in response.content.decode()


def test_fewer_than_two_assessments(client, bob):
    client.force_login(bob)
    assert "You need at least two assessments to compare" in client.get(URL).content.decode()


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
