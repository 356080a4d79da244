"""The deflator series is a curated, versioned dataset: the shipped March 2026 series is
loaded once; a curator's upload is checked whole and applied in one transaction or not
at all; versions are never edited, and cases use the current one."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from commissioning.prices import deflators, selectors, services
from commissioning.prices.models import DeflatorSeries, DeflatorYear
from tests.factories import make_user

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/prices/deflatorseries/upload/"
SHIPPED = (deflators.DATA_DIR / deflators.SHIPPED_FILE).read_text(encoding="utf-8")
# The June 2026 release is rebased to 2025/26 = 100 (these are test figures, not HMT's).
REBASED = "financial_year,index,status\n" + "".join(
    f"{deflators.label(2010 + i)},{value},{'forecast' if i > 15 else 'outturn'}\n"
    for i, value in enumerate(
        [
            66.5,
            68.0,
            69.2,
            70.6,
            71.6,
            72.1,
            73.6,
            74.5,
            76.2,
            78.2,
            82.3,
            82.5,
            88.3,
            93.0,
            96.7,
            100,
            102.1,
            104.0,
            106.0,
            108.0,
            110.1,
        ]
    )
)
DETAILS = {
    "title": "HM Treasury GDP deflators at market prices, June 2026 release",
    "release": "June 2026 (Quarterly National Accounts)",
    "source": "HM Treasury, GDP deflators at market prices, and money GDP, June 2026.",
    "licence": "Open Government Licence v3.0",
    "notes": "2026/27 onwards are forecasts.",
}


@pytest.fixture
def curator(db):
    services.series_load_shipped()
    user = make_user(email="curator@toolkit.example", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="prices",
            codename__in=["add_deflatorseries", "view_deflatorseries"],
        )
    )
    return user


def upload(client, text: str, **overrides):
    data = {**DETAILS, **overrides, "file": SimpleUploadedFile("june.csv", text.encode())}
    return client.post(UPLOAD, data)


def test_the_shipped_series_loads_once_as_version_1():
    assert services.series_load_shipped() == f"loaded {deflators.SHIPPED_FILE}"
    assert services.series_load_shipped() == "nothing new to load"
    series = DeflatorSeries.objects.get()
    assert (series.version, series.is_current, series.row_count) == (1, True, 21)
    assert series.origin == DeflatorSeries.Origin.SHIPPED
    assert DeflatorYear.objects.get(series=series, financial_year="2012/13").index == (
        deflators.shipped_series().point(2012).index
    )
    assert "forecasts" in series.notes and "Open Government Licence" in series.licence


def test_load_content_loads_the_series(capsys):
    call_command("load_content")
    assert "GDP deflators: loaded" in capsys.readouterr().out
    assert DeflatorSeries.objects.filter(is_current=True).count() == 1


def test_cases_use_the_current_version_and_fall_back_to_the_shipped_file():
    assert selectors.current_series() == deflators.shipped_series()  # nothing loaded yet
    services.series_load_shipped()
    current = selectors.current_series()
    assert current.version == 1
    assert current.points == deflators.shipped_series().points
    assert current.description.endswith("dataset version 1")


def test_a_good_upload_becomes_the_next_current_version_and_keeps_the_old(client, curator):
    client.force_login(curator)
    response = upload(client, REBASED)
    assert response.status_code == 302
    old, new = DeflatorSeries.objects.order_by("version")
    assert (old.version, old.is_current) == (1, False)
    assert (new.version, new.is_current, new.origin) == (2, True, DeflatorSeries.Origin.UPLOAD)
    assert new.uploaded_by == curator and new.file_name == "june.csv"
    assert old.years.count() == 21 and old.years.get(start_year=2024).index == 100
    series = selectors.current_series()
    assert series.base_year == 2025 and series.latest_outturn == 2025
    # Reloading the shipped content leaves the curator's upload current.
    services.series_load_shipped()
    assert DeflatorSeries.objects.get(is_current=True).version == 2


def test_a_changed_shipped_file_never_replaces_a_curators_upload(curator, monkeypatch):
    services.series_upload(text=REBASED, file_name="june.csv", user=curator, **DETAILS)
    # A later release of the toolkit ships a changed file (a different checksum).
    monkeypatch.setattr(services, "_sha256", lambda text: "a new checksum")
    assert "a curator's upload is current" in services.series_load_shipped()
    assert DeflatorSeries.objects.get(is_current=True).version == 2


def test_a_series_with_a_gap_is_refused_whole_with_its_row_and_reason(client, curator):
    client.force_login(curator)
    text = REBASED.replace("2015/16,72.1,outturn\n", "")
    response = upload(client, text)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem: nothing was uploaded" in html
    assert "the series has a gap: no index for 2015/16" in html
    assert "<td>6</td>" in html  # the row after the gap
    assert DeflatorSeries.objects.count() == 1
    assert DeflatorYear.objects.count() == 21


def test_every_problem_is_listed_and_nothing_is_written():
    text = SHIPPED.replace("2013-14,73.0337", "2013-14,abc").replace("outturn\n2025", "x\n2025")
    with pytest.raises(services.SeriesRejected) as rejected:
        services.series_upload(text=text, file_name="f.csv", user=None, **DETAILS)
    assert [str(p) for p in rejected.value.problems] == [
        "row 4, index: 'abc' is not a number above 0 and at most 1,000",
        "row 15, status: 'x' is neither outturn nor forecast",
    ]
    assert not DeflatorSeries.objects.exists()


def test_a_series_must_keep_the_years_saved_cases_rely_on(curator):
    short = "financial_year,index,status\n" + "".join(
        line + "\n" for line in SHIPPED.splitlines()[6:]
    )  # from 2015-16
    with pytest.raises(services.SeriesRejected) as rejected:
        services.series_upload(text=short, file_name="f.csv", user=curator, **DETAILS)
    assert str(rejected.value.problems[0]) == (
        "file, financial_year: the series must cover at least 2010/11 to 2024/25, as the "
        "current version does, so that saved cases keep their deflators; this file covers "
        "2015/16 to 2030/31"
    )
    assert DeflatorSeries.objects.count() == 1


def test_uploading_needs_the_permission(client):
    services.series_load_shipped()
    client.force_login(make_user(email="staff@toolkit.example", is_staff=True))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, REBASED).status_code == 403
    assert DeflatorSeries.objects.count() == 1


def test_the_upload_form_starts_from_the_current_details(client, curator):
    client.force_login(curator)
    html = client.get(UPLOAD).content.decode()
    assert "March 2026 (Quarterly National Accounts)" in html
    changelist = client.get("/admin/prices/deflatorseries/").content.decode()
    assert "Upload a new version" in changelist


def test_versions_cannot_be_added_or_deleted_in_the_admin(client):
    services.series_load_shipped()
    admin = make_user(email="admin@toolkit.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    series = DeflatorSeries.objects.get()
    assert client.get("/admin/prices/deflatorseries/add/").status_code == 403
    assert client.get(f"/admin/prices/deflatorseries/{series.pk}/delete/").status_code == 403
    page = client.get(f"/admin/prices/deflatorseries/{series.pk}/change/").content.decode()
    assert "2012/13" in page and "71.545400" in page
