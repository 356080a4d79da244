"""CSRF: walk every named URL pattern (the toolkit's and the admin's) and POST to it as
a signed-in member without a CSRF token. Every route must refuse with the CSRF
failure page (403), before its view runs: GET-only views included, because Django's
CSRF check comes before the method check. With a valid token the same POST gets past
the check, which shows the 403 is the CSRF protection and nothing else.

The routes come from the resolver, so a new view is covered the day it is added;
any route exempted from CSRF must be listed in ``EXEMPT`` with the reason.
"""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import make_membership, make_user

# Routes that may accept a POST without a CSRF token, with the reason. None today.
EXEMPT: dict[str, str] = {}

# Values for path arguments. The CSRF check runs before the view, so they only need to
# match the pattern, not name real objects.
SAMPLE_BY_CONVERTER = {
    "IntConverter": 1,
    "UUIDConverter": uuid.UUID("00000000-0000-4000-8000-000000000001"),
    "SlugConverter": "sample",
    "StringConverter": "sample",
    "PathConverter": "1",
}
SAMPLE_BY_NAME = {"app_label": "accounts"}  # the admin's app index accepts known apps only

# A syntactically valid CSRF secret, sent as cookie and form field for the control POST.
TOKEN = "a" * 32


def walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from walk(entry, f"{namespace}{inner}:" if inner else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def routes() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}
    for name, pattern in walk(get_resolver()):
        found.setdefault(name, pattern)  # the first pattern is the one reverse() uses
    return found


def url_for(name: str, pattern: URLPattern) -> str:
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {}
    for argument in pattern.pattern.regex.groupindex:
        if argument in SAMPLE_BY_NAME:
            kwargs[argument] = SAMPLE_BY_NAME[argument]
        else:
            converter = converters.get(argument)
            kwargs[argument] = SAMPLE_BY_CONVERTER[
                type(converter).__name__ if converter else "StringConverter"
            ]
    if not kwargs and pattern.pattern.regex.groups:
        # Unnamed groups (django-reversion's admin): "1" matches each of them.
        return reverse(name, args=["1"] * pattern.pattern.regex.groups)
    return reverse(name, kwargs=kwargs)


ROUTES = routes()


@pytest.fixture
def member_client(north):
    member = make_user(email="member@north.example")
    make_membership(user=member, organisation=north)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def is_csrf_failure(response) -> bool:
    return response.status_code == 403 and "403_csrf.html" in [t.name for t in response.templates]


def test_the_walk_sees_the_state_changing_routes():
    assert {
        "accounts:login",
        "accounts:delete",
        "accounts:member_remove",
        "assessment:question",
        "assessment:consensus_record",
        "cases:step",
        "admin:login",
    } <= ROUTES.keys()


def test_no_view_is_exempt_from_csrf_unless_listed():
    exempt = {
        name for name, pattern in ROUTES.items() if getattr(pattern.callback, "csrf_exempt", False)
    }
    assert exempt == set(EXEMPT)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(ROUTES) - set(EXEMPT)))
def test_a_post_without_a_token_is_refused(member_client, name):
    url = url_for(name, ROUTES[name])
    response = member_client.post(url, {"title": "x", "password": "x"})
    assert is_csrf_failure(response), (url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "accounts:profile",
        "accounts:organisation_create",
        "accounts:organisation_leave",
        "assessment:index",
        "cases:index",
        "core:home",
    ],
)
def test_a_post_with_a_valid_token_gets_past_the_check(member_client, name):
    member_client.cookies["csrftoken"] = TOKEN
    url = url_for(name, ROUTES[name])
    response = member_client.post(url, {"csrfmiddlewaretoken": TOKEN})
    assert not is_csrf_failure(response), url
    # GET-only views then answer 405, as they would without CSRF protection.
    if name == "core:home":
        assert response.status_code == 405


@pytest.mark.django_db
def test_a_token_from_another_session_is_refused(member_client):
    member_client.cookies["csrftoken"] = TOKEN
    response = member_client.post(
        reverse("accounts:profile"), {"csrfmiddlewaretoken": "b" * 32, "name": "Mallory"}
    )
    assert is_csrf_failure(response)
