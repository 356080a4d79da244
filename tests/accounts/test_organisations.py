import re

import pytest

from commissioning.accounts.models import Membership, Organisation
from commissioning.areas.models import Area
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(db):
    """Three current areas and one that has ceased."""
    return {
        "icb": Area.objects.create(
            code="E54000051", name="Humber and North Yorkshire", level="icb"
        ),
        "unitary": Area.objects.create(
            code="E06000011", name="East Riding of Yorkshire", level="lad", single_tier=True
        ),
        "district": Area.objects.create(code="E07000163", name="Craven", level="lad"),
        "ceased": Area.objects.create(
            code="E38000001", name="Airedale CCG", level="icb", current=False
        ),
    }


def test_it_creates_an_organisation_with_the_creator_as_admin(client, alice, areas):
    client.force_login(alice)
    response = client.post(
        "/accounts/organisations/new/",
        {"name": "East Riding ICB", "kind": "icb", "area": "E06000011"},
    )
    organisation = Organisation.objects.get(name="East Riding ICB")
    assert response.url == f"/accounts/organisations/{organisation.pk}/"
    assert Membership.objects.get(organisation=organisation).role == "admin"
    assert organisation.area_name == "East Riding of Yorkshire"


def test_the_area_is_chosen_from_the_current_areas_in_groups(client, alice, areas):
    client.force_login(alice)
    page = client.get("/accounts/organisations/new/").content.decode()
    assert '<select name="area"' in page
    assert '<optgroup label="Integrated Care Boards">' in page
    icbs = page.split('<optgroup label="Integrated Care Boards">')[1].split("</optgroup>")[0]
    assert '<option value="E54000051">Humber and North Yorkshire</option>' in icbs
    unitaries = page.split('<optgroup label="County and unitary councils">')[1]
    assert '<option value="E06000011">East Riding of Yorkshire</option>' in unitaries
    assert "Airedale CCG" not in page  # ceased


def test_a_typed_area_is_refused_and_what_was_typed_is_kept(client, alice, areas):
    client.force_login(alice)
    page = client.post(
        "/accounts/organisations/new/",
        {"name": "Riding Partnership", "kind": "vcs", "area": "Somewhere I typed"},
    ).content.decode()
    assert "Select an area from the list" in page
    assert 'value="Riding Partnership"' in page
    assert 'value="vcs" class="form-check-input" id="id_kind_3" checked' in page or (
        'value="vcs"' in page and "checked" in page.split('value="vcs"')[1][:80]
    )
    assert not Organisation.objects.filter(name="Riding Partnership").exists()
    page = client.post("/accounts/organisations/new/", {"name": "X", "kind": "vcs"})
    assert "Select the area the organisation serves" in page.content.decode()


def test_after_creating_the_next_step_is_to_start_an_assessment(client, alice, areas):
    client.force_login(alice)
    response = client.post(
        "/accounts/organisations/new/",
        {"name": "The Craven Council", "kind": "local_authority", "area": "E07000163"},
        follow=True,
    )
    organisation = Organisation.objects.get(name="The Craven Council")
    page = response.content.decode()
    start = f"/assessments/?organisation={organisation.pk}&amp;area=E07000163#start-heading"
    assert f'<a class="btn btn-primary" href="{start}">Start a self-assessment</a>' in page
    assert "Next: start a self-assessment" in page
    # The start form then has this organisation and its area filled in.
    start_page = client.get(start.replace("&amp;", "&")).content.decode()
    ticked = re.findall(
        r'name="organisation" value="(\d+)"\s+id="[^"]+" required checked', start_page
    )
    assert ticked == [str(organisation.pk)]
    assert 'value="Craven"' in start_page


def test_the_next_step_goes_once_the_organisation_has_an_assessment(client, alice, north):
    from tests.assessment.support import make_assessment, make_small_instrument

    client.force_login(alice)
    assert "Start a self-assessment" in client.get(f"/accounts/organisations/{north.pk}/").text
    make_small_instrument()
    make_assessment(organisation=north, user=alice)
    assert "Start a self-assessment" not in client.get(f"/accounts/organisations/{north.pk}/").text


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


def test_admin_edits_the_organisation(client, alice, north, areas):
    client.force_login(alice)
    client.post(
        f"/accounts/organisations/{north.pk}/edit/",
        {"name": "North ICB", "kind": "icb", "area": "E54000051"},
    )
    north.refresh_from_db()
    assert (north.name, north.area_name) == ("North ICB", "Humber and North Yorkshire")
    page = client.get(f"/accounts/organisations/{north.pk}/edit/").content.decode()
    assert '<option value="E54000051" selected>Humber and North Yorkshire</option>' in page


def test_an_area_typed_before_the_list_can_be_kept(client, alice, north, areas):
    north.area_name = "North Borough"
    north.save()
    client.force_login(alice)
    page = client.get(f"/accounts/organisations/{north.pk}/edit/").content.decode()
    assert '<option value="as-before" selected>Keep North Borough (as entered before)' in page
    client.post(
        f"/accounts/organisations/{north.pk}/edit/",
        {"name": "North ICB", "kind": "icb", "area": "as-before"},
    )
    north.refresh_from_db()
    assert (north.name, north.area_name) == ("North ICB", "North Borough")


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
