"""Downloads: the CSV of results and plan (every cell spreadsheet-safe) and the
tagged results PDF (figures checked in the HTML, then the PDF's type, name, start,
text and metadata; no byte comparison). Hostile free text never reaches the
fetcher and nothing is attached or embedded.

The PDF is a generated document: with the immediate task backend used in tests it is
rendered inline, so the download link answers with the file (tests/render_queue covers
the queued flow)."""

import csv
import io
import logging
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from commissioning.accounts.models import Organisation
from commissioning.assessment import plan_services, services
from commissioning.assessment.models import Answer, PlanItem, Question
from commissioning.assessment.results_document import pdf_context
from commissioning.knowledge.services import frameworks_load, shipped_frameworks
from commissioning.lib.pdf import StaticOnlyFetcher
from tests.assessment.support import answer_all, make_assessment, make_small_instrument
from tests.assessment.test_plan import make_factor

pytestmark = pytest.mark.django_db


def url(assessment, tail):
    return f"/assessments/{assessment.pk}/{tail}"


@pytest.fixture
def assessment(alice, north):
    make_small_instrument(sections=3, questions=2)
    assessment = make_assessment(organisation=north, user=alice, title="Spring review 2027")
    ratings = {"s1-1": 4, "s1-2": 2, "s2-1": None, "s2-2": 1, "s3-1": None}
    for code, rating in ratings.items():
        Answer.objects.create(
            assessment=assessment,
            question=Question.objects.get(code=code),
            respondent=alice,
            rating=rating,
            dont_know=rating is None,
            note="From the JSNA" if code == "s1-1" else "",
        )
    return assessment


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def block(rows: list[list[str]], title: str) -> list[list[str]]:
    """The rows of one titled block, header included, up to the blank row after it."""
    start = rows.index([title]) + 1
    end = rows.index([], start)
    return rows[start:end]


# --- CSV --------------------------------------------------------------------------


def test_csv_has_scores_questions_priorities_and_the_plan(signed_in, assessment):
    plan_services.plan_item_add(
        assessment=assessment, title="Brief the board", owner="Priya", status="done"
    )
    response = signed_in.get(url(assessment, "export.csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="spring-review-2027-results.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith("\ufeff".encode())
    rows = read_csv(response)
    assert rows[0] == ["Assessment", "Spring review 2027"]
    assert ["Status", "Provisional (in progress)"] in rows
    sections = block(rows, "Section scores")
    assert sections[0][:3] == ["Code", "Name", "Score (0-100)"]
    # s1: (4 + 2) / 8 = 75.0; s2: one rated of two (don't know left out) = 25.0;
    # s3: only a don't know -> no number.
    assert sections[1] == ["s1", "Section 1", "75.0", "2", "0", "0", "2"]
    assert sections[2] == ["s2", "Section 2", "25.0", "1", "1", "0", "2"]
    assert sections[3] == ["s3", "Section 3", "Not enough answers", "0", "1", "1", "2"]
    questions = block(rows, "Questions")
    assert questions[1] == ["Section 1", "s1-1", "Statement 1.1", "4", "", "1", "1"]
    assert questions[3] == ["Section 2", "s2-1", "Statement 2.1", "", "Yes", "1", "0"]
    assert questions[6] == ["Section 3", "s3-2", "Statement 3.2", "", "", "0", "0"]
    plan = rows[rows.index(["Action plan"]) + 1 :]
    assert plan[1] == ["Brief the board", "", "", "No", "Priya", "", "Done"]


def test_every_csv_cell_is_spreadsheet_safe(signed_in, assessment):
    assessment.title = '=HYPERLINK("https://evil.example","Click")'
    assessment.area_name = "+44 20 7946 0000"
    assessment.save()
    plan_services.plan_item_add(
        assessment=assessment, title="@SUM(A1:A9)", description="-2+3", owner="=cmd|' /C calc'!A0"
    )
    rows = read_csv(signed_in.get(url(assessment, "export.csv")))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("https://evil.example","Click")' in cells
    assert "'+44 20 7946 0000" in cells
    assert {"'@SUM(A1:A9)", "'-2+3", "'=cmd|' /C calc'!A0"} <= set(cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not _number(c))]


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def test_csv_lists_priorities(signed_in, alice, north):
    frameworks_load(shipped_frameworks())
    make_small_instrument()
    Question.objects.get(code="s1-1").factors.add(make_factor("budget-silos"))
    low = make_assessment(organisation=north, user=alice)
    answer_all(low, alice, 0)
    rows = read_csv(signed_in.get(url(low, "export.csv")))
    priorities = block(rows, "Priorities")
    assert priorities == [
        ["Rank", "Factor", "Implication", "Questions rated low"],
        ["1", "Budget silos", "1.000", "s1-1"],
    ]
    comb = block(rows, "COM-B scores")
    assert ["CPs", "Psychological capability", "0.0", "1", "0", "0", "1"] in comb
    assert ["MAu", "Automatic motivation", "No questions", "0", "0", "0", "0"] in comb


# --- PDF ----------------------------------------------------------------------------


@pytest.fixture
def weasy_warnings():
    records: list[str] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Generated PDFs go to a scratch directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path


def pdf_body(response) -> bytes:
    """The streamed file's bytes (a stream can be read once, so they are kept)."""
    if not hasattr(response, "body"):
        response.body = response.getvalue()
    return response.body


def pdf_reader(response) -> PdfReader:
    return PdfReader(io.BytesIO(pdf_body(response)))


def test_the_html_shows_the_figures_the_pdf_reports(signed_in, assessment):
    page = signed_in.get(url(assessment, "results/")).content.decode()
    assert '<th scope="row">Section 1</th><td class="number">75</td>' in page
    assert '<th scope="row">Section 2</th><td class="number">25</td>' in page
    assert '<th scope="row">Section 3</th><td class="number">Not enough answers</td>' in page


def test_the_results_pdf(signed_in, alice, assessment, weasy_warnings):
    services.assessment_submit(assessment=assessment, user=alice)
    plan_services.plan_item_add(assessment=assessment, title="Brief the board", owner="Priya")
    response = signed_in.get(url(assessment, "results.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="spring-review-2027-results.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert pdf_body(response).startswith(b"%PDF")
    reader = pdf_reader(response)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Results: Spring review 2027" in text
    assert "Page 1 of" in text
    assert "Section 1" in text and "75" in text and "Not enough answers" in text
    assert "Brief the board" in text and "Priya" in text
    assert reader.metadata.title == "Results: Spring review 2027"
    assert reader.metadata.author == "North Borough ICB"
    assert "North Borough" in reader.metadata.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.attachments == {}
    assert weasy_warnings == []


def test_a_provisional_pdf_says_so(signed_in, assessment):
    text = "\n".join(
        p.extract_text() for p in pdf_reader(signed_in.get(url(assessment, "results.pdf"))).pages
    )
    assert "Provisional results" in text


def test_the_charts_in_the_pdf_are_the_pages_inline_svg(assessment):
    html = render_to_string("assessment/pdf/results.html", pdf_context(assessment))
    assert html.count('role="img"') == 1  # three sections: a radar; no COM-B without content
    assert '<html lang="en-GB">' in html
    assert "<title>Results: Spring review 2027</title>" in html
    assert 'href="/static/' not in html and "<link" not in html


# Fits a 200-character field; longer fields get it several times over.
HOSTILE = (
    "<img src=file:///etc/passwd><img src=http://127.0.0.1:1/x.png>"
    "<link rel=attachment href=file:///etc/passwd>"
    "<i style=background:url(http://127.0.0.1:1/y.png)>"
)
LONG_HOSTILE = (
    HOSTILE + '<a rel="attachment" href="http://127.0.0.1:1/x.png">x</a>'
    "<style>body { background: url(file:///etc/passwd) }</style>"
)


def test_hostile_free_text_is_escaped_and_never_fetched(
    signed_in, alice, assessment, monkeypatch, weasy_warnings
):
    asked: list[str] = []
    original = StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording)
    assert len(HOSTILE) <= 200
    assessment.title = HOSTILE
    assessment.area_name = HOSTILE
    assessment.save()
    answer_all(assessment, alice, 0)
    Answer.objects.update(note=LONG_HOSTILE)
    PlanItem.objects.create(
        assessment=assessment, title=HOSTILE, description=LONG_HOSTILE, owner=HOSTILE
    )
    Organisation.objects.filter(pk=assessment.organisation_id).update(name=HOSTILE)
    response = signed_in.get(url(assessment, "results.pdf"))
    assert response.status_code == 200
    reader = pdf_reader(response)
    assert reader.attachments == {}
    assert sum(len(p.images) for p in reader.pages) == 0  # no raster images at all
    assert asked == []  # the fetcher was never even asked
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "file:///etc/passwd" in text  # shown as the text it is
    assert b"root:x:0:0" not in pdf_body(response)
    assert weasy_warnings == []
    csv_text = signed_in.get(url(assessment, "export.csv")).content.decode("utf-8-sig")
    assert "<img src=" in csv_text  # text in a CSV is just text


def test_downloads_are_for_people_who_can_see_the_assessment(client, bob, assessment):
    client.force_login(bob)
    for tail in ("export.csv", "results.pdf"):
        assert client.get(url(assessment, tail)).status_code == 404
        assert client.post(url(assessment, tail)).status_code == 404
    client.logout()
    response = client.get(url(assessment, "results.pdf"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_downloads_only_answer_get(signed_in, assessment):
    assert signed_in.post(url(assessment, "export.csv")).status_code == 405
    assert signed_in.post(url(assessment, "results.pdf")).status_code == 405
