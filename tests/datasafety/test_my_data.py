"""Download my data: everything held about the signed-in person, as JSON."""

import json

import pytest

from commissioning.assessment import consensus_services, services
from commissioning.assessment.models import Question
from commissioning.cases import services as case_services
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_invitation

pytestmark = pytest.mark.django_db

URL = "/accounts/my-data.json"


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


def download(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="pair-toolkit-my-')
    assert response["Cache-Control"] == "private, no-store"
    return json.loads(response.content)


def test_it_holds_the_account_memberships_answers_and_activity(client, alice, north, assessment):
    question = Question.objects.get(code="s1-2")
    services.answer_record(
        assessment=assessment,
        question=question,
        user=alice,
        rating=3,
        dont_know=False,
        note="We have a named lead.",
        seen_version=None,
    )
    consensus_services.consensus_record(
        assessment=assessment,
        question=question,
        user=alice,
        rating=3,
        dont_know=False,
        rationale="Everyone agreed.",
    )
    make_invitation(email="alice@north.example", organisation=north)
    case_services.case_create(organisation=north, user=alice, kind="new_team", title="Our case")
    client.force_login(alice)
    data = download(client)
    assert data["account"]["name"] == "Alice North"
    assert data["account"]["email"] == "alice@north.example"
    assert "password" not in json.dumps(data["account"])
    assert data["memberships"] == [
        {
            "organisation": "North Borough ICB",
            "organisation_type": "Integrated Care Board",
            "area": north.area_name,
            "role": "Organisation admin",
            "joined_at": data["memberships"][0]["joined_at"],
        }
    ]
    assert data["organisation_invitations"][0]["organisation"] == "North Borough ICB"
    [given] = data["answers"]
    assert given["question_text"] == "Statement 1.2"
    assert (given["rating"], given["notes"]) == (3, "We have a named lead.")
    [agreed] = data["agreed_ratings_recorded"]
    assert agreed["reason"] == "Everyone agreed."
    assert data["cases"][0]["case"] == "Our case"
    what = [event["what"] for event in data["activity"]]
    assert what[:3] == ["created", "changed answers in", "recorded an agreed rating in"]


def test_it_holds_nothing_about_other_people(client, alice, bob, north, assessment):
    services.answer_record(
        assessment=assessment,
        question=Question.objects.get(code="s1-1"),
        user=alice,
        rating=1,
        dont_know=False,
        note="Alice's note",
        seen_version=None,
    )
    client.force_login(bob)
    data = download(client)
    text = json.dumps(data)
    assert "Alice" not in text and "north.example" not in text
    assert data["answers"] == [] and data["activity"] == []


def test_the_account_page_links_it_and_it_needs_sign_in(client, alice):
    client.force_login(alice)
    assert URL in client.get("/accounts/").content.decode()
    assert client.post(URL).status_code == 405
    client.logout()
    assert client.get(URL).status_code == 302
