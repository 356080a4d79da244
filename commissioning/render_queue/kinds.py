"""What a kind of generated document is: how to find, check, fingerprint and render
its owner. Each kind is a ``DocumentKind`` constant in the owning app, listed by name
in ``settings.DOCUMENT_KINDS`` so a worker process can find it from the name stored
on the row."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.utils.module_loading import import_string

ERROR_UNKNOWN_KIND = "Unknown document kind {name!r}: add it to settings.DOCUMENT_KINDS."


@dataclass(frozen=True)
class DocumentKind:
    """One kind of generated document.

    ``owner_for(user, owner_id)`` returns the owner if ``user`` may see it and raises
    ``Http404`` otherwise: every document view calls it, so a document is exactly as
    visible as the object it was made from. ``load(owner_id)`` fetches the owner with no
    access check (the worker). ``fingerprint(owner)`` returns text that changes whenever
    the rendered file would; bump ``layout_version`` when the template changes.
    ``render(owner)`` returns the file's bytes."""

    name: str
    load: Callable[[str], Model]
    owner_for: Callable[[Any, str], Model]
    fingerprint: Callable[[Model], str]
    render: Callable[[Model], bytes]
    title: Callable[[Model], str]
    filename: Callable[[Model], str]
    back_url: Callable[[Model], str]
    back_text: str = "Back"
    media_type: str = "application/pdf"
    extension: str = "pdf"
    layout_version: int = 1


def kind_get(name: str) -> DocumentKind:
    """The registered kind called ``name``; ``LookupError`` if there is none."""
    path = settings.DOCUMENT_KINDS.get(name)
    if path is None:
        raise LookupError(ERROR_UNKNOWN_KIND.format(name=name))
    kind = import_string(path)
    if not isinstance(kind, DocumentKind) or kind.name != name:
        raise ImproperlyConfigured(f"settings.DOCUMENT_KINDS[{name!r}] is not that DocumentKind.")
    return kind
