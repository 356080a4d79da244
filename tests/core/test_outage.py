"""A database outage gives a clean 503 page with Retry-After, not a server error."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError("server closed"), InterfaceError("gone")])
def test_database_errors_become_503(client, alice, error):
    client.force_login(alice)
    with mock.patch("commissioning.accounts.views.render", side_effect=error):
        response = client.get("/accounts/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "the service is unavailable" in response.content.decode()


def test_other_errors_are_not_hidden(client, alice):
    client.raise_request_exception = True
    client.force_login(alice)
    with (
        mock.patch("commissioning.accounts.views.render", side_effect=ValueError("bug")),
        pytest.raises(ValueError),
    ):
        client.get("/accounts/")


def test_the_500_handler_turns_database_errors_into_503(rf):
    from commissioning.core.views import server_error

    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    try:
        raise KeyError("bug")
    except KeyError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
