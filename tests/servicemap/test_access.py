"""Every route, and every state-changing one in particular, for each kind of person:
an organisation admin, an ordinary member, the member who started the map, a partner
invited into one of the organisation's self-assessments (not a member), someone from
another organisation and an anonymous visitor. Outsiders get 404 and change nothing."""

import pytest
from django.urls import reverse

from commissioning.accounts.permissions import Role
from commissioning.assessment.models import Participant
from commissioning.servicemap import access
from commissioning.servicemap.models import NoService, Service, ServiceMap, ServiceMapVersion
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_user
from tests.servicemap.support import add_service, form_post, make_map


@pytest.fixture
def carol(north):
    """An ordinary member of North Borough ICB."""
    user = make_user(email="carol@north.example", name="Carol North")
    make_membership(user=user, organisation=north, role="member")
    return user


@pytest.fixture
def dave(north, alice):
    """A partner invited into North's self-assessment; not a member of North."""
    make_small_instrument()
    user = make_user(email="dave@vcs.example", name="Dave Partner")
    assessment = make_assessment(organisation=north, user=alice)
    Participant.objects.create(assessment=assessment, user=user)
    return user


@pytest.fixture
def the_map(north, alice):
    service_map = make_map(north, alice)
    add_service(service_map, alice)
    return service_map


def state(service_map_pk: int) -> tuple:
    return (
        ServiceMap.objects.filter(pk=service_map_pk).count(),
        Service.objects.filter(service_map_id=service_map_pk).count(),
        NoService.objects.filter(service_map_id=service_map_pk).count(),
        ServiceMapVersion.objects.filter(service_map_id=service_map_pk).count(),
    )


def writes(service_map):
    """Every state-changing request: (name, url, data)."""
    service = service_map.services.get()
    pk = service_map.pk
    return [
        ("add", reverse("servicemap:service_add", args=[pk]), form_post(name="New")),
        ("edit", reverse("servicemap:service_edit", args=[pk, service.pk]), form_post(name="X")),
        (
            "mark",
            reverse("servicemap:cell", args=[pk, "specialist", "midwifery"]),
            {"action": "mark", "note": ""},
        ),
        (
            "clear",
            reverse("servicemap:cell", args=[pk, "universal", "other"]),
            {"action": "clear"},
        ),
        ("remove", reverse("servicemap:service_delete", args=[pk, service.pk]), {}),
        ("delete", reverse("servicemap:delete", args=[pk]), {}),
    ]


def reads(service_map):
    pk = service_map.pk
    service = service_map.services.get()
    return [
        reverse("servicemap:detail", args=[pk]),
        reverse("servicemap:service_add", args=[pk]),
        reverse("servicemap:service_edit", args=[pk, service.pk]),
        reverse("servicemap:service_delete", args=[pk, service.pk]),
        reverse("servicemap:cell", args=[pk, "targeted", "vcs"]),
        reverse("servicemap:versions", args=[pk]),
        reverse("servicemap:csv", args=[pk]),
        reverse("servicemap:delete", args=[pk]),
    ]


@pytest.mark.parametrize("who", ["bob", "dave"])
def test_outsiders_get_404_everywhere_and_change_nothing(client, the_map, who, request):
    client.force_login(request.getfixturevalue(who))
    before = state(the_map.pk)
    for url in reads(the_map):
        assert client.get(url).status_code == 404, url
    for name, url, data in writes(the_map):
        assert client.post(url, data).status_code == 404, name
        assert client.put(url, data).status_code == 404, name
    assert state(the_map.pk) == before
    # Another organisation's id in the start form is refused, not used.
    response = client.post(
        reverse("servicemap:index"), {"organisation": the_map.organisation_id, "area_name": "X"}
    )
    assert response.status_code == 200
    assert ServiceMap.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, the_map):
    before = state(the_map.pk)
    for url in [*reads(the_map), *(url for _, url, _ in writes(the_map))]:
        response = client.post(url, {})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert state(the_map.pk) == before


def test_a_member_contributes_but_cannot_delete_the_map(client, the_map, carol):
    client.force_login(carol)
    for url in reads(the_map)[:-1]:
        assert client.get(url).status_code == 200, url
    NoService.objects.create(service_map=the_map, level="universal", sector="other")
    results = {name: client.post(url, data).status_code for name, url, data in writes(the_map)}
    assert results == {
        "add": 302,
        "edit": 302,
        "mark": 302,
        "clear": 302,
        "remove": 302,
        "delete": 403,
    }
    assert ServiceMap.objects.filter(pk=the_map.pk).exists()
    assert client.get(reverse("servicemap:delete", args=[the_map.pk])).status_code == 403
    the_map.refresh_from_db()
    assert the_map.version == 7  # started, first service, then add, edit, mark, clear, remove
    assert the_map.updated_by == carol


def test_an_admin_may_do_everything(client, the_map, alice, carol):
    ServiceMap.objects.filter(pk=the_map.pk).update(created_by=carol)
    client.force_login(alice)
    NoService.objects.create(service_map=the_map, level="universal", sector="other")
    for name, url, data in writes(the_map):
        assert client.post(url, data).status_code == 302, name
    assert not ServiceMap.objects.filter(pk=the_map.pk).exists()


def test_the_member_who_started_the_map_may_delete_it(client, north, carol):
    service_map = make_map(north, carol)
    client.force_login(carol)
    assert client.post(reverse("servicemap:delete", args=[service_map.pk])).status_code == 302
    assert not ServiceMap.objects.exists()


def test_the_rule_comes_from_the_one_table():
    none = access.Abilities.of(frozenset())
    assert none == access.Abilities(view=False, edit=False, invite=False, delete=False)
    member = access.Abilities.of(frozenset({Role.MEMBER}))
    assert member == access.Abilities(view=True, edit=True, invite=True, delete=False)
    assert access.Abilities.of(frozenset({Role.MEMBER, Role.STARTER})).delete
    assert access.Abilities.of(frozenset({Role.MEMBER, Role.ADMIN})).delete
    partner = access.Abilities.of(frozenset({Role.CONTRIBUTOR}))
    assert partner == access.Abilities(view=True, edit=True, invite=False, delete=False)


def test_other_methods_are_refused(client, the_map, alice):
    client.force_login(alice)
    url = reverse("servicemap:detail", args=[the_map.pk])
    assert client.post(url).status_code == 405
    assert client.put(reverse("servicemap:service_add", args=[the_map.pk])).status_code == 405


def test_a_service_of_another_map_is_404(client, the_map, alice, bob, south):
    other = make_map(south, bob)
    theirs = add_service(other, bob)
    client.force_login(alice)
    url = reverse("servicemap:service_edit", args=[the_map.pk, theirs.pk])
    assert client.post(url, form_post(name="Hijack")).status_code == 404
    assert Service.objects.get(pk=theirs.pk).name == "Enhanced health visiting"
    bad_cell = reverse("servicemap:cell", args=[the_map.pk, "nonsense", "vcs"])
    assert client.post(bad_cell, {"action": "mark"}).status_code == 404
