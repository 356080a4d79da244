from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse


@pytest.mark.django_db
def test_it_shows_the_home_page_task_list(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    for title in (
        "Understand the barriers",
        "Assess your local system",
        "Build the value-for-money case",
    ):
        assert title in text


@pytest.mark.django_db
def test_it_marks_unbuilt_tasks_cannot_start_yet(client):
    from commissioning.core.journey import JOURNEY

    text = client.get("/").content.decode()
    unbuilt = [task for task in JOURNEY if task.url is None]
    assert text.count("Cannot start yet") == len(unbuilt)
    for task in JOURNEY:
        if task.url:
            assert f'href="{task.url}"' in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/contact/", "Contact"),
    ],
)
def test_it_serves_the_statements(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_the_footer_links_the_statements(client):
    text = client.get("/").content.decode()
    for name in ("core:accessibility", "core:privacy", "core:contact"):
        assert f'href="{reverse(name)}"' in text


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_healthz_says_503_when_the_database_does_not_answer(client):
    with mock.patch(
        "commissioning.core.views.connection.cursor", side_effect=DatabaseError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_the_api_index_is_json(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "endpoints" in response.json()


@pytest.mark.django_db
def test_unknown_pages_get_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_every_page_sends_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_contain_no_inline_scripts(client, alice):
    client.force_login(alice)
    for url in ("/", "/accounts/", "/accounts/signup/", "/accessibility/"):
        text = client.get(url).content.decode()
        assert "<script>" not in text
        assert " onclick=" not in text
