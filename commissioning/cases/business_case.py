"""The business case of a stored case as a document: its content (``context_for``),
its download names, and the two generated kinds the documents app renders in the
background, the PDF (``CASE_PDF``) and the Word copy (``CASE_DOCX``), both from the
same content. The views only check access and serve these.

The Word copy, like the PDF, shows the latest submitted self-assessment, so it is a
generated document keyed by ``case_fingerprint`` (the case version and that
assessment), not a ``CaseDocument`` kept per case version as the CSV is."""

import csv
import hashlib
import io
from dataclasses import dataclass

from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify

from commissioning.assessment.selectors import latest_submitted_for
from commissioning.cases import access, document, selectors, services
from commissioning.cases.analyses import content_version
from commissioning.cases.document.decision import DecisionRecord, decision_csv_rows
from commissioning.cases.models import Case, CaseDocument
from commissioning.cases.review.signoff import decision_for, decision_stamp
from commissioning.lib.csvsafe import csv_safe_row
from commissioning.lib.http import CSV_ENCODING
from commissioning.render_queue.kinds import DocumentKind
from commissioning.servicemap.selectors import service_map_fingerprint, service_map_for

# How long a kept page body lives; the key changes with everything the body shows.
FRAGMENT_SECONDS = 3600


def context_for(case: Case) -> dict:
    """The business case's content, the same for the page, the PDF and the Word copy:
    with options, the comparison of them all and the preferred (else first) option in
    detail; the action plan and the service map where the organisation has them."""
    options = selectors.comparison_for(case)  # None for a single-option case
    detailed = options.detailed if options else None
    author = case.updated_by.name if case.updated_by else ""
    context = document.document_context(
        case=detailed.inputs if detailed else case.inputs,
        analysis=options.analysis if options else selectors.analysis_for(case.inputs),
        narrative=case.narrative,
        organisation_name=case.organisation.name,
        author_name=author,
        diagnosis=selectors.diagnosis_for(case),
        version_label=f"Version {case.version}",
        generated_at=timezone.now(),
        works=selectors.reference_works(),
        data_ages=selectors.data_ages(detailed.provenance if detailed else case.provenance),
        options=options.comparison if options else None,
        action_plan=selectors.action_plan_for(case),
        service_map=service_map_for(case),
    )
    # The sign-off decision of this version (None: a draft): on the cover and in the
    # header of every output.
    context["decision"] = decision_for(case)
    return context


def csv_for(case: Case) -> bytes:
    """The business case as CSV: the case version's own part is kept per version
    (``CaseDocument``); the service map, which changes on its own, is added afresh."""

    def render() -> bytes:
        options = selectors.comparison_for(case)
        data = options.detailed.inputs if options else case.inputs
        analysis = options.analysis if options else selectors.analysis_for(case.inputs)
        comparison = options.comparison if options else None
        return document.business_case_csv(data, analysis, comparison).encode(CSV_ENCODING)

    body = services.case_document(case=case, kind=CaseDocument.Kind.CSV, render=render)
    # The decision record is added afresh too: approval does not change the version.
    decision = decision_for(case)
    if decision is not None:
        body += decision_csv(decision).encode("utf-8")
    service_map = service_map_for(case)
    if service_map is None:
        return body
    return body + document.service_map_csv(service_map).encode("utf-8")


def decision_csv(decision: DecisionRecord) -> str:
    """The decision record as CSV rows after a blank line (every cell ``csv_safe``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([])
    for row in decision_csv_rows(decision):
        writer.writerow(csv_safe_row(row))
    return buffer.getvalue()


def filename_for(case: Case, extension: str) -> str:
    """ "parent-infant-team-business-case-v3.pdf": ASCII only, safe in the header."""
    stem = slugify(case.title)[:60].strip("-") or "case"
    return f"{stem}-business-case-v{case.version}.{extension}"


def case_fingerprint(case: Case) -> str:
    """Changes whenever the PDF would: a new case version (options included), a newly
    submitted self-assessment feeding its strategic case, a change to that assessment's
    action plan (management case) or to the service map (strategic case)."""
    linked = latest_submitted_for(case.organisation_id)
    submitted = f"{linked.pk}:{linked.submitted_at.isoformat()}" if linked else "none"
    plan = selectors.action_plan_stamp(case)
    stamp = f"{case.pk}|{case.version}|{submitted}|{plan}|{service_map_fingerprint(case)}"
    return f"{stamp}|{decision_stamp(case)}"


def page_key(case: Case) -> str:
    """What the business case page shows depends on, as one fragment cache key: the
    case's content version (its version and last save, the knowledge base's content
    generation, the deflator series and the date), what ``case_fingerprint`` adds (the
    linked self-assessment, action plan, service map and sign-off decision), and the
    names on the cover (the organisation's and the last author's)."""
    author = case.updated_by.name if case.updated_by else ""
    parts = [content_version(case), case_fingerprint(case), case.organisation.name, author]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"business-case:{case.pk}:{digest}"


@dataclass(frozen=True)
class PageBody:
    """The business case page's body, kept per ``page_key``: its title and summary
    (for the page's head) and the document itself as HTML."""

    title: str
    subject: str
    article: SafeString


def page_body(case: Case) -> PageBody:
    """The business case page's body: kept in this process's fragment cache under
    ``page_key``, worked out (``context_for``) only when missing. Call it only after
    checking that the person may see the case; it holds nothing about the viewer."""
    fragments = caches["template_fragments"]
    key = page_key(case)
    body = fragments.get(key)
    if body is None:
        context = context_for(case)
        body = PageBody(
            title=context["meta"]["title"],
            subject=context["meta"]["subject"],
            article=render_to_string("cases/_document_article.html", context),
        )
        fragments.set(key, body, FRAGMENT_SECONDS)
    return body


CASE_PDF = DocumentKind(
    name="business_case",
    load=lambda pk: Case.objects.select_related("organisation", "updated_by").get(pk=pk),
    owner_for=access.case_for,
    fingerprint=case_fingerprint,
    render=lambda case: document.render_business_case_pdf(context_for(case)),
    title=lambda case: f"Business case: {case.title}",
    filename=lambda case: filename_for(case, "pdf"),
    back_url=lambda case: reverse("cases:document", args=[case.pk]),
    back_text="Back to the business case",
)


CASE_DOCX = DocumentKind(
    name="business_case_docx",
    load=CASE_PDF.load,
    owner_for=access.case_for,
    fingerprint=case_fingerprint,
    render=lambda case: document.render_business_case_docx(context_for(case)),
    title=lambda case: f"Business case (Word): {case.title}",
    filename=lambda case: filename_for(case, "docx"),
    back_url=CASE_PDF.back_url,
    back_text=CASE_PDF.back_text,
    media_type=document.DOCX_MEDIA_TYPE,
    extension="docx",
)
