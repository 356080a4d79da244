"""Creating, changing, renaming, restoring and copying a case is recorded in the
organisation's activity log, visible to its admins."""

import pytest

from commissioning.cases import services
from commissioning.datasafety.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_case_actions_are_audited(client, alice, north):
    case = services.case_create(organisation=north, user=alice, kind="new_team", title="Team")
    services.case_rename(case=case, user=alice, title="Renamed team")
    first = case.versions.order_by("number").first()
    services.case_restore(case=case, user=alice, version=first)
    services.case_duplicate(case=case, user=alice)
    verbs = list(
        AuditEvent.objects.filter(object_type="case").order_by("pk").values_list("verb", flat=True)
    )
    assert verbs[0] == "created"
    assert {"changed", "renamed", "restored", "duplicated"} <= set(verbs)
    assert verbs.count("created") == 2  # the original and the copy
    client.force_login(alice)
    page = client.get(f"/accounts/organisations/{north.pk}/activity/")
    assert page.status_code == 200
    assert "Renamed team" in page.content.decode()
