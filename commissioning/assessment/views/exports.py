"""Downloads of an assessment's results and action plan: a CSV for spreadsheets
and a tagged PDF (the results page's fragments, rendered by ``lib.pdf``).

What they contain is in ``commissioning.assessment.results_document``; the PDF is a
generated document (``commissioning.documents``): rendered by a worker, kept in
shared storage and served again while the assessment is unchanged."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import patch_cache_control

from commissioning.assessment.access import assessment_for
from commissioning.assessment.results_document import RESULTS_PDF, csv_rows, filename_for
from commissioning.documents.views import document_response
from commissioning.lib.csvsafe import csv_safe_row

READ_ONLY = ("GET", "HEAD")
# Excel reads UTF-8 CSV correctly only with a byte-order mark.
CSV_ENCODING = "utf-8-sig"


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # An organisation's results: never kept by a shared cache or proxy.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def export_csv(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in csv_rows(assessment):
        writer.writerow(csv_safe_row(row))
    return _download(
        buffer.getvalue().encode(CSV_ENCODING),
        "text/csv; charset=utf-8",
        filename_for(assessment, "results.csv"),
    )


@login_required
def results_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    if request.method not in READ_ONLY:
        return HttpResponseNotAllowed(READ_ONLY)
    return document_response(request, kind=RESULTS_PDF, owner=assessment)
