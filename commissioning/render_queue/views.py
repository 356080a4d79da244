"""Generated documents: the "Preparing your PDF" page, its JSON status (polled by
``static/js/document-status.js``), the download and "Try again".

Every view first finds the document's owner through its kind's access check, so a
document is exactly as visible as the object it was made from: everyone else gets
404 whatever the method. Owning apps call ``document_response`` from their own
(already access-checked) download view."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Model
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache

from commissioning.lib.http import refuse_method
from commissioning.render_queue import services
from commissioning.render_queue.kinds import DocumentKind, kind_get
from commissioning.render_queue.models import GeneratedDocument

Status = GeneratedDocument.Status
# Seconds between two polls of the status endpoint by the waiting page.
POLL_INTERVAL = 2


def document_for(user: object, pk: UUID | str) -> tuple[GeneratedDocument, DocumentKind, Model]:
    """The document, its kind and its owner if ``user`` may see the owner, else 404."""
    try:
        document = GeneratedDocument.objects.get(pk=pk)
        kind = kind_get(document.kind)
    except (GeneratedDocument.DoesNotExist, LookupError, ValueError):
        raise Http404("No such page.") from None
    owner = kind.owner_for(user, document.owner_id)
    if owner.organisation_id != document.organisation_id:
        raise Http404("No such page.")
    return document, kind, owner


def document_response(request: HttpRequest, *, kind: DocumentKind, owner: Model) -> HttpResponse:
    """What a download link answers: the file at once when this version of ``owner``
    is ready, otherwise a redirect to the page that waits for it (the render has been
    queued, or has just run inline). The caller has checked ``request.user`` may see
    ``owner``."""
    document = services.document_request(kind=kind, owner=owner, user=request.user)
    if document.status == Status.DONE:
        response = _file_response(document)
        if response is not None:
            return response
    return redirect("documents:status", document.pk)


def _file_response(document: GeneratedDocument) -> FileResponse | None:
    """The stored file, streamed as an attachment; None (and the document failed) if
    the file has gone from storage."""
    try:
        handle = default_storage.open(document.file.name, "rb")
    except (FileNotFoundError, ValueError):
        services.document_file_missing(document=document)
        return None
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=document.media_type
    )
    # An organisation's document: never kept by a shared cache or proxy.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _current(document: GeneratedDocument) -> GeneratedDocument:
    """The document after recovering its job if that job was lost (so a page that is
    watched never waits on a dead worker for longer than DOCUMENT_STALE_AFTER)."""
    if document.is_pending and services.document_recover(document=document):
        document.refresh_from_db()
    return document


def state_of(document: GeneratedDocument) -> str:
    return "pending" if document.is_pending else document.status


def status_data(document: GeneratedDocument) -> dict:
    """The JSON the waiting page polls."""
    data = {
        "state": state_of(document),
        "status": document.status,
        "label": document.get_status_display(),
        "error": document.error if document.status == Status.FAILED else "",
    }
    if document.status == Status.DONE:
        data["download_url"] = reverse("documents:download", args=[document.pk])
        data["size"] = document.size
    return data


@login_required
@never_cache
def status(request: HttpRequest, pk: UUID) -> HttpResponse:
    document, kind, owner = document_for(request.user, pk)  # first: 404 whatever the method
    if refused := refuse_method(request):
        return refused
    document = _current(document)
    label = kind.extension.upper()
    return render(
        request,
        "documents/status.html",
        {
            "document": document,
            "state": state_of(document),
            "label": label,
            "back_url": kind.back_url(owner),
            "back_text": kind.back_text,
            "poll_interval": POLL_INTERVAL,
        },
    )


@login_required
@never_cache
def status_json(request: HttpRequest, pk: UUID) -> HttpResponse:
    document, _, _ = document_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    return JsonResponse(status_data(_current(document)))


@login_required
def download(request: HttpRequest, pk: UUID) -> HttpResponse:
    document, _, _ = document_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    if document.status == Status.DONE:
        response = _file_response(document)
        if response is not None:
            return response
    return redirect("documents:status", document.pk)


@login_required
def retry(request: HttpRequest, pk: UUID) -> HttpResponse:
    document, _, _ = document_for(request.user, pk)
    if refused := refuse_method(request, ("POST",)):
        return refused
    services.document_retry(document=document)
    return redirect("documents:status", document.pk)
