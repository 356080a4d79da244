"""The business case as a web page, a PDF, a Word copy and a CSV: figures in the HTML, then the
PDF's type, filename and %PDF start (never its bytes); downloads cached per version."""

import io
from unittest import mock

import docx
import pytest
from django.urls import reverse

from commissioning.cases import document
from commissioning.cases.business_case import context_for
from commissioning.cases.models import CaseDocument
from tests.cases.test_builder_fixtures import case_fixture, library_fixture, page_data  # noqa: F401


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_the_document_page_shows_the_case(signed_in, case):
    response = signed_in.get(reverse("cases:document", args=[case.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Northborough team" in text
    assert "Strategic case" in text and "Economic case" in text
    assert "North Borough ICB" in text
    assert context_for(case)["summary"]["switching"] in text


def test_the_narrative_reaches_the_document(signed_in, case):
    data = page_data(case, "narrative", summary_recommendation="Fund a team for three years.")
    signed_in.post(reverse("cases:step", args=[case.pk, "narrative"]), data)
    assert (
        "Fund a team for three years."
        in signed_in.get(reverse("cases:document", args=[case.pk])).text
    )


def body(response) -> bytes:
    """A streamed file's bytes (the PDF comes from the documents app's storage)."""
    return b"".join(response.streaming_content)


def download(client, url):
    """Follow the documents flow: in tests the render runs inline (immediate tasks
    backend), so the link ends at the file, possibly via the "preparing" page."""
    response = client.get(url, follow=True)
    if response["Content-Type"] != "application/pdf":
        link = next(
            ln for ln in response.text.split('"') if "/documents/" in ln and "download" in ln
        )
        response = client.get(link)
    return response


def test_it_downloads_a_pdf(signed_in, case):
    response = download(signed_in, reverse("cases:pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="northborough-team-business-case-v1.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert body(response).startswith(b"%PDF")


def test_an_unchanged_case_is_served_from_the_cache(signed_in, case):
    url = reverse("cases:pdf", args=[case.pk])
    with mock.patch.object(
        document, "render_business_case_pdf", return_value=b"%PDF-1.7 fake"
    ) as render:
        first = body(download(signed_in, url))
        second = body(download(signed_in, url))
    assert render.call_count == 1
    assert first == second == b"%PDF-1.7 fake"


def test_a_new_version_is_rendered_again(signed_in, case):
    url = reverse("cases:pdf", args=[case.pk])
    with mock.patch.object(document, "render_business_case_pdf", return_value=b"%PDF one"):
        download(signed_in, url)
    signed_in.post(reverse("cases:step", args=[case.pk, "need"]), page_data(case, "need"))
    with mock.patch.object(
        document, "render_business_case_pdf", return_value=b"%PDF two"
    ) as render:
        response = download(signed_in, url)
    assert render.call_count == 1
    assert body(response) == b"%PDF two"
    assert response["Content-Disposition"].endswith('-v2.pdf"')


def test_it_downloads_a_csv_once_per_version(signed_in, case):
    url = reverse("cases:csv", args=[case.pk])
    with mock.patch.object(
        document, "business_case_csv", wraps=document.business_case_csv
    ) as render:
        response = signed_in.get(url)
        again = signed_in.get(url)
    assert render.call_count == 1
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="northborough-team-business-case-v1.csv"'
    )
    body = response.content.decode("utf-8-sig")
    assert body.startswith("Business case,Northborough team")
    assert again.content == response.content


def test_the_filename_is_safe(signed_in, case, alice):
    from commissioning.cases import services

    services.case_rename(case=case, user=alice, title='Évaluation "quoted"\r\n/../secret')
    response = signed_in.get(reverse("cases:csv", args=[case.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="evaluation-quoted-secret-business-case-v2.csv"'
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_it_downloads_a_word_copy(signed_in, case):
    response = signed_in.get(reverse("cases:docx", args=[case.pk]), follow=True)
    if response["Content-Type"] != DOCX:  # via the "preparing" page
        link = next(
            ln for ln in response.text.split('"') if "/documents/" in ln and "download" in ln
        )
        response = signed_in.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="northborough-team-business-case-v1.docx"'
    )
    assert "no-store" in response["Cache-Control"]
    word = docx.Document(io.BytesIO(body(response)))
    assert word.core_properties.title == "Business case: Northborough team"
    assert "North Borough ICB" in "\n".join(c.text for c in word.tables[0].columns[1].cells)


def test_the_document_page_links_to_every_download(signed_in, case):
    text = signed_in.get(reverse("cases:document", args=[case.pk])).text
    for name in ("pdf", "docx", "csv"):
        assert f'href="{reverse(f"cases:{name}", args=[case.pk])}"' in text


@pytest.mark.parametrize("name", ["pdf", "docx", "csv", "document"])
def test_others_get_404_and_a_post_gets_405(client, bob, alice, case, name):
    url = reverse(f"cases:{name}", args=[case.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(alice)
    assert client.post(url).status_code == 405
    assert not CaseDocument.objects.exists()
