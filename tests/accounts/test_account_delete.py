import pytest
from django.contrib.auth import SESSION_KEY

from commissioning.accounts.models import Membership, Organisation, User
from tests.factories import PASSWORD, make_invitation, make_membership, make_user

pytestmark = pytest.mark.django_db


def test_it_deletes_the_account_and_personal_data_but_keeps_the_organisation(client, north):
    member = make_user(email="leaver@example.org")
    make_membership(user=member, organisation=north)
    make_invitation(email="leaver@example.org", organisation=north)
    client.force_login(member)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="leaver@example.org").exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    assert not north.invitations.filter(email="leaver@example.org").exists()
    assert Organisation.objects.filter(pk=north.pk).exists()
    assert SESSION_KEY not in client.session


def test_it_needs_the_password(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert "The password is not correct" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_only_admin_with_colleagues_must_hand_over_first(client, alice, north):
    make_membership(user=make_user(), organisation=north)
    client.force_login(alice)
    page = client.get("/accounts/delete/").content.decode()
    assert "Hand over first" in page
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert (
        "Make another member an admin before you delete your account" in response.content.decode()
    )
    assert User.objects.filter(pk=alice.pk).exists()


def test_a_sole_member_can_delete_and_the_organisation_stays(client, alice, north):
    client.force_login(alice)
    client.post("/accounts/delete/", {"password": PASSWORD})
    assert not User.objects.filter(pk=alice.pk).exists()
    assert Organisation.objects.filter(pk=north.pk).exists()
