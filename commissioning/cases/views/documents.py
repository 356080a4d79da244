"""The business case as a web page, and its PDF, Word and CSV downloads.

The PDF takes a second or more to render, so it is made by a background worker
through the documents app (``business_case.CASE_PDF``): the download link serves the
stored file for the case's current version, or queues one render and shows "Preparing
your PDF" until it is ready. The Word copy (``CASE_DOCX``) is made the same way. The
CSV is quick and is kept in ``CaseDocument`` per version."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commissioning.cases import access, business_case, document
from commissioning.cases.business_case import CASE_DOCX, CASE_PDF, filename_for
from commissioning.lib.http import attachment, refuse_method
from commissioning.render_queue.views import document_response


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)  # first: others get 404 whatever the method
    if refused := refuse_method(request):
        return refused
    # The body is kept per version of everything it shows (business_case.page_key):
    # a page already rendered for this version is not worked out again.
    body = business_case.page_body(case)
    meta = {"title": body.title, "subject": body.subject}
    return render(
        request, document.HTML_TEMPLATE, {"case": case, "meta": meta, "article": body.article}
    )


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)  # first: others get 404 whatever the method
    if refused := refuse_method(request):
        return refused
    return document_response(request, kind=CASE_PDF, owner=case)


@login_required
def docx(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)  # first: others get 404 whatever the method
    if refused := refuse_method(request):
        return refused
    return document_response(request, kind=CASE_DOCX, owner=case)


@login_required
def csv(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk)  # first: others get 404 whatever the method
    if refused := refuse_method(request):
        return refused
    body = business_case.csv_for(case)
    return attachment(body, "text/csv; charset=utf-8", filename_for(case, "csv"))
