"""The business case as a web page, and its PDF and CSV downloads.

The PDF takes a second or more to render, so it is made by a background worker through
the documents app (``CASE_PDF``): the download link serves the stored file for the
case's current version, or queues one render and shows "Preparing your PDF" until it
is ready. The CSV is quick and is kept in ``CaseDocument`` per version."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify

from commissioning.cases import document, selectors, services
from commissioning.cases.models import Case, CaseDocument
from commissioning.documents.kinds import DocumentKind
from commissioning.documents.views import document_response

READ_ONLY = ("GET", "HEAD")
CSV_ENCODING = "utf-8-sig"  # Excel reads UTF-8 CSV correctly only with a byte-order mark


def context_for(case: Case) -> dict:
    analysis = selectors.analysis_for(case.inputs)
    author = case.updated_by.name if case.updated_by else ""
    return document.document_context(
        case=case.inputs,
        analysis=analysis,
        narrative=case.narrative,
        organisation_name=case.organisation.name,
        author_name=author,
        diagnosis=selectors.diagnosis_for(case),
        version_label=f"Version {case.version}",
        generated_at=timezone.now(),
        works=selectors.reference_works(),
        data_ages=selectors.data_ages(case.provenance),
    )


def filename_for(case: Case, extension: str) -> str:
    """ "parent-infant-team-business-case-v3.pdf": ASCII only, safe in the header."""
    stem = slugify(case.title)[:60].strip("-") or "case"
    return f"{stem}-business-case-v{case.version}.{extension}"


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # An organisation's business case: never kept by a shared cache or proxy.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)  # first: others get 404 whatever the method
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)
    return render(request, document.HTML_TEMPLATE, {**context_for(case), "case": case})


def case_fingerprint(case: Case) -> str:
    """Changes whenever the PDF would: a new case version, or a newly submitted
    self-assessment feeding its strategic case."""
    from commissioning.assessment.selectors import latest_submitted_for

    linked = latest_submitted_for(case.organisation_id)
    submitted = f"{linked.pk}:{linked.submitted_at.isoformat()}" if linked else "none"
    return f"{case.pk}|{case.version}|{submitted}"


CASE_PDF = DocumentKind(
    name="business_case",
    load=lambda pk: Case.objects.select_related("organisation", "updated_by").get(pk=pk),
    owner_for=selectors.case_for,
    fingerprint=case_fingerprint,
    render=lambda case: document.render_business_case_pdf(context_for(case)),
    title=lambda case: f"Business case: {case.title}",
    filename=lambda case: filename_for(case, "pdf"),
    back_url=lambda case: reverse("cases:document", args=[case.pk]),
    back_text="Back to the business case",
)


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)  # first: others get 404 whatever the method
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)
    return document_response(request, kind=CASE_PDF, owner=case)


@login_required
def csv(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)  # first: others get 404 whatever the method
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)

    def render_csv() -> bytes:
        analysis = selectors.analysis_for(case.inputs)
        return document.business_case_csv(case.inputs, analysis).encode(CSV_ENCODING)

    body = services.case_document(case=case, kind=CaseDocument.Kind.CSV, render=render_csv)
    return _download(body, "text/csv; charset=utf-8", filename_for(case, "csv"))
