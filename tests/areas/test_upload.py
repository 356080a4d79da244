"""Curators replace a dataset by uploading a CSV in the admin. The file is checked whole:
a bad file is rejected with each problem's row and reason and nothing is applied; a
good one becomes the next, current version and every earlier version is kept as it was."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.areas import selectors, services
from commissioning.areas.defaults import area_defaults
from commissioning.areas.models import Area, AreaFigure, Dataset, LookupRow
from tests.areas.support import (
    BIRTHS_PERIOD_WORDS,
    ENGLAND_BIRTHS,
    load_shipped,
    shipped_rows,
    shipped_text,
    to_csv,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/areas/dataset/upload/"
BIRTHS = shipped_rows("births_by_local_authority.csv")


@pytest.fixture
def curator(db):
    load_shipped()
    user = make_user(email="curator@toolkit.example", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="areas", codename__in=["add_dataset", "view_dataset"]
        )
    )
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def lookup_v1() -> Dataset:
    return Dataset.objects.get(kind="lookup_lad_icb", version=1)


def post(client, text: str, *, kind: str = "births_lad", lookup: Dataset | None = None, **extra):
    data = {
        "kind": kind,
        "file": SimpleUploadedFile("births.csv", text.encode("utf-8")),
        "title": "Live births by district, curated",
        "period": BIRTHS_PERIOD_WORDS,
        "source": "ONS",
        "licence": "Open Government Licence v3.0",
        "notes": "",
        **extra,
    }
    if lookup is not None:
        data["lookup"] = lookup.pk
    return client.post(UPLOAD, data)


def births_with(change) -> str:
    rows = [dict(r) for r in BIRTHS]
    change(rows)
    return to_csv(rows)


def snapshot() -> tuple:
    return (
        list(Dataset.objects.order_by("pk").values_list("kind", "version", "is_current")),
        AreaFigure.objects.count(),
        LookupRow.objects.count(),
        Area.objects.count(),
        sorted(AreaFigure.objects.values_list("dataset_id", "area__code", "value"))[:50],
    )


def problem_rows(response) -> list[tuple]:
    return [(p.row, p.code, p.message) for p in response.context["problems"]]


@pytest.mark.parametrize(
    ("change", "row", "code", "reason"),
    [
        (
            lambda rows: rows[4].update(area_code="E06099999"),
            5,
            "E06099999",
            "is not in the chosen",
        ),
        (lambda rows: rows[4].update(area_code="E54000050"), 5, "E54000050", "is an ICB code"),
        (lambda rows: rows[2].update(live_births="-12"), 3, "E06000003", "must not be negative"),
        (lambda rows: rows.pop(6), 0, "E06000007", "Warrington is missing"),
        (lambda rows: rows.insert(9, dict(rows[0])), 10, "E06000001", "appears more than once"),
    ],
    ids=["unknown-code", "wrong-level-code", "negative", "missing-area", "duplicate-row"],
)
def test_a_bad_file_is_rejected_with_rows_and_reasons_and_nothing_applied(
    curator_client, change, row, code, reason
):
    before = snapshot()
    response = post(curator_client, births_with(change), lookup=lookup_v1())
    assert response.status_code == 200
    assert any(r == row and c == code and reason in m for r, c, m in problem_rows(response))
    assert "There is a problem: nothing was uploaded" in response.text
    assert reason in response.text
    assert snapshot() == before


def test_a_good_upload_creates_version_2_and_keeps_version_1(curator_client, curator):
    version_1 = Dataset.objects.get(kind="births_lad", is_current=True)
    figures_1 = list(version_1.figures.values_list("area__code", "value", "row"))
    text = births_with(lambda rows: rows[0].update(live_births="1100"))
    response = post(curator_client, text, lookup=lookup_v1())
    assert response.status_code == 302
    version_2 = Dataset.objects.get(kind="births_lad", version=2)
    version_1.refresh_from_db()
    assert (version_2.is_current, version_1.is_current) == (True, False)
    assert (version_2.uploaded_by, version_2.origin, version_2.row_count) == (
        curator,
        "upload",
        309,
    )
    assert version_2.period == BIRTHS_PERIOD_WORDS and version_2.lookup == lookup_v1()
    # Version 1 is unchanged and still queryable, version by version.
    assert list(version_1.figures.values_list("area__code", "value", "row")) == figures_1
    assert selectors.figure_at(code="E06000001", kind="births_lad", version=1).value == 1013
    assert selectors.figure_at(code="e06000001", kind="births_lad", version=2).value == 1100
    # The pages now use version 2.
    assert area_defaults("E06000001").births.value == 1100
    assert area_defaults("E06000001").births.dataset.version == 2
    assert sum(selectors.icb_births(version_2).values()) == ENGLAND_BIRTHS + 87


def test_the_upload_is_applied_in_one_transaction(curator, monkeypatch):
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AreaFigure.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        services.dataset_upload(
            kind="births_lad",
            text=shipped_text("births_by_local_authority.csv"),
            file_name="births.csv",
            user=curator,
            title="t",
            period="p",
            source="s",
            licence="l",
            lookup=lookup_v1(),
        )
    assert snapshot() == before


def test_births_need_the_matching_lookup(curator_client):
    before = snapshot()
    response = post(curator_client, shipped_text("births_by_local_authority.csv"))
    assert response.context["form"].errors["lookup"] == [
        "Select the lookup on the same boundaries as the births"
    ]
    utla_lookup = Dataset.objects.get(kind="lookup_utla_icb")
    response = post(
        curator_client, shipped_text("births_by_local_authority.csv"), lookup=utla_lookup
    )
    assert "lookup" in response.context["form"].errors
    assert snapshot() == before


def test_births_on_new_boundaries_use_the_lookup_the_curator_picks(curator_client):
    """Births on April 2024 districts, checked against the 2024 lookup: the areas
    abolished since 2021 are not "missing", because that lookup explains the change."""
    lookup_2024 = Dataset.objects.get(file_name="la_to_icb_2024.csv")
    codes = dict(lookup_2024.lookup_rows.values_list("code", "name"))
    rows = [
        {"area_code": code, "area_name": name, "year": "2024", "live_births": "2000"}
        for code, name in sorted(codes.items())
    ]
    response = post(curator_client, to_csv(rows), lookup=lookup_2024)
    assert response.status_code == 302, response.context and problem_rows(response)[:3]
    births = Dataset.objects.get(kind="births_lad", is_current=True)
    lookup_2024.refresh_from_db()
    assert births.lookup == lookup_2024 and lookup_2024.is_current
    assert Area.objects.get(code="E06000063").current  # Cumberland, new in 2023
    assert not Area.objects.get(code="E07000026").current  # Allerdale, abolished
    totals = selectors.icb_births(births)
    assert sum(totals.values()) == 2000 * len(codes)
    assert "E54000063" in totals  # Surrey Heartlands' 2024 code


def test_a_lookup_upload_checks_shares_and_missing_areas(curator_client):
    rows = shipped_rows("la_to_icb.csv")
    rows[0]["lsoa_share"] = "0.9"
    dropped = rows.pop(5)
    response = post(curator_client, to_csv(rows), kind="lookup_lad_icb")
    found = problem_rows(response)
    assert any(r == 1 and "add up to 0.9, not 1" in m for r, _, m in found)
    assert any(r == 0 and c == dropped["la_code"] for r, c, _ in found)
    rows[0]["lsoa_share"] = "1.0"
    response = post(curator_client, to_csv(rows), kind="lookup_lad_icb", new_boundaries="on")
    assert response.status_code == 302
    assert Dataset.objects.get(kind="lookup_lad_icb", is_current=True).version == 3


def test_the_form_starts_from_the_current_versions_details(curator_client):
    response = curator_client.get(UPLOAD, {"kind": "births_lad"})
    form = response.context["form"]
    assert form.initial["period"] == BIRTHS_PERIOD_WORDS
    assert form.initial["lookup"] == lookup_v1().pk
    changelist = curator_client.get("/admin/areas/dataset/")
    assert "Upload a new version" in changelist.text


def test_only_curators_with_permission_may_upload(client, db):
    load_shipped()
    staff = make_user(is_staff=True)
    client.force_login(staff)
    assert client.get(UPLOAD).status_code == 403
    assert post(client, shipped_text("births_by_local_authority.csv")).status_code == 403
    client.force_login(make_user())
    assert client.get(UPLOAD).status_code == 302  # the admin's sign-in page


def test_versions_cannot_be_edited_or_deleted_in_the_admin(client, db):
    load_shipped()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    dataset = Dataset.objects.get(kind="births_lad")
    response = client.get(f"/admin/areas/dataset/{dataset.pk}/change/")
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert client.post(f"/admin/areas/dataset/{dataset.pk}/delete/").status_code == 403
    assert client.get("/admin/areas/dataset/add/").status_code == 403
