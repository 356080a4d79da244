"""A generated file leaves storage with its row, however the row goes: a service
(``documents_delete_for_owner``, pruning superseded renders) or a cascade (an
organisation deleted in the admin), and only once that deletion commits, so a deletion
that is rolled back keeps its file. Django does not delete a ``FileField``'s file by
itself; this signal receiver is the one place that does."""

from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete

from commissioning.render_queue.models import GeneratedDocument


def _remove_file(sender: type, instance: GeneratedDocument, using: str, **_: Any) -> None:
    if instance.file:
        name = instance.file.name
        transaction.on_commit(lambda: default_storage.delete(name), using=using)


def connect() -> None:
    post_delete.connect(
        _remove_file, sender=GeneratedDocument, dispatch_uid="documents-remove-file"
    )
