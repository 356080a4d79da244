"""Revision history: who and when, a readable difference, and revert of the whole item
(its mappings and actions too)."""

import pytest
from reversion.models import Version

from commissioning.knowledge.models import Factor
from tests.knowledge.admin_forms import admin_form_data
from tests.knowledge.curation_support import load_small_kb, make_publisher

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(client):
    """A published factor loaded as revision 1, then edited by a publisher: new title
    and its second action deleted."""
    import reversion

    with reversion.create_revision():
        load_small_kb()
    factor = Factor.objects.get(slug="low-awareness")
    publisher = make_publisher(name="Pat Publisher")
    client.force_login(publisher)
    url = f"/admin/knowledge/factor/{factor.pk}/change/"
    data = admin_form_data(client.get(url))
    data["title"] = "Awareness of infant mental health is low"
    data["actions-1-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    factor.refresh_from_db()
    return factor


def test_each_save_is_a_revision_with_who_and_when(client, edited):
    versions = Version.objects.get_for_object(edited)
    assert versions.count() == 2
    assert versions[0].revision.user.name == "Pat Publisher"
    page = client.get(f"/admin/knowledge/factor/{edited.pk}/history/")
    text = page.content.decode()
    assert "Pat Publisher" in text
    assert "What changed" in text


def test_the_difference_is_readable(client, edited):
    latest = Version.objects.get_for_object(edited)[0]
    page = client.get(f"/admin/knowledge/factor/{edited.pk}/history/{latest.pk}/changes/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<del>Low awareness</del>" in text
    assert "<ins>Awareness</ins>" in text
    assert "Removed: " in text and "Share local data" in text


def test_revert_restores_the_fields_and_the_deleted_action(client, edited):
    assert edited.actions.count() == 1
    first = Version.objects.get_for_object(edited).last()
    url = f"/admin/knowledge/factor/{edited.pk}/history/{first.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    data = admin_form_data(page)
    assert data["title"] == "Low awareness of infant mental health"
    response = client.post(url, data)
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.title == "Low awareness of infant mental health"
    assert sorted(edited.actions.values_list("title", flat=True)) == [
        "Run a briefing for the board",
        "Share local data",
    ]
    # The revert is itself a revision, and the concurrency counter moved forward.
    assert Version.objects.get_for_object(edited).count() == 3
    assert edited.version == 3


def test_viewing_an_old_revision_changes_nothing(client, edited):
    first = Version.objects.get_for_object(edited).last()
    client.get(f"/admin/knowledge/factor/{edited.pk}/history/{first.pk}/")
    edited.refresh_from_db()
    assert edited.title == "Awareness of infant mental health is low"
    assert edited.actions.count() == 1


def test_an_unknown_revision_is_404(client, edited):
    assert (
        client.get(f"/admin/knowledge/factor/{edited.pk}/history/999999/changes/").status_code
        == 404
    )


def test_bulk_actions_are_revisions_with_a_difference(client, edited):
    client.post(
        "/admin/knowledge/factor/", {"action": "return_to_draft", "_selected_action": [edited.pk]}
    )
    latest = Version.objects.get_for_object(edited)[0]
    assert latest.revision.get_comment() == "Bulk action: returned to draft"
    page = client.get(f"/admin/knowledge/factor/{edited.pk}/history/{latest.pk}/changes/")
    text = page.content.decode()
    assert "<del>published</del>" in text and "<ins>draft</ins>" in text
