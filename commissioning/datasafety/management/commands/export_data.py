"""``manage.py export_data FILE``: every organisation's data and the knowledge base in
one JSON file (see ``commissioning.datasafety.backup``). The file is sensitive: it
holds personal data and password hashes, so it is created readable by its owner only."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from commissioning.datasafety import backup


class Command(BaseCommand):
    help = (
        "Export every organisation, person, assessment, case and the knowledge base to "
        "one JSON file for import_data. The file contains personal data and password "
        "hashes: keep it encrypted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="File to write, or - for standard output.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: object, **options: object) -> None:
        output = str(options["output"])
        using = str(options["database"])
        if output == "-":
            counts = backup.export_to(sys.stdout, using=using)
        else:
            path = Path(output)
            if path.exists():
                raise CommandError(f"{path} already exists. Choose a new file name.")
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except OSError as error:
                raise CommandError(f"Cannot create {path}: {error.strerror}.") from None
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as stream:
                    counts = backup.export_to(stream, using=using)
            except BaseException:
                path.unlink(missing_ok=True)  # never leave half a backup behind
                raise
        total = sum(counts.values())
        self.stderr.write(
            f"Exported {total} rows of {len(counts)} models to {output}.\n{backup.SENSITIVE}"
        )
