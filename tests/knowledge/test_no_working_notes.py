"""Public knowledge pages show readers no editors' working notes: no "to be verified"
labels, no names of fields in the content files, no status marks such as "(S)", no
instructions to the editors. Every public page of the shipped content is scanned."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from commissioning.knowledge.models import Factor, Parameter, Programme, Source
from tests.knowledge.builders import load_shipped_content

pytestmark = pytest.mark.django_db

WORKING_NOTES = re.compile(
    r"to be verified|additions_\d{4}|\(listed in |reference marks?|display it with|"
    r"secondary reading|(?<!\w)(?-i:\((?:V|S|D|P|U)\))|in the reference\b|the reference's|"
    r"_matrix\b|"
    r"\b(?:source_key|to_be_verified|price_year)\b|\bTODO\b|\bTBC\b|\[\d+\]|[†‡]",
    re.IGNORECASE,
)


def _text(html: str) -> str:
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(strip_tags(main).split())


def _public_urls() -> list[str]:
    urls = [
        reverse("knowledge:index"),
        reverse("knowledge:explorer"),
        reverse("knowledge:programme_list"),
        reverse("knowledge:parameter_list"),
        reverse("knowledge:source_list"),
    ]
    for model in (Factor, Programme, Parameter, Source):
        urls += [item.get_absolute_url() for item in model.objects.published()]
    return urls


def test_the_pattern_catches_the_notes_it_is_for():
    for note in (
        "To be verified against the book",
        "(listed in additions_2014)",
        "The reference marks this matrix as unverified",
        "a secondary reading (S), which agrees",
    ):
        assert WORKING_NOTES.search(note), note
    for plain in ("Services for parents (2014 guide), Table 2", "Review behaviour goal(s)"):
        assert not WORKING_NOTES.search(plain), plain


def test_no_public_knowledge_page_shows_a_working_note(client):
    load_shipped_content()
    found = []
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response.content.decode())
        for match in WORKING_NOTES.finditer(text):
            found.append(f"{url}: …{text[max(0, match.start() - 60) : match.end() + 60]}…")
    assert not found, "\n".join(found)
