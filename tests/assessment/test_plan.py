"""The action plan: suggested intervention functions and cited actions for each
priority; adopting (once), adding your own, changing and removing items, with
GOV.UK-style validation; editable after submission; CSRF and access checks."""

import datetime
import re

import pytest
from django.test import Client

from commissioning.assessment import plan_services, services
from commissioning.assessment.forms_plan import (
    DATE_FORMAT,
    DATE_REAL,
    DATE_YEAR,
    SELECT_ACTION,
    STATUS_REQUIRED,
    TITLE_REQUIRED,
)
from commissioning.assessment.models import Answer, PlanItem, Question
from commissioning.knowledge.models import (
    Action,
    ActionResource,
    CombSubcomponent,
    Factor,
    FactorComb,
    InterventionFunction,
    Source,
    Status,
    Theme,
)
from commissioning.knowledge.services import frameworks_load, shipped_frameworks
from tests.assessment.support import (
    load_shipped_instrument,
    make_assessment,
    make_small_instrument,
)

pytestmark = pytest.mark.django_db


def url(assessment, tail="plan/"):
    return f"/assessments/{assessment.pk}/{tail}"


def make_factor(slug: str, *, comb=("CPs", "OPh"), status=Status.PUBLISHED) -> Factor:
    theme, _ = Theme.objects.get_or_create(name="Commissioning", slug="commissioning")
    factor = Factor.objects.create(
        title=slug.replace("-", " ").capitalize(),
        slug=slug,
        kind=Factor.Kind.BARRIER,
        summary=f"Summary of {slug}.",
        body="Body.",
        level=Factor.Level.GENERAL,
        theme=theme,
        status=status,
    )
    for code in comb:
        FactorComb.objects.create(factor=factor, target=CombSubcomponent.objects.get(code=code))
    return factor


def make_action(factor: Factor, title: str, function: str, order: int = 0) -> Action:
    return Action.objects.create(
        factor=factor,
        title=title,
        description=f"How to {title.lower()}.",
        function=InterventionFunction.objects.get(code=function),
        order=order,
    )


@pytest.fixture
def assessment(alice, north):
    """A small instrument whose first question probes a published factor with two
    actions (one cited, with a resource) and whose second probes a draft factor;
    the first question is rated 0, the second 1."""
    frameworks_load(shipped_frameworks())
    make_small_instrument()
    factor = make_factor("budget-silos")
    cited = make_action(factor, "Map who commissions what", "IF-enablement", order=1)
    make_action(factor, "Brief the board", "IF-education", order=2)
    source = Source.objects.create(
        key="mcsweeney2025",
        authors="McSweeney L, Other A, Third B",
        title="Commissioning PAIR services",
        year=2025,
        kind=Source.Kind.QUALITATIVE,
        grade=Source.Grade.C,
        status=Status.PUBLISHED,
    )
    draft_source = Source.objects.create(
        key="draft2026", title="Draft", kind="report", grade="D", status=Status.DRAFT
    )
    cited.sources.set([source, draft_source])
    ActionResource.objects.create(
        action=cited, label="Toolkit chapter 3", url="https://example.org/t"
    )
    Question.objects.get(code="s1-1").factors.add(factor)
    Question.objects.get(code="s1-2").factors.add(make_factor("secret-draft", status=Status.DRAFT))
    assessment = make_assessment(organisation=north, user=alice)
    for code, rating in (("s1-1", 0), ("s1-2", 1)):
        Answer.objects.create(
            assessment=assessment,
            question=Question.objects.get(code=code),
            respondent=alice,
            rating=rating,
        )
    return assessment


@pytest.fixture
def factor():
    return Factor.objects.get(slug="budget-silos")


@pytest.fixture
def action(factor):
    return factor.actions.order_by("order", "pk").first()


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def entry_for(page: str, factor: Factor) -> str:
    return page.split(f">{factor.title}</a></h3>")[1].split('<section class="plan-entry')[0]


def test_it_marks_the_functions_the_factors_actions_use(signed_in, assessment, factor):
    page = text(signed_in.get(url(assessment)))
    assert f'<a href="/knowledge/{factor.slug}/">{factor.title}</a>' in page
    entry = entry_for(page, factor)
    functions = re.findall(r"<li><strong>([^<]+)</strong>(.*?)</li>", entry, re.S)
    names = [name for name, _ in functions]
    # Matrix for CPs and OPh: the functions the actions use first, then those both
    # sub-components reach, then the rest in the wheel's order.
    assert names == [
        "Enablement",
        "Education",
        "Training",
        "Restriction",
        "Environmental restructuring",
    ]
    marked = [name for name, rest in functions if "used by the actions below" in rest]
    assert marked == ["Enablement", "Education"]
    assert "for psychological capability, physical opportunity" in entry


def test_each_function_that_fits_is_explained_in_plain_words(signed_in, assessment, factor):
    entry = entry_for(text(signed_in.get(url(assessment))), factor)
    functions = re.findall(r"<li><strong>([^<]+)</strong>(.*?)</li>", entry, re.S)
    assert "Restriction" in [name for name, _ in functions]
    for name, rest in functions:
        description = InterventionFunction.objects.get(name=name).description
        assert description and f'<span class="d-block small">{description}</span>' in rest


def test_it_lists_the_actions_with_sources_and_resources(signed_in, assessment, factor):
    entry = entry_for(text(signed_in.get(url(assessment))), factor)
    first, second = entry.index("Map who commissions what"), entry.index("Brief the board")
    assert first < second  # curated order
    assert '<a href="/knowledge/sources/mcsweeney2025/">McSweeney et al. (2025)</a>' in entry
    assert "draft2026" not in entry  # unpublished sources are never cited
    assert (
        '<a href="https://example.org/t" rel="noopener noreferrer">Toolkit chapter 3</a>' in entry
    )
    assert entry.count('name="action"') == 2


def test_draft_factors_are_never_priorities(signed_in, assessment):
    page = text(signed_in.get(url(assessment)))
    assert "secret-draft" not in page and "Secret draft" not in page
    assert "Secret draft" not in text(signed_in.get(url(assessment, "results/")))


def test_the_shipped_plan_links_functions_and_actions(signed_in, alice, north):
    load_shipped_instrument()
    shipped = make_assessment(organisation=north, user=alice, title="Shipped")
    Answer.objects.create(
        assessment=shipped, question=Question.objects.get(code="need-1"), respondent=alice, rating=0
    )
    page = text(signed_in.get(url(shipped)))
    for factor in Question.objects.get(code="need-1").factors.all():
        entry = entry_for(page, factor)
        parts = {link.target for link in factor.comb_links.all()}
        matrix = {f.name for part in parts for f in part.functions.all()}
        for name in matrix:
            assert f"<strong>{name}</strong>" in entry
        for kb_action in factor.actions.all():
            assert kb_action.title in entry
            assert f'name="action" value="{kb_action.pk}"' in entry


def test_adopting_an_action_adds_it_with_its_factor(signed_in, assessment, action):
    response = signed_in.post(url(assessment, "plan/adopt/"), {"action": action.pk})
    assert response.status_code == 302 and response.url == url(assessment) + "#your-plan"
    item = PlanItem.objects.get()
    assert (item.action, item.factor, item.title) == (action, action.factor, action.title)
    assert item.status == PlanItem.Status.PLANNED
    page = text(signed_in.get(url(assessment)))
    assert "has been added to your plan" in page
    assert "In your plan" in page
    assert f'name="action" value="{action.pk}"' not in page


def test_adopting_the_same_action_twice_is_refused_clearly(signed_in, assessment, action):
    signed_in.post(url(assessment, "plan/adopt/"), {"action": action.pk})
    response = signed_in.post(url(assessment, "plan/adopt/"), {"action": action.pk}, follow=True)
    assert plan_services.ALREADY_ADOPTED in text(response)
    assert PlanItem.objects.count() == 1


def test_the_service_refuses_a_duplicate_even_past_the_check(assessment, action, monkeypatch):
    plan_services.plan_adopt(assessment=assessment, action=action)
    # A colleague's insert lands between our check and our insert.
    monkeypatch.setattr(PlanItem.objects, "filter", lambda **kw: PlanItem.objects.none())
    with pytest.raises(plan_services.PlanRuleError, match="already in your plan"):
        plan_services.plan_adopt(assessment=assessment, action=action)


@pytest.mark.parametrize("value", ["", "999999", "abc", "1; DROP TABLE"])
def test_adopting_needs_a_real_published_action(signed_in, assessment, value):
    response = signed_in.post(url(assessment, "plan/adopt/"), {"action": value}, follow=True)
    assert SELECT_ACTION in text(response)
    assert not PlanItem.objects.exists()


def test_actions_of_unpublished_factors_cannot_be_adopted(signed_in, assessment, action):
    Factor.objects.filter(pk=action.factor_id).update(status=Status.DRAFT)
    response = signed_in.post(url(assessment, "plan/adopt/"), {"action": action.pk}, follow=True)
    assert SELECT_ACTION in text(response)
    assert not PlanItem.objects.exists()


def test_adding_your_own_action(signed_in, assessment):
    assert signed_in.get(url(assessment, "plan/add/")).status_code == 200
    response = signed_in.post(
        url(assessment, "plan/add/"),
        {
            "title": "Present the needs estimate to the ICB board",
            "description": "With the public health lead.",
            "owner": "Head of commissioning",
            "due_day": "31",
            "due_month": "3",
            "due_year": "2027",
            "status": "in_progress",
        },
    )
    assert response.url == url(assessment)
    item = PlanItem.objects.get()
    assert item.action is None and item.factor is None
    assert item.title == "Present the needs estimate to the ICB board"
    assert item.owner == "Head of commissioning"
    assert item.due_date == datetime.date(2027, 3, 31)
    assert item.status == "in_progress"
    page = text(signed_in.get(url(assessment)))
    assert "Present the needs estimate to the ICB board" in page and "31 March 2027" in page


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "marked"),
    [
        ("31", "2", "2027", DATE_REAL, ["day", "month", "year"]),
        ("", "3", "2027", "The due date must include a day", ["day"]),
        ("31", "", "", "The due date must include a month and year", ["month", "year"]),
        ("x", "3", "2027", DATE_FORMAT, ["day"]),
        ("31", "March", "2027", DATE_FORMAT, ["month"]),
        ("x", "y", "2027", DATE_FORMAT, ["day", "month"]),
        ("31", "3", "27", DATE_YEAR, ["year"]),
        ("31", "3", "20271", DATE_FORMAT, ["year"]),
        ("-1", "3", "2027", DATE_FORMAT, ["day"]),
        ("٣", "3", "2027", DATE_FORMAT, ["day"]),
    ],
)
def test_due_dates_are_validated_with_clear_messages(
    signed_in, assessment, day, month, year, message, marked
):
    response = signed_in.post(
        url(assessment, "plan/add/"),
        {"title": "Act", "status": "planned", "due_day": day, "due_month": month, "due_year": year},
    )
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    # The summary links to the first input at fault; every input at fault is marked.
    assert f'<a href="#id_due_{marked[0]}">{message}</a>' in page
    assert "<title>Error: " in page
    assert 'value="Act"' in page  # what was entered is kept
    assert re.findall(r'class="form-control date-due_(\w+) is-invalid"', page) == marked
    assert not PlanItem.objects.exists()


def test_a_title_and_a_status_are_needed(signed_in, assessment):
    page = text(signed_in.post(url(assessment, "plan/add/"), {"title": "  "}))
    assert f'<a href="#id_title">{TITLE_REQUIRED}</a>' in page
    assert f'<a href="#id_status_0">{STATUS_REQUIRED}</a>' in page
    page = text(signed_in.post(url(assessment, "plan/add/"), {"title": "x", "status": "bogus"}))
    assert STATUS_REQUIRED in page
    page = text(
        signed_in.post(url(assessment, "plan/add/"), {"title": "x" * 201, "status": "done"})
    )
    assert "The action must be 200 characters or fewer" in page
    assert not PlanItem.objects.exists()


def test_changing_an_adopted_item_keeps_the_knowledge_base_wording(signed_in, assessment, action):
    item = plan_services.plan_adopt(assessment=assessment, action=action)
    page = text(signed_in.get(url(assessment, f"plan/items/{item.pk}/")))
    assert action.title in page and 'name="title"' not in page
    response = signed_in.post(
        url(assessment, f"plan/items/{item.pk}/"),
        {
            "title": "Renamed",
            "owner": "Priya",
            "due_day": "1",
            "due_month": "12",
            "due_year": "2027",
            "status": "done",
        },
    )
    assert response.url == url(assessment)
    item.refresh_from_db()
    assert (item.title, item.owner, item.due_date, item.status) == (
        action.title,
        "Priya",
        datetime.date(2027, 12, 1),
        "done",
    )


def test_changing_your_own_item_and_clearing_its_date(signed_in, assessment):
    item = plan_services.plan_item_add(
        assessment=assessment, title="Old", due_date=datetime.date(2027, 1, 2)
    )
    page = text(signed_in.get(url(assessment, f"plan/items/{item.pk}/")))
    assert 'value="Old"' in page and 'value="2"' in page and 'value="2027"' in page
    signed_in.post(url(assessment, f"plan/items/{item.pk}/"), {"title": "New", "status": "planned"})
    item.refresh_from_db()
    assert (item.title, item.due_date) == ("New", None)


def test_removing_an_item(signed_in, assessment):
    item = plan_services.plan_item_add(assessment=assessment, title="Gone soon")
    assert signed_in.get(url(assessment, f"plan/items/{item.pk}/remove/")).status_code == 405
    response = signed_in.post(url(assessment, f"plan/items/{item.pk}/remove/"), follow=True)
    assert "has been removed from your plan" in text(response)
    assert not PlanItem.objects.exists()


def test_another_assessments_item_is_not_reachable_through_this_one(
    signed_in, alice, north, assessment
):
    other = make_assessment(organisation=north, user=alice, title="Other")
    item = plan_services.plan_item_add(assessment=other, title="Theirs")
    assert signed_in.get(url(assessment, f"plan/items/{item.pk}/")).status_code == 404
    assert signed_in.post(url(assessment, f"plan/items/{item.pk}/remove/")).status_code == 404
    assert PlanItem.objects.count() == 1


def test_the_plan_stays_editable_after_submission(signed_in, alice, assessment, action):
    services.assessment_submit(assessment=assessment, user=alice)
    signed_in.post(url(assessment, "plan/adopt/"), {"action": action.pk})
    item = PlanItem.objects.get()
    signed_in.post(url(assessment, f"plan/items/{item.pk}/"), {"status": "done"})
    item.refresh_from_db()
    assert item.status == "done"


def test_posts_need_a_csrf_token(alice, assessment, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(url(assessment, "plan/adopt/"), {"action": action.pk}).status_code == 403
    assert (
        client.post(url(assessment, "plan/add/"), {"title": "x", "status": "done"}).status_code
        == 403
    )
    assert not PlanItem.objects.exists()


def test_outsiders_get_404_and_change_nothing(client, bob, assessment, action):
    item = plan_services.plan_item_add(assessment=assessment, title="Ours")
    client.force_login(bob)
    for tail in ("plan/", "plan/add/", f"plan/items/{item.pk}/"):
        assert client.get(url(assessment, tail)).status_code == 404
    assert client.post(url(assessment, "plan/adopt/"), {"action": action.pk}).status_code == 404
    assert (
        client.post(url(assessment, f"plan/items/{item.pk}/"), {"status": "done"}).status_code
        == 404
    )
    assert client.post(url(assessment, f"plan/items/{item.pk}/remove/")).status_code == 404
    item.refresh_from_db()
    assert item.status == "planned" and PlanItem.objects.count() == 1


def test_user_text_in_the_plan_is_escaped(signed_in, assessment):
    plan_services.plan_item_add(assessment=assessment, title="<img src=x onerror=alert(1)>")
    page = signed_in.get(url(assessment)).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_a_plan_without_priorities_still_lets_you_add_actions(signed_in, assessment):
    Answer.objects.update(rating=4)
    page = text(signed_in.get(url(assessment)))
    assert "There are no priorities yet" in page
    assert url(assessment, "plan/add/") in page
    assert Action.objects.exists()
