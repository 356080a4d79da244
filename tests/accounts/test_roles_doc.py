"""docs/roles.md says what ``permissions.RULES`` says: its tables are generated from
the table, and this test fails if someone edits one without the other."""

from pathlib import Path

from django.core.management import call_command

from commissioning.accounts.permissions import RULES, Work
from commissioning.accounts.roles_table import document_tables, table, tables_in

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def test_the_document_tables_are_the_rules():
    assert tables_in(DOC.read_text(encoding="utf-8")) == document_tables(), (
        "docs/roles.md disagrees with permissions.RULES: run "
        "`python manage.py roles_table --write docs/roles.md`"
    )


def test_each_table_has_a_row_per_action_and_a_yes_per_holder():
    for work in Work:
        rows = table(work).splitlines()[2:]
        assert len(rows) == len(RULES[work])
        for row, holders in zip(rows, RULES[work].values(), strict=True):
            assert row.count("Yes") == len(holders)


def test_the_command_rewrites_a_stale_document(tmp_path):
    stale = tmp_path / "roles.md"
    text = DOC.read_text(encoding="utf-8")
    stale.write_text(text.replace("| Delete it | Yes", "| Delete it | No"), encoding="utf-8")
    assert tables_in(stale.read_text(encoding="utf-8")) != document_tables()
    call_command("roles_table", write=str(stale))
    assert stale.read_text(encoding="utf-8") == text
