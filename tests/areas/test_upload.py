"""Curators replace a dataset by uploading a CSV in the admin. The file is checked whole:
a bad file is rejected with each problem's row and reason and nothing is applied; a
good one becomes the next, current version and every earlier version is kept as it was."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.areas import selectors, services
from commissioning.areas.defaults import area_defaults
from commissioning.areas.derive import read_csv as read_rows
from commissioning.areas.models import Area, AreaFigure, Configuration, Dataset, LookupRow
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
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


def lookup_2026() -> Dataset:
    return Dataset.objects.get(kind="lookup_lad_icb", file_name="la_to_icb_2026_derived.csv")


def post(client, text: str, *, kind: str = "births_lad", lookup: Dataset | None = None, **extra):
    data = {
        "kind": kind,
        "file": SimpleUploadedFile("births.csv", text.encode("utf-8")),
        "title": "Live births by district, curated",
        "period": BIRTHS_PERIOD_WORDS,
        "source": "ONS",
        "licence": "Open Government Licence v3.0",
        "notes": "",
        "period_end": "2019-06-30",
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


def test_a_good_upload_creates_the_next_version_and_keeps_the_others(curator_client, curator):
    version_2 = Dataset.objects.get(kind="births_lad", is_current=True)
    figures_2 = list(version_2.figures.values_list("area__code", "value", "row"))
    rows = shipped_rows("births_by_local_authority_lad2024.csv")
    rows[0]["live_births"] = "1100"
    response = post(curator_client, to_csv(rows), lookup=lookup_2026())
    assert response.status_code == 302
    version_3 = Dataset.objects.get(kind="births_lad", version=3)
    version_2.refresh_from_db()
    assert (version_3.is_current, version_2.is_current) == (True, False)
    assert (version_3.uploaded_by, version_3.origin, version_3.row_count) == (
        curator,
        "upload",
        296,
    )
    assert version_3.period == BIRTHS_PERIOD_WORDS and version_3.lookup == lookup_2026()
    assert version_3.period_end.isoformat() == "2019-06-30"
    # Version 2 is unchanged and still queryable, version by version.
    assert list(version_2.figures.values_list("area__code", "value", "row")) == figures_2
    assert selectors.figure_at(code="E06000001", kind="births_lad", version=2).value == 1013
    assert selectors.figure_at(code="e06000001", kind="births_lad", version=3).value == 1100
    # The pages now use version 3.
    assert area_defaults("E06000001").births.value == 1100
    assert area_defaults("E06000001").births.dataset.version == 3
    assert sum(selectors.icb_births(version_3).values()) == ENGLAND_BIRTHS + 87


def test_a_newer_ons_births_release_is_uploaded_on_lad_2024_codes(curator_client):
    """The curators' path for a newer release (here calendar-year registrations for
    2024, in a synthetic test file of the real shape): LAD 2024 codes, checked against
    the current (April 2026) lookup, with its period and last day."""
    text = (FIXTURES / "births_lad2024_calendar_2024_SYNTHETIC.csv").read_text()
    response = post(
        curator_client,
        text,
        lookup=lookup_2026(),
        title="Live births by district, 2024 registrations",
        period="Calendar year 2024 (ONS birth registrations by area of usual residence)",
        period_short="calendar year 2024",
        period_end="2024-12-31",
    )
    assert response.status_code == 302, problem_rows(response)[:3]
    births = Dataset.objects.get(kind="births_lad", is_current=True)
    assert (births.version, births.row_count, births.period_end.isoformat()) == (
        3,
        296,
        "2024-12-31",
    )
    totals = selectors.icb_births(births)
    in_file = sum(int(r["live_births"]) for r in read_rows(text))
    assert len(totals) == 36 and sum(totals.values()) == in_file == 574_692
    thames_valley = area_defaults("E54000070").births
    assert thames_valley.dataset.version == 3
    assert thames_valley.age.startswith("calendar year 2024: ")
    # The map stays the April 2026 one.
    assert selectors.current_configuration().key == "icb-2026-04"


def test_births_without_their_last_day_are_refused(curator_client):
    before = snapshot()
    text = shipped_text("births_by_local_authority_lad2024.csv")
    response = post(curator_client, text, lookup=lookup_2026(), period_end="")
    assert response.context["form"].errors["period_end"] == ["Enter the last day the births cover"]
    response = post(curator_client, text, lookup=lookup_2026(), period_end="2024-13-45")
    assert "Enter a date as YYYY-MM-DD" in response.text
    assert snapshot() == before


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


def test_births_on_the_current_districts_never_move_the_map_back(curator_client):
    """Births on LAD 2024 codes checked against the April 2024 lookup (same districts):
    the April 2026 map stays current and adds them up to the 36 ICBs."""
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
    assert births.lookup == lookup_2024 and not lookup_2024.is_current
    assert lookup_2026().is_current
    totals = selectors.icb_births(births)
    assert len(totals) == 36 and sum(totals.values()) == 2000 * len(codes)
    assert Area.objects.get(code="E06000063").current  # Cumberland, new in 2023
    assert not Area.objects.get(code="E07000026").current  # Allerdale, abolished


def test_a_lookup_upload_checks_shares_and_missing_areas(curator_client):
    rows = shipped_rows("la_to_icb_2026_derived.csv")
    rows[0]["lsoa_share"] = "0.9"
    dropped = rows.pop(5)
    configuration = Configuration.objects.get(key="icb-2026-04").pk
    before = snapshot()
    response = post(
        curator_client, to_csv(rows), kind="lookup_lad_icb", configuration=configuration
    )
    found = problem_rows(response)
    assert any(
        r == 1 and c == "E06000001" and "the shares for E06000001 add up to 0.9, not 1" in m
        for r, c, m in found
    )
    assert any(r == 0 and c == dropped["la_code"] for r, c, _ in found)
    assert "There is a problem: nothing was uploaded" in response.text
    assert snapshot() == before


def test_a_lookup_needs_its_icb_map(curator_client):
    text = shipped_text("la_to_icb_2026_derived.csv")
    response = post(curator_client, text, kind="lookup_lad_icb", period_end="")
    assert response.context["form"].errors["configuration"] == [
        "Select the ICB map this lookup describes"
    ]


def official_2026(rows: list[dict[str, str]]) -> str:
    """A stand-in for the official ONS April 2026 lookup, reshaped to the toolkit's
    columns: the derived file with Cherwell wholly in Thames Valley, one ICB renamed and
    one ICB with another code (test data only)."""
    out = []
    for row in rows:
        row = dict(row)
        if row["la_code"] == "E07000177":  # Cherwell
            if row["icb_code"] != "E54000070":
                continue
            row["lsoa_share"] = "1.0"
        if row["icb_code"] == "E54000071":
            row["icb_name"] = "NHS North West and North Central London Integrated Care Board"
        if row["icb_code"] == "E54000066":
            row["icb_code"] = "E54000072"
        out.append(row)
    return to_csv(out)


def test_replacing_the_derived_lookup_shows_the_changes_before_applying(curator_client):
    configuration = Configuration.objects.get(key="icb-2026-04")
    before = snapshot()
    response = post(
        curator_client,
        official_2026(shipped_rows("la_to_icb_2026_derived.csv")),
        kind="lookup_lad_icb",
        configuration=configuration.pk,
        period_end="",
        title="Local authority district (2024) to ICB (April 2026), ONS",
        source="ONS Open Geography Portal, LSOA (2021) to SICBL to ICB to NHSER to LAD "
        "(April 2026) Lookup in EN",
    )
    assert response.status_code == 200
    diff = response.context["diff"]
    cherwell = [(c.icb_code, c.before, c.after) for c in diff.shares if c.code == "E07000177"]
    assert cherwell == [
        ("E54000059", Decimal("0.0097"), None),
        ("E54000070", Decimal("0.9903"), Decimal("1.0")),
    ]
    assert [i.code for i in diff.icbs_added] == ["E54000072"]
    assert [i.code for i in diff.icbs_removed] == ["E54000066"]
    assert [(r.code, r.after) for r in diff.icbs_renamed] == [
        ("E54000071", "NHS North West and North Central London Integrated Care Board")
    ]
    assert not diff.districts_added and not diff.districts_removed
    assert "Nothing has changed yet" in response.text
    assert "Cherwell (E07000177)" in response.text
    assert snapshot() == before  # nothing applied until "Apply"
    applied = curator_client.post(UPLOAD, {"apply": response.context["token"]})
    assert applied.status_code == 302
    official = Dataset.objects.get(kind="lookup_lad_icb", is_current=True)
    assert (official.version, official.configuration, official.derived) == (
        4,
        configuration,
        False,
    )
    assert official.lookup_rows.filter(code="E07000177").count() == 1
    # The births (on the same districts) are now added up with the official lookup.
    births = Dataset.objects.get(kind="births_lad", is_current=True)
    assert selectors.lookup_for(births) == official
    assert sum(selectors.icb_births(births).values()) == ENGLAND_BIRTHS
    assert not area_defaults("E54000070").map.derived
    # The derived version is kept unchanged.
    assert lookup_2026().lookup_rows.filter(code="E07000177").count() == 2
    # Pressing "Apply" again does nothing.
    again = curator_client.post(UPLOAD, {"apply": response.context["token"]}, follow=True)
    assert "Nothing was applied" in again.text
    assert Dataset.objects.filter(kind="lookup_lad_icb").count() == 4


def test_the_form_starts_from_the_current_versions_details(curator_client):
    response = curator_client.get(UPLOAD, {"kind": "births_lad"})
    form = response.context["form"]
    assert form.initial["period"] == BIRTHS_PERIOD_WORDS
    assert form.initial["lookup"] == lookup_2026().pk
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
    dataset = Dataset.objects.get(kind="births_lad", is_current=True)
    response = client.get(f"/admin/areas/dataset/{dataset.pk}/change/")
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert client.post(f"/admin/areas/dataset/{dataset.pk}/delete/").status_code == 403
    assert client.get("/admin/areas/dataset/add/").status_code == 403
