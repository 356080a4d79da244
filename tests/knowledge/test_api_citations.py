"""/api/knowledge/citations.ris and citations.bib: content types, filenames, the
?key= selection and drafts. The formatting itself is tested in test_citations.py."""

import pytest
from django.urls import reverse

from commissioning.knowledge.models import Source, Status
from commissioning.knowledge.services import (
    bundle_apply,
    frameworks_load,
    shipped_bundle,
    shipped_frameworks,
)
from tests.knowledge.api_builders import make_source

pytestmark = pytest.mark.django_db

RIS = "/api/knowledge/citations.ris"
BIBTEX = "/api/knowledge/citations.bib"


@pytest.fixture
def sources():
    make_source(
        key="moran2022",
        authors="Moran PM, Coates R",
        title="Exploring collaboration",
        container="Journal of Interprofessional Care",
        year=2022,
    )
    make_source(
        key="pif2019",
        authors="",
        title="Rare Jewels & more",
        container="Parent-Infant Foundation",
        kind=Source.Kind.REPORT,
        grade=Source.Grade.D,
        year=2019,
    )
    make_source(key="secret2025", status=Status.DRAFT)


def test_it_has_the_fixed_route_names():
    assert reverse("api:citations_ris") == RIS
    assert reverse("api:citations_bibtex") == BIBTEX


def test_it_downloads_every_published_source_as_ris(client, sources):
    response = client.get(RIS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pair-sources.ris"'
    text = response.content.decode("utf-8")
    assert text.count("TY  - ") == 2 == text.count("ER  - ")
    assert "TY  - JOUR\r\nAU  - Moran, P. M.\r\nAU  - Coates, R.\r\n" in text
    assert "TY  - RPRT\r\nPY  - 2019\r\nTI  - Rare Jewels & more\r\n" in text
    assert "secret2025" not in text


def test_it_downloads_every_published_source_as_bibtex(client, sources):
    response = client.get(BIBTEX)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pair-sources.bib"'
    text = response.content.decode("utf-8")
    assert "@article{moran2022," in text
    assert "@techreport{pif2019," in text
    assert "title = {Rare Jewels \\& more}" in text
    assert "secret2025" not in text


@pytest.mark.parametrize(("url", "marker"), [(RIS, "TY  - "), (BIBTEX, "@")])
def test_it_exports_only_the_named_sources(client, sources, url, marker):
    text = client.get(f"{url}?key=pif2019&key=no-such-source&key=secret2025").content.decode()
    assert text.count(marker) == 1
    assert "pif2019" in text or "Rare Jewels" in text
    assert "Moran" not in text and "secret2025" not in text


@pytest.mark.parametrize("url", [RIS, BIBTEX])
def test_unknown_or_hostile_keys_give_an_empty_file(client, sources, url):
    for query in ("key=nope", "key=%27%20OR%201%3D1--", "key=" + "x" * 5000):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        assert response.content == b""
    # A NUL is refused before any view runs (core/request_checks.py), like everywhere.
    assert client.get(f"{url}?key=%00").status_code == 400


def test_an_empty_key_means_every_source(client, sources):
    assert client.get(f"{RIS}?key=").content.decode().count("TY  - ") == 2


def test_it_only_answers_get(client):
    assert client.post(RIS).status_code == 405
    assert client.post(BIBTEX).status_code == 405


def test_every_shipped_source_exports(client):
    frameworks_load(shipped_frameworks())
    bundle_apply(shipped_bundle(), overwrite=False)
    published = Source.objects.published().count()
    ris = client.get(RIS).content.decode("utf-8")
    bibtex = client.get(BIBTEX).content.decode("utf-8")
    assert ris.count("\r\nER  - \r\n") == published
    assert bibtex.count("\n@") + 1 == published
    assert bibtex.count("{") == bibtex.count("}")
