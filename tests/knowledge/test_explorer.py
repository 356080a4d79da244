"""The Behaviour Change Wheel explorer."""

import re

import pytest
from django.urls import reverse

from commissioning.knowledge.models import MatrixNote
from tests.knowledge.builders import make_small_kb

pytestmark = pytest.mark.django_db

URL = reverse("knowledge:explorer")


@pytest.fixture
def kb():
    return make_small_kb()


def get(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, code: str) -> str:
    """The HTML of one COM-B sub-component's section."""
    start = html.index(f'aria-labelledby="part-{code.lower()}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_it_explains_the_wheel_and_has_one_h1(client, kb):
    html = get(client)
    assert html.count("<h1") == 1
    assert "<h1>Behaviour Change Wheel explorer</h1>" in html
    assert "capability" in html and "opportunity" in html and "motivation" in html
    for component in ("Capability", "Opportunity", "Motivation"):
        assert f">{component}</h2>" in html


def test_each_sub_component_links_to_its_published_factors(client, kb):
    html = get(client)
    # Published: short-term funding and pandemic disruption. The draft is not counted.
    assert '<a href="/knowledge/?comb=CPs">2 factors mapped to psychological capability</a>' in html
    # Only the factor in review maps to MRe alongside the published champions.
    assert '<a href="/knowledge/?comb=MRe">1 factor mapped to reflective motivation</a>' in html
    assert "No published factors are mapped to physical capability yet." in html


def test_tdf_domains_and_functions_link_to_the_filtered_list_with_counts(client, kb):
    part = section(get(client), "CPs")
    assert (
        '<a href="/knowledge/?tdf=TDF01">Knowledge</a> <span class="kb-count">(1 factor)</span>'
        in part
    )
    assert 'Skills <span class="kb-count">(0 factors)</span>' in part
    assert '<a href="/knowledge/?function=IF-education">Education</a>' in part
    row = re.search(r"Education</a>.*?</tr>", part, re.S).group(0)
    assert "<td>1</td>" in row  # the draft also maps to education, and is not counted
    assert "Communication/marketing" in row


def test_the_2014_additions_are_marked(client, kb):
    html = get(client)
    modelling_row = re.search(r"Modelling.*?</tr>", section(html, "OSo"), re.S).group(0)
    assert "Added in 2014" in modelling_row
    education_row = re.search(r"Education</a>.*?</tr>", section(html, "CPs"), re.S).group(0)
    assert "Added in 2014" not in education_row


def test_policy_categories_carry_the_matrix_note_and_verification_flag(client, kb):
    html = get(client)
    note = MatrixNote.objects.get(key="if_pc")
    assert note.to_be_verified
    assert note.note[:60] in html
    # Said once, in plain words, not as a label on every table.
    assert html.count("We have not yet checked this table against the guide itself") == 1
    assert "To be verified" not in html
    note.to_be_verified = False
    note.save()
    assert "We have not yet checked this table" not in get(client)


def test_tables_have_captions_and_header_scopes(client, kb):
    html = get(client)
    assert html.count("<table") == 6
    assert html.count("<caption>") == 6
    assert (
        "<caption>Intervention functions for psychological capability, and the policy "
        "categories that can deliver them</caption>" in html
    )
    assert '<th scope="col">Intervention function</th>' in html
    assert '<th scope="row">' in html
