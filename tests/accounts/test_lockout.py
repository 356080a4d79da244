"""The sign-in lockout counts the normalised address (accounts/lockout.py)."""

import pytest
from django.contrib.auth import SESSION_KEY

from commissioning.accounts.lockout import normalised_address
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SPELLINGS = [
    "target@example.org",
    "TARGET@example.org",
    " Target@Example.org ",
    "tArGeT@EXAMPLE.ORG",
]


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_failures_in_different_spellings_share_five_guesses(client):
    make_user(email="target@example.org")
    for spelling in SPELLINGS + ["TARGET@EXAMPLE.ORG"]:  # five failures, four spellings
        sign_in(client, spelling, "wrong")
    for spelling in SPELLINGS:  # locked in every spelling, even with the right password
        response = sign_in(client, spelling, PASSWORD)
        assert response.status_code == 429, spelling
        assert "Too many attempts to sign in" in response.text
        assert SESSION_KEY not in client.session


def test_four_failures_then_a_success_in_another_spelling_clears_them(client):
    make_user(email="target@example.org")
    for spelling in SPELLINGS:
        sign_in(client, spelling, "wrong")
    assert sign_in(client, "TARGET@EXAMPLE.ORG", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    # The success cleared the four failures: four more are allowed before a lockout.
    for spelling in SPELLINGS:
        assert sign_in(client, spelling, "wrong").status_code == 200
    assert sign_in(client, "target@example.org", PASSWORD).status_code == 302


def test_another_address_is_not_locked_by_them(client):
    make_user(email="target@example.org")
    make_user(email="other@example.org")
    for _ in range(5):
        sign_in(client, "Target@example.org", "wrong")
    assert sign_in(client, "other@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" Ann@X.org\t", "ann@x.org"), ("STRASSE@x.org", "strasse@x.org"), (None, ""), (3, "")],
)
def test_normalised_address(raw, expected):
    assert normalised_address(raw) == expected
