"""No internal codes on screen: the signed-in pages of a realistic assessment, case,
service map and the knowledge base name things in words ("question 3 in Local need and
data"), never by the codes the software uses ("need-3", "families_per_team_per_year")."""

import html
import re

import pytest

from tests.browser.site_pages import PAGES
from tests.browser.site_world import build_world

# The shapes of the codes the software uses inside: question codes ("need-3",
# "s1-2") and snake_case keys ("families_per_team_per_year", "new_team").
CODE_SHAPES = re.compile(r"\b[a-z]+\d*-\d+\b|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Words of published titles the sources list quotes as published: an R package's
# function names and two journal articles' numbers.
PUBLISHED = {"r_health", "r_lt_health", "s12889-020", "s12913-018"}
NAMESPACES = ("assessment", "cases", "knowledge", "accounts", "servicemap", "core")


def visible_text(page: str) -> str:
    """What a reader sees or hears: the page without its head, scripts, styles, tags and
    the contents of <code> (public identifiers such as an area's ONS code) and web
    addresses."""
    page = re.sub(r"(?s)<head>.*?</head>|<script.*?</script>|<style.*?</style>", " ", page)
    page = re.sub(r"(?s)<code>.*?</code>", " ", page)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    return re.sub(r"\S+://\S+", " ", text)  # a source's web address is read as it is


def leaks(text: str) -> list[str]:
    return sorted(set(CODE_SHAPES.findall(text)) - PUBLISHED)


def test_the_pattern_catches_codes_and_spares_words():
    assert leaks("You had changed your answer to need-3 in another window") == ["need-3"]
    assert leaks("See families_per_team_per_year for the value") == ["families_per_team_per_year"]
    assert leaks("Question 3 in Local need and data; 2027-28 prices; well-being") == []


@pytest.mark.django_db
def test_pages_show_no_internal_codes(client, alice, north):
    world = build_world(alice=alice, north=north)
    people = {"alice": alice, **world.people}
    found: dict[str, list[str]] = {}
    visited = 0
    for name, visits in PAGES.items():
        if name.split(":")[0] not in NAMESPACES:
            continue
        for visit in visits(world):
            if visit.press or visit.user not in (*people, "anonymous"):
                continue
            if visit.user == "anonymous":
                client.logout()
            else:
                client.force_login(people[visit.user])
            response = client.get(visit.path, follow=True)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            visited += 1
            codes = leaks(visible_text(response.content.decode()))
            if codes:
                found[visit.path] = codes
    assert visited > 40
    assert found == {}
