"""``manage.py import_data FILE``: load an ``export_data`` file into a freshly migrated
database, reproducing every row with its primary key. Refuses a database that
already holds data unless ``--force``."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError

from commissioning.datasafety import backup


class Command(BaseCommand):
    help = (
        "Import a file written by export_data into a freshly migrated database. "
        "Refuses a database that already holds data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The export file, or - for standard input.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import even though the database already holds data (rows with the "
            "same primary key are replaced, others stay).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: object, **options: object) -> None:
        name = str(options["file"])
        using = str(options["database"])
        try:
            if name == "-":
                data = backup.read_export(sys.stdin, name="Standard input")
            else:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(f"{path} does not exist.")
                with path.open(encoding="utf-8") as stream:
                    data = backup.read_export(stream, name=str(path))
            for difference in backup.migration_differences(data, using=using):
                self.stderr.write(
                    "Warning: the file and this database are at different migrations "
                    f"({difference}). If the import fails, import with the toolkit "
                    "version that wrote the file, then upgrade."
                )
            counts = backup.import_from(data, using=using, force=bool(options["force"]))
        except backup.ImportRefused as error:
            raise CommandError(str(error)) from None
        except (DeserializationError, DatabaseError) as error:
            # One transaction: a row the database refuses means nothing was written.
            raise CommandError(f"The import failed and nothing was written: {error}") from error
        total = sum(counts.values())
        self.stdout.write(
            f"Imported {total} rows of {len(counts)} models from {name}, written "
            f"{data.get('created_at', 'at an unknown time')}."
        )
