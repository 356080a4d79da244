"""Downloads of an assessment's results and action plan: a CSV for spreadsheets
and a tagged PDF (the results page's fragments, rendered by ``lib.pdf``).

What they contain is in ``commissioning.assessment.results_document``; the PDF is a
generated document (``commissioning.render_queue``): rendered by a worker, kept in
shared storage and served again while the assessment is unchanged."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from commissioning.assessment.access import assessment_for
from commissioning.assessment.results_document import RESULTS_PDF, csv_rows, filename_for
from commissioning.lib.csvsafe import csv_safe_row
from commissioning.lib.http import CSV_ENCODING, attachment, refuse_method
from commissioning.render_queue.views import document_response


@login_required
def export_csv(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in csv_rows(assessment):
        writer.writerow(csv_safe_row(row))
    return attachment(
        buffer.getvalue().encode(CSV_ENCODING),
        "text/csv; charset=utf-8",
        filename_for(assessment, "results.csv"),
    )


@login_required
def results_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    if refused := refuse_method(request):
        return refused
    return document_response(request, kind=RESULTS_PDF, owner=assessment)
