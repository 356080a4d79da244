"""Walk every URL pattern that names an organisation's object and check who gets what.

The routes come from Django's resolver, so a new route that takes an object id is
included automatically; if it uses an argument the matrix does not know, the test fails
and asks for it to be added to the namespace's "world" below (or a module's EXTRA_WORLD).

For every such route: an outsider (member of another organisation) gets 404 on GET
and POST and changes nothing; an anonymous visitor is sent to sign in; a plain member
reaches member routes and gets 403 on admin routes; an admin reaches every route.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from commissioning.accounts.models import Invitation, Membership
from commissioning.assessment.models import Answer, Assessment
from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_user
from tests.security import matrix_extra

# Namespaces whose routes are public or guarded by Django itself.
PUBLIC_NAMESPACES = {"admin", "core", "knowledge", "api", "areas"}
# Shared work: every role (anonymous and outsiders included) on every route is walked by
# test_role_walk.py against the one written rule.
WALKED_NAMESPACES = {"assessment", "cases", "servicemap"}
# Routes whose argument is not an organisation's object id, with the reason.
EXEMPT = {
    "accounts:password_reset_confirm": "signed one-time token, tested in test_signup_login",
    "accounts:invitation_accept": "signed invitation token, tested in test_invitations",
    "accounts:confirm_email": "signed one-time token, tested in test_verification",
    **matrix_extra.EXEMPT,
}
# Routes a plain (non-admin) member may use; every other accounts route is admin-only.
MEMBER_ROUTES = {
    "accounts:organisation",
    "accounts:organisation_leave",
    "assessment:tasks",
    "assessment:question",
    "assessment:check",
    "assessment:submit",
    "assessment:reopen",
    *matrix_extra.MEMBER_ROUTES,
}
# Assessment routes only organisation admins or facilitators may use.
ADMIN_ROUTES = {*matrix_extra.ADMIN_ROUTES}


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
        namespace = name.split(":")[0]
        if namespace in PUBLIC_NAMESPACES | WALKED_NAMESPACES or name in EXEMPT:
            continue
        if pattern.pattern.converters:
            routes.append(name)
    return sorted(routes)


def is_member_route(route: str) -> bool:
    if route.startswith("accounts:"):
        return route in MEMBER_ROUTES
    return route not in ADMIN_ROUTES


@pytest.fixture
def world(alice, north):
    """North's objects of every kind a route can name, per namespace."""
    colleague = make_user(email="colleague@north.example")
    membership = make_membership(user=colleague, organisation=north)
    invitation = Invitation.objects.create(organisation=north, email="new@north.example")
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    worlds = {
        "accounts": {"pk": north.pk, "member_pk": membership.pk, "invitation_pk": invitation.pk},
        "assessment": {"pk": assessment.pk, "section": "s1", "code": "s1-1"},
    }
    for namespace, extra in matrix_extra.extra_world(assessment=assessment, user=alice).items():
        worlds.setdefault(namespace, {}).update(extra)
    return worlds


def url_for(name: str, world: dict) -> str:
    _, pattern = next((n, p) for n, p in walk(get_resolver()) if n == name)
    namespace = name.split(":")[0]
    kwargs = {}
    for argument in pattern.pattern.converters:
        known = world.get(namespace, {})
        assert argument in known, f"Add '{argument}' (used by {name}) to the authorisation matrix"
        kwargs[argument] = known[argument]
    return reverse(name, kwargs=kwargs)


def state() -> tuple:
    return (
        Membership.objects.count(),
        Invitation.objects.filter(revoked_at__isnull=True).count(),
        Answer.objects.count(),
        Assessment.objects.count(),
        Assessment.objects.filter(status="submitted").count(),
        *matrix_extra.state(),
    )


POST_DATA = {
    "role": "member",
    "invite-email": "x@y.example",
    "invite-role": "member",
    "rating": "2",
    "email": "x@y.example",
    "title": "x",
    "rationale": "x",
    "status": "done",
}


def test_the_matrix_covers_the_organisation_routes():
    routes = object_routes()
    assert {"accounts:organisation", "accounts:member_remove", "documents:status"} <= set(routes)


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes())
def test_outsiders_get_404_and_change_nothing(client, bob, world, route):
    url = url_for(route, world)
    before = state()
    client.force_login(bob)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, POST_DATA).status_code == 404
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes())
def test_anonymous_users_are_sent_to_sign_in(client, world, route):
    url = url_for(route, world)
    before = state()
    response = client.post(url, POST_DATA)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes())
def test_plain_members_reach_only_member_routes(client, north, world, route):
    member = make_user()
    make_membership(user=member, organisation=north)
    client.force_login(member)
    url = url_for(route, world)
    status = client.get(url).status_code
    if is_member_route(route):
        assert status in (200, 302, 405)
    else:
        assert status in (403, 405)
        assert client.post(url, {"role": "admin", **POST_DATA}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes())
def test_admins_reach_every_route(client, alice, world, route):
    client.force_login(alice)
    status = client.get(url_for(route, world)).status_code
    assert status in (200, 302, 405)
