"""The download link, the "Preparing your PDF" page, its JSON status, the download and
"Try again": queued with the database backend, then finished by the worker's code."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.assessment.models import Participant
from commissioning.render_queue import services
from commissioning.render_queue.models import GeneratedDocument
from commissioning.render_queue.tasks import render_document
from tests.factories import make_user
from tests.render_queue import fakes

pytestmark = pytest.mark.django_db
Status = GeneratedDocument.Status


def pdf_url(assessment) -> str:
    return f"/assessments/{assessment.pk}/results.pdf"


def status_url(document, tail: str = "") -> str:
    return f"/documents/{document.pk}/{tail}"


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def start(signed_in, assessment, django_capture_on_commit_callbacks):
    """Follow the download link with a queue and no worker: a redirect to the page."""
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.get(pdf_url(assessment))
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response.url == status_url(document)
    return document


def test_the_link_queues_the_pdf_and_the_page_waits_for_it(
    database_tasks, signed_in, assessment, django_capture_on_commit_callbacks
):
    document = start(signed_in, assessment, django_capture_on_commit_callbacks)
    assert document.kind == "assessment_results" and document.status == Status.QUEUED

    page = signed_in.get(status_url(document))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    html = page.content.decode()
    assert "<title>Preparing your PDF" in html
    assert '<h1 id="pending-heading">Preparing your PDF</h1>' in html
    assert "Results: Spring review 2027" in html
    assert f'href="{status_url(document)}" data-check-again>Check again</a>' in html
    assert 'role="status" aria-live="polite"' in html
    assert '<script src="/static/js/document-status.js"></script>' in html
    assert f'data-status-url="{status_url(document, "status.json")}"' in html
    assert "<script>" not in html and "style=" not in html  # CSP: no inline code
    assert f'href="/assessments/{document.owner_id}/results/">Back to the results' in html

    assert signed_in.get(status_url(document, "status.json")).json() == {
        "state": "pending",
        "status": "queued",
        "label": "Waiting to be prepared",
        "error": "",
    }
    # Until it is ready, the download address leads back to the waiting page.
    response = signed_in.get(status_url(document, "download/"))
    assert response.status_code == 302 and response.url == status_url(document)

    render_document.call(str(document.pk))  # the worker

    data = signed_in.get(status_url(document, "status.json")).json()
    assert data["state"] == "done"
    assert data["download_url"] == status_url(document, "download/")
    assert data["size"] > 1000
    html = signed_in.get(status_url(document)).content.decode()
    assert "Your PDF is ready" in html
    assert "Download spring-review-2027-results.pdf" in html

    download = signed_in.get(data["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert (
        download["Content-Disposition"] == 'attachment; filename="spring-review-2027-results.pdf"'
    )
    assert "no-store" in download["Cache-Control"]
    assert download.getvalue().startswith(b"%PDF")


def test_a_ready_pdf_is_served_at_once_from_the_link(
    database_tasks, signed_in, assessment, django_capture_on_commit_callbacks
):
    document = start(signed_in, assessment, django_capture_on_commit_callbacks)
    render_document.call(str(document.pk))
    response = signed_in.get(pdf_url(assessment))
    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF")
    assert GeneratedDocument.objects.count() == 1


def test_a_failure_shows_the_error_and_try_again(
    signed_in, alice, assessment, settings, django_capture_on_commit_callbacks
):
    fakes.BEHAVIOUR["mode"] = "error"
    document = services.document_request(kind=fakes.FAKE_PDF, owner=assessment, user=alice)
    html = signed_in.get(status_url(document)).content.decode()
    assert "<title>We could not prepare your PDF" in html
    assert services.ERROR_FAILED in html
    assert fakes.SECRET_DETAIL not in html
    assert f'action="{status_url(document, "retry/")}"' in html
    assert ">Try again</button>" in html
    data = signed_in.get(status_url(document, "status.json")).json()
    assert data == {
        "state": "failed",
        "status": "failed",
        "label": "Failed",
        "error": services.ERROR_FAILED,
    }

    fakes.BEHAVIOUR["mode"] = "ok"
    assert signed_in.get(status_url(document, "retry/")).status_code == 405
    response = signed_in.post(status_url(document, "retry/"))
    assert response.status_code == 302 and response.url == status_url(document)
    document.refresh_from_db()
    assert document.status == Status.DONE  # immediate backend: rendered inline again


def test_the_waiting_page_recovers_a_job_whose_worker_died(
    settings, database_tasks, signed_in, assessment, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_MAX_ATTEMPTS = 1
    document = start(signed_in, assessment, django_capture_on_commit_callbacks)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING,
        attempts=1,
        started_at=timezone.now() - timedelta(seconds=settings.DOCUMENT_STALE_AFTER + 1),
    )
    data = signed_in.get(status_url(document, "status.json")).json()
    assert data["state"] == "failed"
    assert data["error"] == services.ERROR_WORKER_LOST.format(attempts=1)


def test_a_vanished_file_is_rendered_again_on_request(signed_in, alice, assessment):
    document = services.document_request(kind=fakes.FAKE_PDF, owner=assessment, user=alice)
    document.file.storage.delete(document.file.name)
    response = signed_in.get(status_url(document, "download/"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert services.ERROR_FILE_MISSING in signed_in.get(status_url(document)).content.decode()


def test_others_get_404_for_every_document_route(client, bob, alice, assessment):
    document = services.document_request(kind=fakes.FAKE_PDF, owner=assessment, user=alice)
    client.force_login(bob)
    for tail in ("", "status.json", "download/", "retry/"):
        assert client.get(status_url(document, tail)).status_code == 404, tail
        assert client.post(status_url(document, tail)).status_code == 404, tail
    assert client.get("/documents/00000000-0000-0000-0000-000000000000/").status_code == 404
    client.logout()
    response = client.get(status_url(document, "download/"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_partner_participant_may_download_like_the_assessment_allows(client, alice, assessment):
    """A document is exactly as visible as its assessment (assessment_for)."""
    partner = make_user(email="partner@partner.example")
    Participant.objects.create(assessment=assessment, user=partner)
    document = services.document_request(kind=fakes.FAKE_PDF, owner=assessment, user=alice)
    client.force_login(partner)
    response = client.get(status_url(document, "download/"))
    assert response.status_code == 200
    assert response.getvalue() == b"%PDF-1.7 fake Spring review 2027"
    Participant.objects.filter(user=partner).delete()
    assert client.get(status_url(document, "download/")).status_code == 404
