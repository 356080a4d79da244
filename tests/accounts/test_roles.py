import pytest
from django.contrib.auth.models import Group

from commissioning.accounts.roles import CURATORS, PUBLISHERS, roles_sync

pytestmark = pytest.mark.django_db


def test_roles_have_the_right_permissions():
    roles_sync()
    curators = set(Group.objects.get(name=CURATORS).permissions.values_list("codename", flat=True))
    publishers = set(
        Group.objects.get(name=PUBLISHERS).permissions.values_list("codename", flat=True)
    )
    assert {"change_factor", "add_factor", "view_tdfdomain"} <= curators
    assert "publish_factor" not in curators and "delete_factor" not in curators
    assert "change_tdfdomain" not in curators
    assert {"publish_factor", "publish_parameter", "delete_factor"} <= publishers
    assert curators < publishers


def test_syncing_twice_changes_nothing():
    first = roles_sync()
    assert roles_sync() == first
