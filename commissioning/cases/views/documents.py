"""The business case as a web page, and its PDF, Word and CSV downloads.

The PDF takes a second or more to render, so it is made by a background worker
through the documents app (``business_case.CASE_PDF``): the download link serves the
stored file for the case's current version, or queues one render and shows "Preparing
your PDF" until it is ready. The Word copy (``CASE_DOCX``) is made the same way. The
CSV is quick and is kept in ``CaseDocument`` per version."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from commissioning.cases import access, business_case, document
from commissioning.cases.business_case import CASE_DOCX, CASE_PDF, context_for, filename_for
from commissioning.documents.views import document_response

READ_ONLY = ("GET", "HEAD")


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # An organisation's business case: never kept by a shared cache or proxy.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)  # first: others get 404 whatever the method
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)
    return render(request, document.HTML_TEMPLATE, {**context_for(case), "case": case})


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)  # first: others get 404 whatever the method
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)
    return document_response(request, kind=CASE_PDF, owner=case)


@login_required
def docx(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)  # first: others get 404 whatever the method
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)
    return document_response(request, kind=CASE_DOCX, owner=case)


@login_required
def csv(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)  # first: others get 404 whatever the method
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)
    body = business_case.csv_for(case)
    return _download(body, "text/csv; charset=utf-8", filename_for(case, "csv"))
