"""Print the permission tables for ``docs/roles.md`` (from ``permissions.RULES``);
with ``--write PATH`` replace them in that file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.accounts.roles_table import document_tables, tables_in


class Command(BaseCommand):
    help = "Print (or, with --write, update) the roles tables of docs/roles.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--write", metavar="PATH", help="Update the tables in this file.")

    def handle(self, *args, write: str | None = None, **options) -> None:
        tables = document_tables()
        if write is None:
            self.stdout.write(tables)
            return
        path = Path(write)
        text = path.read_text(encoding="utf-8")
        old = tables_in(text)
        if not old:
            raise CommandError(f"{path} has no roles table markers.")
        path.write_text(text.replace(old, tables), encoding="utf-8")
        self.stdout.write(f"Updated the roles tables in {path}.")
