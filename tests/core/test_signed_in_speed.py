"""Signed-in pages after issue 17's speed work: query counts stay flat as the data
grows, kept fragments and kept computations never show one organisation another's
data or a stale figure, and HTML is compressed without weakening CSRF protection."""

import gzip
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.assessment import plan_services
from commissioning.assessment.models import Answer, Participant, Question
from commissioning.cases import services as case_services
from commissioning.cases.models import Case
from commissioning.knowledge.models import Action
from tests.assessment.support import answer_all, load_shipped_instrument, make_assessment
from tests.cases.test_builder_fixtures import library_fixture  # noqa: F401
from tests.factories import make_membership, make_organisation, make_user


def queries(client: Client, url: str) -> int:
    client.get(url)  # warm: the kept content is read once per process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_partner(assessment, n: int) -> None:
    partner = make_user(email=f"partner{n}@example.org", name=f"Partner {n}")
    make_membership(user=partner, organisation=make_organisation(name=f"Partner {n}"))
    Participant.objects.create(assessment=assessment, user=partner)
    answer_all(assessment, partner, rating=n % 5)


@pytest.mark.django_db
def test_assessment_pages_run_as_many_queries_for_three_people_and_a_plan_as_for_one(
    alice, north, client
):
    load_shipped_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    answer_all(assessment, alice, rating=1)
    client.force_login(alice)
    pages = ["results", "plan", "consensus", "tasks"]
    urls = [reverse(f"assessment:{name}", args=[assessment.pk]) for name in pages]
    before = [queries(client, url) for url in urls]

    for n in (1, 2, 3):
        add_partner(assessment, n)
    for action in Action.objects.order_by("pk")[:6]:
        plan_services.plan_adopt(assessment=assessment, action=action, user=alice)
    assert (
        Answer.objects.filter(assessment=assessment).count()
        == 4 * Question.objects.filter(section__instrument=assessment.instrument).count()
    )

    assert [queries(client, url) for url in urls] == before


@pytest.mark.django_db
def test_case_results_run_as_many_queries_however_many_cases_and_versions(
    alice, north, client, library
):
    case = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="First"
    )
    client.force_login(alice)
    url = reverse("cases:results", args=[case.pk])
    before = queries(client, url)
    for n in range(5):
        case_services.case_create(
            organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title=f"Other {n}"
        )
        case_services.case_save(case=case, user=alice, title=f"First, version {n + 2}")
    assert queries(client, url) == before


@pytest.mark.django_db
def test_kept_case_results_never_show_another_organisation_or_an_old_version(
    alice, bob, north, south, library
):
    """Two organisations with identical inputs share the kept analysis (the same
    figures) but each sees only its own case; a new version shows at once."""
    mine = case_services.case_create(
        organisation=north, user=alice, kind=Case.Kind.NEW_TEAM, title="North team"
    )
    theirs = case_services.case_create(
        organisation=south, user=bob, kind=Case.Kind.NEW_TEAM, title="South team"
    )
    assert mine.inputs | {"name": ""} == theirs.inputs | {"name": ""}
    north_client, south_client = Client(), Client()
    north_client.force_login(alice)
    south_client.force_login(bob)
    north_page = north_client.get(reverse("cases:results", args=[mine.pk])).content.decode()
    south_page = south_client.get(reverse("cases:results", args=[theirs.pk])).content.decode()
    assert "North team" in north_page and "South team" not in north_page
    assert "South team" in south_page and "North team" not in south_page
    # Bob cannot reach Alice's results, even with her page's fragment kept.
    assert south_client.get(reverse("cases:results", args=[mine.pk])).status_code == 404

    inputs = dict(mine.inputs)
    inputs["births_per_year"] = 123_457
    case_services.case_save(case=mine, user=alice, inputs=inputs, title="North team, bigger")
    again = north_client.get(reverse("cases:results", args=[mine.pk])).content.decode()
    assert "North team, bigger" in again and "123,457" in again
    assert "123,457" not in north_page


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


@pytest.mark.django_db
def test_html_is_compressed_when_accepted_and_csrf_still_holds(alice, north):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    url = reverse("accounts:organisation", args=[north.pk])
    plain = client.get(url)
    assert plain.get("Content-Encoding") is None
    first = client.get(url, headers={"accept-encoding": "gzip"})
    second = client.get(url, headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    html = [gzip.decompress(r.content).decode() for r in (first, second)]
    assert "North Borough ICB" in html[0]
    # The token in the page is masked afresh each time (BREACH mitigation).
    assert csrf_token(html[0]) != csrf_token(html[1])
    # And a POST without a token is still refused.
    edit = reverse("accounts:organisation_edit", args=[north.pk])
    assert client.post(edit, {"name": "Renamed"}).status_code == 403
