"""Security headers on representative responses: HTML pages signed in and out, the
admin, error pages, JSON and file downloads. The production checks run the real
production settings (DJANGO_DEBUG=0) in a subprocess, so HSTS, secure cookies and the
HTTPS redirect are what a deployment sends, not what a test override says.

Login lockout, session rotation on sign-in and single-use password-reset links are
tested in tests/accounts/test_signup_login.py; the headers of the home page in
tests/core/test_pages.py.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.assessment.support import make_assessment, make_small_instrument
from tests.factories import make_membership, make_user

ROOT = Path(__file__).resolve().parents[2]
HOST = "toolkit.example.org"


def assert_protective_headers(response, where: str) -> None:
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp, (where, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where


@pytest.mark.django_db
def test_representative_responses_carry_the_headers(client, alice, north):
    make_small_instrument()
    assessment = make_assessment(organisation=north, user=alice)
    member = make_user()
    make_membership(user=member, organisation=north)
    anonymous = {
        "home": "/",
        "sign in": reverse("accounts:login"),
        "knowledge base": reverse("knowledge:index"),
        "API (JSON)": reverse("api:factors"),
        "open data (zip)": reverse("api:dataset_csv"),
        "admin sign in": reverse("admin:login"),
        "not found": "/no-such-page/",
    }
    for where, url in anonymous.items():
        assert_protective_headers(client.get(url), where)
    client.force_login(alice)
    signed_in = {
        "account": reverse("accounts:dashboard"),
        "assessment": reverse("assessment:tasks", args=[assessment.pk]),
        "assessment CSV": reverse("assessment:export_csv", args=[assessment.pk]),
        "activity": reverse("accounts:activity", args=[north.pk]),
        "my data (JSON)": reverse("accounts:my_data"),
        "cases": reverse("cases:index"),
    }
    for where, url in signed_in.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_protective_headers(response, where)
    client.force_login(member)
    forbidden = client.get(reverse("accounts:activity", args=[north.pk]))
    assert forbidden.status_code == 403
    assert_protective_headers(forbidden, "403 page")
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(member)
    refused = csrf.post(reverse("accounts:profile"), {"name": "x"})
    assert refused.status_code == 403
    assert_protective_headers(refused, "CSRF failure page")


PROBE = """
import json, django
from django.test import Client
from django.test.utils import override_settings
django.setup()
from django.conf import settings

def describe(response):
    cookies = {
        name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
               "samesite": c["samesite"]}
        for name, c in response.cookies.items()
    }
    return {"status": response.status_code, "headers": dict(response.headers),
            "cookies": cookies}

client = Client(HTTP_HOST="%(host)s")
out = {
    "debug": settings.DEBUG,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "healthz": describe(client.get("/healthz", secure=True)),
    "api": describe(client.get("/api/", secure=True)),
    "insecure": describe(client.get("/accessibility/", secure=False)),
}
# Static files come from the collectstatic manifest in production; the pages below
# are rendered with plain static storage, which changes no header.
storages = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    out["home"] = describe(client.get("/", secure=True))
    out["login"] = describe(client.get("/accounts/login/", secure=True))
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """Responses from the production settings, in a fresh interpreter."""
    database = tmp_path_factory.mktemp("prod") / "db.sqlite3"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "toolkit.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "p" * 30 + "-production-like-secret-for-header-tests-" + "q" * 10,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"sqlite:///{database}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE % {"host": HOST}],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


class Headers:
    """Case-insensitive access to a probe's headers, like a response."""

    def __init__(self, described: dict) -> None:
        self.headers = {k.lower(): v for k, v in described["headers"].items()}

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]

    def get(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


def test_production_runs_without_debug(production):
    assert production["debug"] is False


@pytest.mark.parametrize("page", ["healthz", "api", "home", "login"])
def test_production_sends_hsts_and_the_protective_headers(production, page):
    described = production[page]
    assert described["status"] == 200, described
    headers = Headers(described)
    assert_protective_headers(headers, page)
    hsts = headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts


def test_production_sends_plain_http_to_https(production):
    described = production["insecure"]
    assert described["status"] == 301
    assert Headers(described)["Location"] == f"https://{HOST}/accessibility/"


def test_production_cookies_are_secure(production):
    assert production["session_cookie_secure"] is True
    cookie = production["login"]["cookies"]["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
