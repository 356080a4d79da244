"""A participant from a partner organisation sees and rates the one assessment they
were invited into, and nothing else of the owning organisation's work."""

import pytest

from commissioning.assessment.models import Answer, Participant
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(alice, north):
    make_small_instrument()
    return make_assessment(organisation=north, user=alice, title="Shared review")


@pytest.fixture
def unshared(alice, north, shared):
    return make_assessment(organisation=north, user=alice, title="Internal review")


@pytest.fixture
def partner(shared):
    user = make_user(email="pat@partner.example", name="Pat Partner")
    make_membership(user=user, organisation=make_organisation(name="Partner Trust"))
    Participant.objects.create(assessment=shared, user=user)
    return user


def url(assessment, tail=""):
    return f"/assessments/{assessment.pk}/{tail}"


def test_the_partner_is_not_a_member_of_the_owning_organisation(partner, north):
    assert not north.memberships.filter(user=partner).exists()


def test_the_partner_sees_and_rates_the_shared_assessment(client, partner, shared):
    client.force_login(partner)
    assert "Shared review" in client.get("/assessments/").content.decode()
    for tail in ("", "s1/s1-1/", "s1/check/", "people/", "consensus/"):
        assert client.get(url(shared, tail)).status_code == 200, tail
    response = client.post(url(shared, "s1/s1-1/"), {"rating": "3", "note": "From our data"})
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.assessment, answer.respondent, answer.rating) == (shared, partner, 3)


def test_the_partner_gets_404_for_the_owners_other_work(client, partner, north, unshared):
    client.force_login(partner)
    assert "Internal review" not in client.get("/assessments/").content.decode()
    for tail in ("", "s1/s1-1/", "s1/check/", "people/", "consensus/", "consensus/s1-1/"):
        assert client.get(url(unshared, tail)).status_code == 404, tail
    assert client.post(url(unshared, "s1/s1-1/"), {"rating": "3"}).status_code == 404
    assert not Answer.objects.exists()
    for path in (
        f"/accounts/organisations/{north.pk}/",
        f"/accounts/organisations/{north.pk}/edit/",
        f"/accounts/organisations/{north.pk}/invite/",
    ):
        assert client.get(path).status_code == 404, path


def test_the_partner_is_not_a_facilitator_unless_invited_as_one(client, partner, shared):
    client.force_login(partner)
    assert client.get(url(shared, "consensus/s1-1/")).status_code == 403
    assert client.get(url(shared, "people/invite/")).status_code == 403
    Participant.objects.filter(user=partner).update(role="facilitator")
    assert client.get(url(shared, "consensus/s1-1/")).status_code == 200
    assert client.get(url(shared, "people/invite/")).status_code == 200
    # Facilitating one assessment gives no say over the organisation.
    assert client.get(f"/accounts/organisations/{shared.organisation_id}/").status_code == 404
