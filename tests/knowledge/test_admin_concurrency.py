"""Two curators editing the same item: the second save is refused and the first kept."""

import pytest
from django.test import Client

from commissioning.knowledge.admin.workflow import CONFLICT
from commissioning.knowledge.models import Factor, Status
from tests.knowledge.admin_forms import admin_form_data
from tests.knowledge.curation_support import load_small_kb, make_curator

pytestmark = pytest.mark.django_db


def test_the_second_save_is_refused_and_the_first_is_not_lost():
    load_small_kb()
    factor = Factor.objects.get(slug="low-awareness")
    factor.status = Status.DRAFT
    factor.save()
    url = f"/admin/knowledge/factor/{factor.pk}/change/"
    first, second = Client(), Client()
    first.force_login(make_curator(email="first@example.org"))
    second.force_login(make_curator(email="second@example.org"))
    first_data = admin_form_data(first.get(url))
    second_data = admin_form_data(second.get(url))

    first_data["title"] = "First curator's title"
    assert first.post(url, first_data).status_code == 302

    second_data["summary"] = "Second curator's summary"
    response = second.post(url, second_data)
    assert response.status_code == 200
    assert "Someone else saved this item after you opened it" in response.content.decode()
    assert CONFLICT.startswith("Someone else saved")

    factor.refresh_from_db()
    assert factor.title == "First curator's title"
    assert factor.summary != "Second curator's summary"
    assert factor.version == 2

    # Reopening shows the latest version, and saving it then works.
    fresh = admin_form_data(second.get(url))
    fresh["summary"] = "Second curator's summary"
    assert second.post(url, fresh).status_code == 302
    factor.refresh_from_db()
    assert (factor.title, factor.summary) == ("First curator's title", "Second curator's summary")
