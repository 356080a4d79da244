"""An assessment's results as documents: the rows of the results CSV (``csv_rows``)
and the tagged PDF of the results and action plan (``RESULTS_PDF``, a generated
document: rendered by a worker, kept in shared storage and served again while
``results_fingerprint`` is unchanged). The views only check access and serve these."""

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from commissioning.assessment import summaries
from commissioning.assessment.access import assessment_for
from commissioning.assessment.models import Answer, Assessment, ConsensusRating, PlanItem
from commissioning.knowledge import caching
from commissioning.knowledge.models import Source
from commissioning.knowledge.works import Work
from commissioning.lib.csvsafe import Cell
from commissioning.render_queue.kinds import DocumentKind


def works_cited(entries: list[summaries.PlanEntry]) -> list[Source]:
    """The published sources the suggested actions cite, once each, in order of first
    citation (priority order, then the actions' curated order)."""
    cited: dict[int, Source] = {}
    for entry in entries:
        for row in entry.actions:
            for source in row.sources:
                cited.setdefault(source.pk, source)
    return list(cited.values())


def reference_text(source: Source) -> str:
    """The full reference, as the business case's works-cited list writes it."""
    return Work(
        key=source.key,
        title=source.title,
        authors=source.authors,
        year=source.year,
        container=source.container,
        url=source.url,
        doi=source.doi,
    ).text


def filename_for(assessment: Assessment, suffix: str) -> str:
    """ "spring-review-results.pdf": ASCII only, so it is safe in the header."""
    return f"{slugify(assessment.title)[:60] or 'assessment'}-{suffix}"


def csv_rows(assessment: Assessment) -> list[list[Cell]]:
    """The results and the plan as blocks of rows, each with a title row, a header
    row and a blank row after it."""
    analysis = summaries.analyse(assessment)
    status = "Provisional (in progress)" if analysis.provisional else "Submitted"
    rows: list[list[Cell]] = [
        ["Assessment", assessment.title],
        ["Organisation", assessment.organisation.name],
        ["Area", assessment.area_name],
        [
            "Questionnaire",
            f"{assessment.instrument.title}, version {assessment.instrument.version}",
        ],
        ["Status", status],
        [
            "Submitted",
            assessment.submitted_at.date().isoformat() if assessment.submitted_at else "",
        ],
        ["Produced", timezone.localdate().isoformat()],
        [],
    ]
    group_header = ["Score (0-100)", "Rated", "Don't know", "Not answered", "Questions"]
    for title, groups in (("Section scores", analysis.sections), ("COM-B scores", analysis.comb)):
        rows += [[title], ["Code", "Name", *group_header]]
        for row in groups:
            g = row.group
            score = g.score if g.score is not None else row.missing_text
            rows.append([row.key, row.title, score, g.rated, g.dont_know, g.unanswered, g.total])
        rows.append([])
    rows += [
        ["Questions"],
        [
            "Section",
            "Code",
            "Statement",
            "Rating (0-4)",
            "Don't know",
            "Answers",
            "Answers with notes",
        ],
    ]
    for q in summaries.question_rows(analysis):
        rows.append(
            [
                q.question.section.title,
                q.question.code,
                q.question.statement,
                q.rating,
                "Yes" if q.dont_know else "",
                q.answers,
                q.notes,
            ]
        )
    rows += [[], ["Priorities"], ["Rank", "Factor", "Implication", "Questions rated low"]]
    for rank, row in enumerate(analysis.priorities, start=1):
        codes = "; ".join(reason.question.code for reason in row.reasons)
        rows.append([rank, row.factor.title, row.implication, codes])
    items = summaries.plan_items(assessment)
    entries = summaries.plan_entries(analysis, items)
    rows += [
        [],
        ["Suggested actions"],
        ["Rank", "Factor", "Action", "Intervention function", "In the plan", "Sources"],
    ]
    for rank, entry in enumerate(entries, start=1):
        for row in entry.actions:
            rows.append(
                [
                    rank,
                    entry.priority.factor.title,
                    row.action.title,
                    row.action.function.name,
                    "Yes" if row.adopted else "No",
                    "; ".join(source.short_citation for source in row.sources),
                ]
            )
    rows += [[], ["Works cited"], ["Citation", "Reference"]]
    for source in works_cited(entries):
        rows.append([source.short_citation, reference_text(source)])
    rows += [
        [],
        ["Action plan"],
        ["Action", "Description", "Factor", "From the knowledge base", "Owner", "Due", "Status"],
    ]
    for item in items:
        rows.append(
            [
                item.title,
                item.description,
                item.factor.title if item.factor else "",
                "Yes" if item.action_id else "No",
                item.owner,
                item.due_date.isoformat() if item.due_date else "",
                item.get_status_display(),
            ]
        )
    return rows


def pdf_context(assessment: Assessment) -> dict:
    report = summaries.report_for(assessment)
    items = summaries.plan_items(assessment)
    entries = summaries.plan_entries(report, items)
    return {
        "assessment": assessment,
        "report": report,
        "items": items,
        "entries": entries,
        "works": works_cited(entries),
        "pdf": True,
        "link_base": settings.SITE_URL,
        "generated": timezone.now(),
    }


def render_results_pdf(assessment: Assessment) -> bytes:
    # Imported here: loading WeasyPrint takes most of a second, paid only by PDFs.
    from commissioning.lib.pdf import render_pdf

    return render_pdf("assessment/pdf/results.html", pdf_context(assessment))


def _rows_digest(queryset, *fields: str) -> str:
    rows = queryset.order_by("pk").values_list("pk", *fields)
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def results_fingerprint(assessment: Assessment) -> str:
    """Everything the results PDF shows, as text: the assessment, its organisation and
    questionnaire version, every answer, agreed rating and plan item (their values,
    not timestamps, so bulk updates count too), and the knowledge base's generation
    (factor and action names)."""
    return "|".join(
        str(part)
        for part in (
            assessment.pk,
            assessment.title,
            assessment.area_name,
            assessment.status,
            assessment.submitted_at,
            assessment.updated_at,
            assessment.organisation.name,
            assessment.instrument_id,
            _rows_digest(
                Answer.objects.filter(assessment=assessment),
                "question_id",
                "respondent_id",
                "rating",
                "dont_know",
                "note",
            ),
            _rows_digest(
                ConsensusRating.objects.filter(assessment=assessment),
                "question_id",
                "rating",
                "dont_know",
                "rationale",
            ),
            _rows_digest(
                PlanItem.objects.filter(assessment=assessment),
                "factor_id",
                "action_id",
                "title",
                "description",
                "owner",
                "due_date",
                "status",
            ),
            caching.generation(),
        )
    )


RESULTS_PDF = DocumentKind(
    name="assessment_results",
    load=lambda pk: Assessment.objects.select_related("organisation", "instrument").get(pk=pk),
    owner_for=assessment_for,
    fingerprint=results_fingerprint,
    render=render_results_pdf,
    title=lambda assessment: f"Results: {assessment.title}",
    filename=lambda assessment: filename_for(assessment, "results.pdf"),
    back_url=lambda assessment: reverse("assessment:results", args=[assessment.pk]),
    back_text="Back to the results",
)
