"""The results page: charts with table alternatives, the plain-English reading,
priorities, strengths and evidence gaps; provisional while in progress; a fixed
number of queries however much is answered; 404 for outsiders."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.assessment import services
from commissioning.assessment.models import Answer, Question
from commissioning.knowledge.models import Action
from tests.assessment.support import (
    answer_all,
    load_shipped_instrument,
    make_assessment,
    make_small_instrument,
)
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


def url(assessment, tail="results/"):
    return f"/assessments/{assessment.pk}/{tail}"


def rate(assessment, user, ratings: dict[str, int | None]) -> None:
    for code, rating in ratings.items():
        Answer.objects.update_or_create(
            assessment=assessment,
            question=Question.objects.get(section__instrument=assessment.instrument, code=code),
            respondent=user,
            defaults={"rating": rating, "dont_know": rating is None},
        )


def main(response) -> str:
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.fixture
def small(alice, north):
    make_small_instrument(sections=2, questions=3)
    return make_assessment(organisation=north, user=alice)


@pytest.fixture
def shipped(alice, north):
    load_shipped_instrument()
    return make_assessment(organisation=north, user=alice)


def test_it_shows_both_charts_as_accessible_svg_with_tables(client, alice, shipped):
    answer_all(shipped, alice, 2)
    client.force_login(alice)
    response = client.get(url(shipped))
    assert response.status_code == 200
    page = main(response)
    for chart in ("sections-chart", "comb-chart"):
        assert (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart}" role="img"' in page
        )
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
    assert page.count("<table") == 2
    assert "<caption>Score for each section, out of 100</caption>" in page
    assert "<caption>Score for each COM-B sub-component, out of 100</caption>" in page
    # Every section rated 2 of 4 scores 50; the radar (8 axes) draws a closed shape.
    assert page.count('<td class="number">50</td>') == 8 + 4  # 8 sections, 4 COM-B with questions
    assert 'fill-opacity="0.2"' in page
    assert "style=" not in page  # CSP: style-src 'self', no inline styles
    assert 'href="/static/css/assessment.css"' in response.content.decode()


def test_not_enough_answers_is_never_a_number_and_dont_know_is_not_zero(client, alice, small):
    # s1: 2 of 3 rated (4 and 4) plus a don't know; s2: only 1 of 3 rated -> no score.
    rate(small, alice, {"s1-1": 4, "s1-2": 4, "s1-3": None, "s2-1": 0})
    client.force_login(alice)
    page = main(client.get(url(small)))
    # "Don't know" left out, not counted as zero: 100, not 66.7.
    assert '<td class="number">100</td>' in page
    assert "66.7" not in page
    rows = re.findall(
        r"<tr><th scope=\"row\">Section 2</th><td class=\"number\">([^<]*)</td>", page
    )
    assert rows == ["Not enough answers"]
    assert "Section 2: not enough answers" in page  # the chart's description
    assert "Section 2 does not have enough answers for a score" in page
    assert "1 question was answered &quot;Don&#x27;t know&quot;" in page
    # Two sections: a bar chart (a radar needs three axes), no bar for Section 2.
    assert page.count("<rect ") == 1 + 0  # one section bar; the COM-B chart has none
    assert "Statement 1.3" in page.split('id="gaps-heading"')[1]


def test_it_says_in_progress_results_are_provisional(client, alice, small):
    rate(small, alice, {"s1-1": 3, "s1-2": 3})
    client.force_login(alice)
    page = main(client.get(url(small)))
    assert "<h1>Results (provisional)</h1>" in page
    assert "These results are provisional" in page
    assert "4 questions have not been answered yet" in page


def test_submitted_results_are_final(client, alice, small):
    answer_all(small, alice, 3)
    services.assessment_submit(assessment=small, user=alice)
    client.force_login(alice)
    page = main(client.get(url(small)))
    assert "<h1>Results</h1>" in page and "provisional" not in page
    assert "Submitted on" in page


def test_priorities_link_to_the_knowledge_base_with_the_statements_that_explain_them(
    client, alice, shipped
):
    answer_all(shipped, alice, 3)
    rate(shipped, alice, {"funding-1": 0})
    question = Question.objects.get(code="funding-1")
    factor = question.factors.order_by("slug").first()
    client.force_login(alice)
    page = main(client.get(url(shipped)))
    priorities = page.split('id="priorities-heading"')[1].split('id="strengths-heading"')[0]
    assert f'href="/knowledge/{factor.slug}/">{factor.title}</a>' in priorities
    assert question.statement.replace("'", "&#x27;") in priorities
    assert "(rated 0 – Not in place)" in priorities
    strengths = page.split('id="strengths-heading"')[1].split('id="gaps-heading"')[0]
    assert "average rating 3" in strengths
    assert factor.title not in strengths


def test_evidence_gaps_link_to_their_question_while_open(client, alice, shipped):
    rate(shipped, alice, {"need-1": None})
    client.force_login(alice)
    gaps = main(client.get(url(shipped))).split('id="gaps-heading"')[1]
    assert f'href="/assessments/{shipped.pk}/need/need-1/"' in gaps


def test_an_assessment_with_no_answers_yet(client, alice, shipped):
    client.force_login(alice)
    page = main(client.get(url(shipped)))
    assert "No section has enough answers for a score yet" in page
    assert "60 questions have not been answered yet" in page
    assert 'fill-opacity="0.2"' not in page and "<circle" not in page  # nothing drawn
    assert "No priorities yet" in page
    assert client.get(url(shipped, "results.pdf")).getvalue().startswith(b"%PDF")


def test_it_links_to_the_plan_downloads_and_comparison(client, alice, small):
    client.force_login(alice)
    page = main(client.get(url(small)))
    assert f'href="/assessments/{small.pk}/plan/"' in page
    assert f'href="/assessments/{small.pk}/results.pdf"' in page
    assert f'href="/assessments/{small.pk}/export.csv"' in page
    assert f'href="/assessments/compare/?a={small.pk}"' in page


def test_user_text_is_escaped(client, alice, north, small):
    small.title = '<script>alert("x")</script>'
    small.save()
    client.force_login(alice)
    text = client.get(url(small)).content.decode()
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert" in text


def test_participants_from_partners_see_it_and_outsiders_get_404(client, alice, bob, small):
    partner = make_user()
    small.participants.create(user=partner)
    client.force_login(partner)
    assert client.get(url(small)).status_code == 200
    client.force_login(bob)
    assert client.get(url(small)).status_code == 404
    assert client.post(url(small)).status_code == 404


def test_it_only_answers_get(client, alice, small):
    client.force_login(alice)
    assert client.post(url(small)).status_code == 405


def test_anonymous_users_are_sent_to_sign_in(client, small):
    response = client.get(url(small))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# --- Query counts ----------------------------------------------------------------


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_results_queries_do_not_depend_on_how_much_is_answered(client, alice, north, shipped):
    full = make_assessment(organisation=north, user=alice, title="Full")
    answer_all(full, alice, 1)  # every question low: many priorities and reasons
    colleague = make_user()
    make_membership(user=colleague, organisation=north)
    answer_all(full, colleague, None)
    client.force_login(alice)
    queries(client, url(shipped))  # warm per-process caches
    assert queries(client, url(shipped)) == queries(client, url(full))


def test_plan_queries_do_not_depend_on_how_much_is_answered(client, alice, north, shipped):
    rate(shipped, alice, {"need-1": 0})  # one priority
    full = make_assessment(organisation=north, user=alice, title="Full")
    answer_all(full, alice, 0)  # every factor a priority
    client.force_login(alice)
    client.post(url(full, "plan/adopt/"), {"action": Action.objects.first().pk})
    queries(client, url(shipped, "plan/"))  # warm per-process caches (the kept
    queries(client, url(full, "plan/"))  # knowledge-base parts differ by priorities)
    assert queries(client, url(shipped, "plan/")) == queries(client, url(full, "plan/"))


def test_question_page_queries_do_not_depend_on_how_much_is_answered(client, alice, north, shipped):
    full = make_assessment(organisation=north, user=alice, title="Full")
    answer_all(full, alice, 2)
    client.force_login(alice)
    queries(client, url(shipped, "need/need-1/"))
    assert queries(client, url(shipped, "need/need-1/")) == queries(
        client, url(full, "need/need-1/")
    )


def test_the_comb_rated_counts_say_a_question_counts_in_each_sub_component(client, alice, shipped):
    answer_all(shipped, alice, 2)
    client.force_login(alice)
    page = main(client.get(url(shipped)))
    profile = page[page.index('id="comb-heading"') :]
    table = profile[: profile.index("</table>")]
    rated = [int(n) for n in re.findall(r'<td class="number">(\d+) of \d+</td>', table)]
    touching = (
        Question.objects.filter(section__instrument=shipped.instrument, factors__comb__isnull=False)
        .distinct()
        .count()
    )
    assert sum(rated) > touching  # some questions count in more than one sub-component
    assert (
        f"How the questions are counted: {touching} questions touch the COM-B sub-components. "
        "A question whose barriers sit in more than one sub-component counts once in each"
    ) in re.sub(r"\s+", " ", profile)
