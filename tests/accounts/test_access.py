"""The authorisation helper, with two users in two organisations."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from commissioning.accounts.access import (
    admin_membership_for,
    get_for_member,
    member_organisations,
    membership_for,
    scope_to_member,
)
from commissioning.accounts.models import Membership
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


def test_each_user_sees_only_their_organisations(alice, bob, north, south):
    assert list(member_organisations(alice)) == [north]
    assert list(member_organisations(bob)) == [south]
    assert list(member_organisations(AnonymousUser())) == []


def test_scope_follows_a_lookup_path(alice, bob, north, south):
    memberships = Membership.objects.all()
    assert {m.organisation for m in scope_to_member(memberships, alice, via="organisation")} == {
        north
    }
    assert {m.organisation for m in scope_to_member(memberships, bob, via="organisation")} == {
        south
    }
    assert not scope_to_member(memberships, AnonymousUser(), via="organisation").exists()


def test_get_for_member_gives_404_to_outsiders(alice, bob, north):
    own = Membership.objects.get(user=alice)
    assert get_for_member(Membership.objects.all(), alice, via="organisation", pk=own.pk) == own
    with pytest.raises(Http404):
        get_for_member(Membership.objects.all(), bob, via="organisation", pk=own.pk)
    with pytest.raises(Http404):
        get_for_member(Membership.objects.all(), AnonymousUser(), via="organisation", pk=own.pk)
    with pytest.raises(Http404):
        get_for_member(Membership.objects.all(), alice, via="organisation", pk="not-a-number")


def test_membership_for_distinguishes_outsiders_from_non_admins(alice, bob, north):
    member = make_user()
    make_membership(user=member, organisation=north)
    assert membership_for(alice, north.pk).is_admin
    assert admin_membership_for(alice, north.pk).organisation == north
    with pytest.raises(Http404):
        membership_for(bob, north.pk)
    with pytest.raises(Http404):
        admin_membership_for(bob, north.pk)
    with pytest.raises(PermissionDenied):
        admin_membership_for(member, north.pk)
    with pytest.raises(Http404):
        membership_for(AnonymousUser(), north.pk)
