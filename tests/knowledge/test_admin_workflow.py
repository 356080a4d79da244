"""Curators edit drafts and send them for review; only publishers publish."""

import pytest

from commissioning.knowledge.models import Factor, Parameter, Status
from tests.knowledge.admin_forms import admin_form_data
from tests.knowledge.curation_support import load_small_kb, make_curator, make_publisher

pytestmark = pytest.mark.django_db


@pytest.fixture
def factor():
    load_small_kb()
    item = Factor.objects.get(slug="low-awareness")
    item.status = Status.DRAFT
    item.save()
    return item


def change_url(obj) -> str:
    return f"/admin/knowledge/{obj._meta.model_name}/{obj.pk}/change/"


def test_a_curator_edits_a_draft_and_cannot_choose_published(client, factor):
    client.force_login(make_curator())
    page = client.get(change_url(factor))
    assert page.status_code == 200
    choices = [value for value, _ in page.context["adminform"].form.fields["status"].choices]
    assert "published" not in choices
    data = admin_form_data(page)
    data["title"] = "Edited by a curator"
    data["status"] = "review"
    response = client.post(change_url(factor), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    factor.refresh_from_db()
    assert factor.title == "Edited by a curator"
    assert factor.status == Status.REVIEW
    assert factor.version == 2


def test_a_curator_cannot_publish_by_tampering_with_the_form(client, factor):
    client.force_login(make_curator())
    data = admin_form_data(client.get(change_url(factor)))
    data["status"] = "published"
    response = client.post(change_url(factor), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    factor.refresh_from_db()
    assert factor.status == Status.DRAFT


def test_published_items_are_read_only_for_curators(client, factor):
    factor.status = Status.PUBLISHED
    factor.save()
    client.force_login(make_curator())
    page = client.get(change_url(factor))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(change_url(factor), {"title": "Hijack"})
    assert response.status_code == 403
    factor.refresh_from_db()
    assert factor.title != "Hijack"


def test_a_publisher_publishes_through_the_form(client, factor):
    client.force_login(make_publisher())
    data = admin_form_data(client.get(change_url(factor)))
    data["status"] = "published"
    response = client.post(change_url(factor), data)
    assert response.status_code == 302
    factor.refresh_from_db()
    assert factor.status == Status.PUBLISHED
    assert factor.published_at is not None


def test_workflow_actions_respect_roles(client, factor):
    changelist = "/admin/knowledge/factor/"
    client.force_login(make_curator())
    actions = [
        a[0]
        for a in client.get(changelist)
        .context["cl"]
        .model_admin.get_action_choices(client.get(changelist).wsgi_request)
    ]
    assert "submit_for_review" in actions and "publish" not in actions
    client.post(changelist, {"action": "submit_for_review", "_selected_action": [factor.pk]})
    factor.refresh_from_db()
    assert factor.status == Status.REVIEW
    # A curator posting the publish action directly is refused.
    client.post(changelist, {"action": "publish", "_selected_action": [factor.pk]})
    factor.refresh_from_db()
    assert factor.status == Status.REVIEW

    client.force_login(make_publisher())
    client.post(changelist, {"action": "publish", "_selected_action": [factor.pk]})
    factor.refresh_from_db()
    assert factor.status == Status.PUBLISHED
    client.post(changelist, {"action": "return_to_draft", "_selected_action": [factor.pk]})
    factor.refresh_from_db()
    assert factor.status == Status.DRAFT


def test_mark_reviewed_records_who_and_when(client, factor):
    curator = make_curator()
    client.force_login(curator)
    client.post(
        "/admin/knowledge/factor/", {"action": "mark_reviewed", "_selected_action": [factor.pk]}
    )
    factor.refresh_from_db()
    assert factor.reviewer == curator
    assert factor.last_reviewed is not None
    assert not factor.is_review_due


def test_review_due_filter(client, factor):
    client.force_login(make_curator())
    response = client.get("/admin/knowledge/factor/?review=due")
    assert factor in response.context["cl"].result_list


def test_an_unverified_parameter_cannot_be_published(client):
    load_small_kb()
    parameter = Parameter.objects.get(key="band7_hourly")
    client.force_login(make_publisher())
    data = admin_form_data(client.get(change_url(parameter)))
    data["mark"] = "U"
    response = client.post(change_url(parameter), data)
    assert response.status_code == 200
    assert "An unverified (U) value cannot be published" in response.content.decode()
    parameter.refresh_from_db()
    assert parameter.mark == "V"


def test_the_public_never_sees_the_admin(client, factor):
    response = client.get(change_url(factor))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.parametrize(
    "path",
    ["theme", "combcomponent", "tdfdomain", "bcttechnique", "factor", "source", "action"],
)
def test_every_knowledge_changelist_opens(client, path):
    load_small_kb()
    client.force_login(make_publisher())
    assert client.get(f"/admin/knowledge/{path}/").status_code == 200


def test_inline_selects_have_accessible_names(client, factor):
    client.force_login(make_publisher())
    page = client.get(change_url(factor)).content.decode()
    assert 'aria-label="Com-b sub-component" name="comb_links-0-target"' in page or (
        'name="comb_links-0-target"' in page and 'aria-label="Com-b sub-component"' in page
    )
