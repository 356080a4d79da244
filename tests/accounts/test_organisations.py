import pytest

from commissioning.accounts.models import Membership, Organisation
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


def test_it_creates_an_organisation_with_the_creator_as_admin(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/organisations/new/",
        {"name": "East Riding ICB", "kind": "icb", "area_name": "East Riding"},
    )
    organisation = Organisation.objects.get(name="East Riding ICB")
    assert response.url == f"/accounts/organisations/{organisation.pk}/"
    assert Membership.objects.get(organisation=organisation).role == "admin"


def test_it_explains_missing_organisation_fields(client, alice):
    client.force_login(alice)
    text = client.post("/accounts/organisations/new/", {}).content.decode()
    assert "Select the type of organisation" in text
    assert 'href="#id_kind_0"' in text
    assert Organisation.objects.count() == 1


def test_members_see_their_organisation(client, alice, north):
    client.force_login(alice)
    response = client.get(f"/accounts/organisations/{north.pk}/")
    assert response.status_code == 200
    assert "North Borough ICB" in response.content.decode()


def test_others_get_404_for_an_organisation_they_do_not_belong_to(client, bob, north):
    client.force_login(bob)
    assert client.get(f"/accounts/organisations/{north.pk}/").status_code == 404
    assert client.get(f"/accounts/organisations/{north.pk}/edit/").status_code == 404


def test_plain_members_cannot_edit_or_invite(client, north):
    member = make_user()
    make_membership(user=member, organisation=north, role="member")
    client.force_login(member)
    assert client.get(f"/accounts/organisations/{north.pk}/edit/").status_code == 403
    response = client.post(
        f"/accounts/organisations/{north.pk}/invite/",
        {"invite-email": "x@example.org", "invite-role": "member"},
    )
    assert response.status_code == 403
    assert not north.invitations.exists()


def test_admin_edits_the_organisation(client, alice, north):
    client.force_login(alice)
    client.post(
        f"/accounts/organisations/{north.pk}/edit/",
        {"name": "North ICB", "kind": "icb", "area_name": "North"},
    )
    north.refresh_from_db()
    assert north.name == "North ICB"


def test_admin_removes_a_member(client, alice, north):
    member = make_user()
    membership = make_membership(user=member, organisation=north)
    client.force_login(alice)
    client.post(f"/accounts/organisations/{north.pk}/members/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_admin_cannot_be_removed_or_demoted(client, alice, north):
    client.force_login(alice)
    own = Membership.objects.get(user=alice)
    response = client.post(
        f"/accounts/organisations/{north.pk}/members/{own.pk}/role/",
        {"role": "member"},
        follow=True,
    )
    assert "needs at least one admin" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "admin"
    client.post(f"/accounts/organisations/{north.pk}/members/{own.pk}/remove/")
    assert Membership.objects.filter(pk=own.pk).exists()


def test_admin_promotes_then_can_step_down(client, alice, north):
    member = make_user()
    membership = make_membership(user=member, organisation=north)
    client.force_login(alice)
    client.post(
        f"/accounts/organisations/{north.pk}/members/{membership.pk}/role/", {"role": "admin"}
    )
    membership.refresh_from_db()
    assert membership.role == "admin"
    own = Membership.objects.get(user=alice)
    client.post(f"/accounts/organisations/{north.pk}/members/{own.pk}/role/", {"role": "member"})
    own.refresh_from_db()
    assert own.role == "member"


def test_an_admin_cannot_act_on_another_organisations_members(client, alice, bob, south):
    bobs = Membership.objects.get(user=bob)
    client.force_login(alice)
    north_pk = alice.organisations.get().pk
    # Through their own organisation's URL: the member is not found there.
    assert (
        client.post(f"/accounts/organisations/{north_pk}/members/{bobs.pk}/remove/").status_code
        == 404
    )
    # Through the other organisation's URL: that organisation is not found.
    assert (
        client.post(f"/accounts/organisations/{south.pk}/members/{bobs.pk}/remove/").status_code
        == 404
    )
    assert Membership.objects.filter(pk=bobs.pk).exists()


def test_the_only_admin_with_colleagues_cannot_leave(client, alice, north):
    make_membership(user=make_user(), organisation=north)
    client.force_login(alice)
    response = client.post(f"/accounts/organisations/{north.pk}/leave/", follow=True)
    assert "Make another member an admin before you leave" in response.content.decode()
    assert alice.memberships.exists()


def test_a_member_leaves(client, north):
    member = make_user()
    make_membership(user=member, organisation=north)
    client.force_login(member)
    client.post(f"/accounts/organisations/{north.pk}/leave/")
    assert not member.memberships.exists()
