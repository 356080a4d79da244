"""Programme list and programme pages."""

import pytest
from django.urls import reverse

from commissioning.knowledge.models import Status
from tests.knowledge.builders import make_programme, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes():
    trial = make_source(key="ohara2019", authors="O'Hara L, Smith E, Barlow J", year=2019)
    draft_source = make_source(key="draft2020", authors="Draft D", status=Status.DRAFT)
    return {
        "unrated": make_programme(
            slug="video-feedback",
            name="Video feedback",
            summary="Film and review everyday moments.",
            description="Uses **short recordings**. <script>alert(1)</script>",
            age_range="Under 5 years",
            delivery="Home visits over 6 weeks",
            evidence_summary="Probably improves sensitivity.",
            sources=[trial, draft_source],
            effects=[("Child behaviour", "SMD (95% CI -0.33 to 0.42)", "0.04", trial)],
        ),
        "rated": make_programme(
            slug="rated-programme",
            name="Rated programme",
            rating="Level 3",
            rating_scheme="EIF Guidebook",
        ),
        "draft": make_programme(
            slug="draft-programme", name="Draft programme", status=Status.DRAFT
        ),
        "review": make_programme(
            slug="review-programme", name="Review programme", status=Status.REVIEW
        ),
    }


def test_the_list_shows_published_programmes_and_their_rating(client, programmes):
    response = client.get(reverse("knowledge:programme_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/knowledge/programmes/video-feedback/">Video feedback</a>' in html
    assert "Film and review everyday moments." in html
    assert "Level 3 (EIF Guidebook)" in html
    assert html.count(">Not rated</span>") == 1
    assert "Draft programme" not in html and "Review programme" not in html


def test_a_programme_page_shows_what_it_is_and_the_evidence(client, programmes):
    response = client.get(reverse("knowledge:programme", args=["video-feedback"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1>Video feedback</h1>" in html
    assert 'aria-current="page">Video feedback</li>' in html
    assert "Uses <strong>short recordings</strong>." in html
    assert "<script" not in html[html.index("<main") : html.index("</main>")]
    assert "Under 5 years" in html and "Home visits over 6 weeks" in html
    assert "Probably improves sensitivity." in html
    assert "<caption>Effect sizes reported for Video feedback</caption>" in html
    assert '<th scope="row">Child behaviour</th>' in html
    assert "<td>0.04</td>" in html
    assert '<a href="/knowledge/sources/ohara2019/">O&#x27;Hara et al. (2019)</a>' in html
    assert "draft2020" not in html


def test_an_unrated_programme_says_so_and_never_invents_a_rating(client, programmes):
    html = client.get(reverse("knowledge:programme", args=["video-feedback"])).content.decode()
    assert ">Not rated</span>" in html
    assert "We do not know of a published rating of the evidence for this programme" in html
    rated = client.get(reverse("knowledge:programme", args=["rated-programme"])).content.decode()
    assert "<strong>Level 3</strong> (EIF Guidebook)" in rated
    assert "Not rated" not in rated


@pytest.mark.parametrize("slug", ["draft-programme", "review-programme", "no-such-programme"])
def test_unpublished_and_unknown_programmes_are_404(client, programmes, slug):
    assert client.get(reverse("knowledge:programme", args=[slug])).status_code == 404
