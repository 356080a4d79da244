"""The organisation's activity page: admins only, newest first, paginated, filtered
by kind of work; people who deleted their account appear as "a former member"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.accounts import services as account_services
from commissioning.datasafety import audit
from commissioning.datasafety.models import AuditEvent
from commissioning.datasafety.views import EVENTS_PER_PAGE
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice)


def url(organisation, query=""):
    return f"/accounts/organisations/{organisation.pk}/activity/{query}"


def test_admins_see_who_did_what(client, alice, north, assessment):
    client.force_login(alice)
    page = client.get(url(north)).content.decode()
    assert "Alice North" in page
    assert "Created assessment “Spring review”" in page


def test_the_organisation_page_links_it_for_admins_only(client, alice, north):
    client.force_login(alice)
    assert url(north) in client.get(f"/accounts/organisations/{north.pk}/").content.decode()
    member = make_user()
    make_membership(user=member, organisation=north)
    client.force_login(member)
    assert url(north) not in client.get(f"/accounts/organisations/{north.pk}/").content.decode()


def test_plain_members_get_403_and_outsiders_404(client, north, bob, assessment):
    member = make_user()
    make_membership(user=member, organisation=north)
    client.force_login(member)
    assert client.get(url(north)).status_code == 403
    client.force_login(bob)
    assert client.get(url(north)).status_code == 404
    client.logout()
    assert client.get(url(north)).status_code == 302


def test_it_only_answers_get(client, alice, north):
    client.force_login(alice)
    assert client.post(url(north)).status_code == 405


def test_it_shows_only_this_organisations_events(client, alice, bob, north, south, assessment):
    make_assessment(organisation=south, user=bob, title="South's own review")
    client.force_login(alice)
    page = client.get(url(north)).content.decode()
    assert "Spring review" in page and "South&#x27;s own review" not in page


def test_it_filters_by_kind_of_work(client, alice, north, assessment):
    from commissioning.cases import services as case_services

    case = case_services.case_create(
        organisation=north, user=alice, kind="new_team", title="Our case"
    )
    audit.record(actor=alice, verb=audit.CREATED, target=case)
    client.force_login(alice)
    cases_only = client.get(url(north, "?type=case")).content.decode()
    assert "Our case" in cases_only and "Spring review" not in cases_only
    assessments_only = client.get(url(north, "?type=assessment")).content.decode()
    assert "Our case" not in assessments_only and "Spring review" in assessments_only
    everything = client.get(url(north, "?type=nonsense")).content.decode()
    assert "Our case" in everything and "Spring review" in everything


def test_it_is_paginated_newest_first(client, alice, north, assessment):
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organisation=north,
            actor=alice,
            verb="changed",
            object_type="assessment",
            object_id=str(assessment.pk),
            object_label=f"Event {n:03d}",
            at=now + timedelta(minutes=n),
        )
        for n in range(EVENTS_PER_PAGE + 5)
    )
    client.force_login(alice)
    first = client.get(url(north)).content.decode()
    assert f"Event {EVENTS_PER_PAGE + 4:03d}" in first and "Event 000" not in first
    assert "Page 1 of 2" in first
    second = client.get(url(north, "?page=2")).content.decode()
    assert "Event 000" in second and "Spring review" in second
    assert client.get(url(north, "?page=99")).status_code == 200


def test_a_deleted_actor_is_a_former_member(client, alice, north, assessment):
    colleague = make_user(name="Colin Gone")
    make_membership(user=colleague, organisation=north)
    audit.record(actor=colleague, verb=audit.SUBMITTED, target=assessment)
    account_services.user_delete(user=colleague)
    client.force_login(alice)
    page = client.get(url(north)).content.decode()
    assert "Colin Gone" not in page
    assert "a former member" in page
