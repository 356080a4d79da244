"""A whole-site export to one JSON file, and its import into a fresh database.

This is the portable copy for moving the toolkit to a new host or checking a backup
by hand; the nightly backup is ``pg_dump`` plus point-in-time recovery (see
docs/OPERATIONS.md). The file holds every row of every model the toolkit's data
lives in, with their primary keys, so ``import_data`` into a freshly migrated database
reproduces them exactly: organisations, people (with their password hashes, so they
can sign in again), memberships, assessments with answers, agreed ratings,
participants and plans, cases and their versions, the knowledge base with its
frameworks and edit history, staff groups and the activity log.

Foreign keys to rows that ``migrate`` creates itself (content types, permissions) and
to rows with a natural key (people by email address, framework entries by code,
groups by name) are written as natural keys, because a fresh database numbers content
types and permissions in its own order. Everything else keeps its primary key.

Left out on purpose, because they are rebuilt or short-lived: sessions (everyone signs
in again), login-failure records (django-axes), queued background jobs, and rendered
downloads (PDF/CSV caches, rebuilt from the data on request).
"""

import datetime
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

FORMAT = "pair-toolkit-export"
FORMAT_VERSION = 1
SENSITIVE = (
    "SENSITIVE: this file contains personal data and password hashes. Store it "
    "encrypted, share it with no one, and delete it when it is no longer needed."
)

# Whole apps left out, with the reason.
EXCLUDED_APPS = {
    "contenttypes": "created by migrate; referred to by natural key",
    "sessions": "sign-ins are not restored: everyone signs in again",
    "axes": "login-failure counters and logs are short-lived security records",
    "django_tasks_database": "queued background jobs; their results are rebuilt on request",
}
# Single models left out, with the reason.
EXCLUDED_MODELS = {
    "auth.permission": "created by migrate; referred to by natural key",
    "assessment.storedresult": "scores of submitted assessments, worked out again on first read",
    "cases.casedocument": "rendered downloads, rebuilt from the case version on request",
    "documents.generateddocument": "generated PDFs, rebuilt from the data on request",
}

NOT_EMPTY = (
    "The database is not empty: it already holds {rows}. An import is meant for a "
    "freshly migrated database, so nothing has been imported. Import into a new "
    "database (manage.py migrate first), or run the import with --force to write the "
    "file's rows over these (rows with the same primary key are replaced; others stay)."
)
NOT_AN_EXPORT = "{name} is not an export made by manage.py export_data."
NEWER_FORMAT = (
    "{name} was written in export format {version}, which this version of the toolkit "
    "cannot read. Import it with the toolkit version that wrote it."
)


class ImportRefused(Exception):
    """The import was refused before anything was written; the message says why."""


def exported_models() -> list[type[Model]]:
    """Every model whose rows the export holds, in an order where each model comes
    after the models it refers to by natural key."""
    app_list = []
    for app_config in apps.get_app_configs():
        if app_config.label in EXCLUDED_APPS:
            continue
        models = [
            model
            for model in app_config.get_models()
            if model._meta.label_lower not in EXCLUDED_MODELS
            and not model._meta.proxy
            and model._meta.managed
        ]
        if models:
            app_list.append((app_config, models))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _migration_state(using: str) -> dict[str, str]:
    """The last applied migration of each app: what the file's rows fit."""
    applied: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied[app] = name
    return applied


class _Encoder(DjangoJSONEncoder):
    """Keeps the microseconds that DjangoJSONEncoder drops, so times round-trip exactly."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _rows(model: type[Model], using: str) -> Iterator[dict]:
    queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
    yield from serializers.serialize(
        "python",
        queryset.iterator(chunk_size=500),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=False,
    )


def export_to(stream: IO[str], *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Write the export to ``stream`` (one object per line, so files diff and grep
    well). Returns the number of rows per model. Runs in one repeatable read, so the
    file is a consistent snapshot even while people use the site."""
    counts: dict[str, int] = {}
    connection = connections[using]
    # Only a transaction of our own can be made repeatable-read (in tests the caller's
    # transaction already gives one view of the data).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using):
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "warning": SENSITIVE,
            "created_at": timezone.now().isoformat(),
            "migrations": _migration_state(using),
        }
        stream.write("{\n")
        for key, value in header.items():
            stream.write(f"{json.dumps(key)}: {json.dumps(value, cls=_Encoder)},\n")
        stream.write('"objects": [\n')
        first = True
        for model in exported_models():
            n = 0
            for row in _rows(model, using):
                stream.write(("" if first else ",\n") + json.dumps(row, cls=_Encoder))
                first = False
                n += 1
            counts[model._meta.label_lower] = n
        stream.write("\n],\n")
        stream.write(f'"counts": {json.dumps(counts, sort_keys=True)}\n}}\n')
    return counts


def read_export(stream: IO[str], *, name: str = "The file") -> dict:
    """Parse and check an export file; raises ``ImportRefused`` if it is not one."""
    try:
        data = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportRefused(f"{NOT_AN_EXPORT.format(name=name)} ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused(NOT_AN_EXPORT.format(name=name))
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise ImportRefused(NEWER_FORMAT.format(name=name, version=data.get("version")))
    if not isinstance(data.get("objects"), list):
        raise ImportRefused(NOT_AN_EXPORT.format(name=name))
    return data


def rows_present(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Models in the export that already have rows in the database, with counts."""
    present = {}
    for model in exported_models():
        n = model._base_manager.using(using).count()
        if n:
            present[model._meta.label_lower] = n
    return present


def migration_differences(data: dict, *, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Apps whose last migration differs between the file and this database."""
    here = _migration_state(using)
    there = data.get("migrations") or {}
    return sorted(
        f"{app}: file {there.get(app, 'none')}, database {here.get(app, 'none')}"
        for app in set(here) | set(there)
        if here.get(app) != there.get(app)
    )


def import_from(
    data: dict, *, using: str = DEFAULT_DB_ALIAS, force: bool = False
) -> dict[str, int]:
    """Write an export's rows into the database in one transaction; returns the
    number of rows per model. Refuses a database that already holds rows unless
    ``force``. Like ``loaddata``: rows are saved raw (no ``save()`` logic, timestamps
    kept), constraints are checked at the end, and sequences are moved past the
    imported keys so new rows get fresh ones."""
    if not force:
        present = rows_present(using=using)
        if present:
            rows = ", ".join(f"{n} {label}" for label, n in sorted(present.items()))
            raise ImportRefused(NOT_EMPTY.format(rows=rows))
    connection = connections[using]
    counts: dict[str, int] = {}
    touched: set[type[Model]] = set()
    with transaction.atomic(using=using):
        with connection.constraint_checks_disabled():
            deferred = []
            for obj in serializers.deserialize(
                "python", data["objects"], using=using, handle_forward_references=True
            ):
                model = type(obj.object)
                if not router.allow_migrate_model(using, model):
                    continue
                obj.save(using=using)
                if obj.deferred_fields:
                    deferred.append(obj)
                touched.add(model)
                label = model._meta.label_lower
                counts[label] = counts.get(label, 0) + 1
            for obj in deferred:
                obj.save_deferred_fields(using=using)
        connection.check_constraints(table_names=_tables(touched))
        reset = connection.ops.sequence_reset_sql(no_style(), sorted(touched, key=str))
        if reset:
            with connection.cursor() as cursor:
                for sql in reset:
                    cursor.execute(sql)
    return counts


def _tables(models: Iterable[type[Model]]) -> list[str]:
    tables = set()
    for model in models:
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    return sorted(tables)
