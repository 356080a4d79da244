"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)
against pytest-django's live server, and axe-core checks every page."""

import shutil

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page
from pytest_playwright_axe import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            # No network here: stop Chromium phoning home on start.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def csp_violations(page: Page):
    """Collect Content Security Policy complaints from the browser console."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def assert_accessible(page: Page) -> None:
    """Fail on any WCAG 2.2 A/AA violation axe-core finds on the current page."""
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
        html_report_generated=False,
        json_report_generated=False,
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
    ]
    assert not problems, f"axe found problems on {page.url}:\n" + "\n".join(problems)


def sign_in(page: Page, live_server, user) -> None:
    """Give the browser a signed-in session for ``user`` without the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
