"""``export_data`` / ``import_data``: a full export, a flush and an import reproduce
every row of every model exactly, primary keys and many-to-many sets included."""

import io
import json
import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.accounts.models import Organisation, User
from commissioning.assessment import services
from commissioning.assessment.models import Answer, Assessment
from commissioning.datasafety import backup
from tests.datasafety.support import build_site, snapshot
from tests.factories import PASSWORD, make_organisation

# Models the realistic site must fill, so the round trip proves something for each.
MUST_HAVE_ROWS = {
    "accounts.user",
    "accounts.organisation",
    "accounts.membership",
    "accounts.invitation",
    "auth.group",
    "admin.logentry",
    "reversion.revision",
    "reversion.version",
    "assessment.instrument",
    "assessment.section",
    "assessment.question",
    "assessment.assessment",
    "assessment.participant",
    "assessment.participantinvitation",
    "assessment.answer",
    "assessment.consensusrating",
    "assessment.planitem",
    "cases.case",
    "cases.caseversion",
    "knowledge.factor",
    "knowledge.factorcomb",
    "knowledge.action",
    "knowledge.source",
    "knowledge.parameter",
    "knowledge.combcomponent",
    "knowledge.combsubcomponent",
    "knowledge.combfunctionlink",
    "knowledge.bcttechnique",
    "datasafety.auditevent",
}


def export(path) -> str:
    err = io.StringIO()
    call_command("export_data", str(path), stderr=err)
    return err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_export_flush_import_reproduces_every_row_exactly(tmp_path, alice, bob, client):
    build_site(alice=alice, bob=bob)
    before = snapshot()
    empty = sorted(label for label in MUST_HAVE_ROWS if not before.get(label))
    assert not empty, f"the test site has no rows for {empty}"

    message = export(tmp_path / "site.json")
    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists() and not Assessment.objects.exists()
    out = io.StringIO()
    call_command("import_data", str(tmp_path / "site.json"), stdout=out)

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    total = sum(len(rows) for rows in before.values())
    assert f"Exported {total} rows" in message
    assert f"Imported {total} rows" in out.getvalue()

    # People sign in again with their passwords, and see their organisation's work.
    signed_in = client.post(
        "/accounts/login/", {"username": "alice@north.example", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get("/assessments/").status_code == 200
    # New rows get fresh keys after the imported ones (sequences were moved on).
    organisation = make_organisation(name="After the restore")
    assert organisation.pk > max(row["id"] for row in before["accounts.organisation"])
    assessment = services.assessment_start(
        organisation=organisation,
        user=User.objects.get(email="bob@south.example"),
        title="New",
        area_name="Here",
    )
    assert Assessment.objects.filter(pk=assessment.pk).exists()


@pytest.mark.django_db
def test_the_file_is_one_json_document_marked_sensitive(tmp_path, alice, bob):
    build_site(alice=alice, bob=bob)
    message = export(tmp_path / "site.json")
    assert "SENSITIVE" in message and "password hashes" in message
    assert stat.S_IMODE(os.stat(tmp_path / "site.json").st_mode) == 0o600
    data = json.loads((tmp_path / "site.json").read_text())
    assert data["format"] == backup.FORMAT and "password hashes" in data["warning"]
    assert data["counts"]["assessment.answer"] == Answer.objects.count()
    users = [row for row in data["objects"] if row["model"] == "accounts.user"]
    assert all(row["fields"]["password"].startswith(("md5$", "pbkdf2")) for row in users)
    # References to people are natural keys (their address); rows keep their own keys.
    answer = next(row for row in data["objects"] if row["model"] == "assessment.answer")
    assert isinstance(answer["pk"], int)
    assert answer["fields"]["respondent"][0].endswith(".example")
    left_out = {row["model"] for row in data["objects"]} & {
        "sessions.session",
        "contenttypes.contenttype",
        "auth.permission",
        "cases.casedocument",
    }
    assert not left_out


@pytest.mark.django_db
def test_it_refuses_a_database_that_is_not_empty(tmp_path, alice):
    export(tmp_path / "site.json")
    with pytest.raises(CommandError, match="The database is not empty: it already holds"):
        call_command("import_data", str(tmp_path / "site.json"))
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_force_writes_the_files_rows_over_the_database(tmp_path, alice, north):
    export(tmp_path / "site.json")
    north.name = "Renamed since the export"
    north.save()
    extra = make_organisation(name="Added since the export")
    call_command("import_data", str(tmp_path / "site.json"), "--force", stdout=io.StringIO())
    assert Organisation.objects.get(pk=north.pk).name == "North Borough ICB"
    assert Organisation.objects.filter(pk=extra.pk).exists()


@pytest.mark.django_db
def test_it_refuses_files_that_are_not_exports(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"model": "accounts.user", "pk": 1, "fields": {}}]')
    with pytest.raises(CommandError, match="is not an export made by manage.py export_data"):
        call_command("import_data", str(bad))
    bad.write_text("not json")
    with pytest.raises(CommandError, match="is not an export"):
        call_command("import_data", str(bad))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_data", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_it_never_overwrites_an_existing_file(tmp_path):
    target = tmp_path / "site.json"
    target.write_text("precious")
    with pytest.raises(CommandError, match="already exists"):
        export(target)
    assert target.read_text() == "precious"


def test_the_export_covers_every_model_but_the_rebuilt_ones():
    from django.apps import apps

    exported = {model._meta.label_lower for model in backup.exported_models()}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in backup.EXCLUDED_APPS or label in backup.EXCLUDED_MODELS:
            assert label not in exported
        elif model._meta.managed and not model._meta.proxy:
            assert label in exported, f"{label} is neither exported nor listed as left out"
    assert exported >= MUST_HAVE_ROWS


@pytest.mark.django_db
def test_a_row_the_database_refuses_writes_nothing(tmp_path, alice, north):
    export(tmp_path / "site.json")
    data = json.loads((tmp_path / "site.json").read_text())
    for row in data["objects"]:
        if row["model"] == "accounts.user":
            row["pk"] += 1000  # the same address under another key: a unique clash
    (tmp_path / "clash.json").write_text(json.dumps(data))
    with pytest.raises(CommandError, match="The import failed and nothing was written"):
        call_command("import_data", str(tmp_path / "clash.json"), "--force")
    assert User.objects.count() == 1
