"""Walk every URL pattern that names an organisation's object and check who gets what.

The routes come from Django's resolver, so a new route that takes an object id is
included automatically; if it uses an argument this matrix does not know, the test
fails and asks for it to be added.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from commissioning.accounts.models import Invitation, Membership
from tests.factories import make_membership, make_user

# Namespaces whose routes are public or guarded by Django itself.
PUBLIC_NAMESPACES = {"admin", "core", "knowledge", "api"}
# Routes whose argument is not an organisation's object id, with the reason.
EXEMPT = {
    "accounts:password_reset_confirm": "signed one-time token, tested in test_signup_login",
    "accounts:invitation_accept": "signed invitation token, tested in test_invitations",
}
# Routes a plain (non-admin) member may use; every other organisation route is admin-only.
MEMBER_ROUTES = {"accounts:organisation", "accounts:organisation_leave"}


def walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from walk(entry, f"{namespace}{inner}:" if inner else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def object_routes() -> list[str]:
    routes = []
    for name, pattern in walk(get_resolver()):
        if name.split(":")[0] in PUBLIC_NAMESPACES or name in EXEMPT:
            continue
        if pattern.pattern.converters:
            routes.append(name)
    return sorted(routes)


@pytest.fixture
def world(alice, north):
    """North's objects of every kind a route can name."""
    colleague = make_user(email="colleague@north.example")
    membership = make_membership(user=colleague, organisation=north)
    invitation = Invitation.objects.create(organisation=north, email="new@north.example")
    return {
        "pk": north.pk,
        "member_pk": membership.pk,
        "invitation_pk": invitation.pk,
    }


def url_for(name: str, world: dict) -> str:
    from django.urls import reverse

    _, pattern = next((n, p) for n, p in walk(get_resolver()) if n == name)
    kwargs = {}
    for argument in pattern.pattern.converters:
        assert argument in world, f"Add '{argument}' (used by {name}) to the authorisation matrix"
        kwargs[argument] = world[argument]
    return reverse(name, kwargs=kwargs)


def test_the_matrix_covers_the_organisation_routes():
    routes = object_routes()
    assert "accounts:organisation" in routes
    assert "accounts:member_remove" in routes


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes())
def test_outsiders_get_404_and_change_nothing(client, bob, world, route):
    url = url_for(route, world)
    before = (
        Membership.objects.count(),
        Invitation.objects.filter(revoked_at__isnull=True).count(),
    )
    client.force_login(bob)
    assert client.get(url).status_code in (404, 405)
    assert (
        client.post(
            url, {"role": "member", "invite-email": "x@y.example", "invite-role": "member"}
        ).status_code
        == 404
    )
    after = (Membership.objects.count(), Invitation.objects.filter(revoked_at__isnull=True).count())
    assert before == after


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes())
def test_anonymous_users_are_sent_to_sign_in(client, world, route):
    url = url_for(route, world)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes())
def test_plain_members_reach_only_member_routes(client, north, world, route):
    member = make_user()
    make_membership(user=member, organisation=north)
    client.force_login(member)
    url = url_for(route, world)
    status = client.get(url).status_code
    if route in MEMBER_ROUTES:
        assert status in (200, 405)
    else:
        assert status in (403, 405)
        assert client.post(url, {"role": "admin"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes())
def test_admins_reach_every_route(client, alice, world, route):
    client.force_login(alice)
    status = client.get(url_for(route, world)).status_code
    assert status in (200, 405)
