"""The shipped datasets load once, with every row, and reloading changes nothing;
a curator's newer upload is never replaced by the loader."""

import io
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from commissioning.areas import services
from commissioning.areas.models import Area, AreaFigure, Dataset, LookupRow
from tests.areas.support import ENGLAND_BIRTHS, load_shipped, shipped_text
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    return (
        list(Dataset.objects.order_by("pk").values_list("kind", "version", "is_current")),
        AreaFigure.objects.count(),
        LookupRow.objects.count(),
        Area.objects.count(),
    )


def test_it_loads_every_shipped_file_with_every_row():
    load_shipped()
    counts = {
        (d.kind, d.file_name): (d.version, d.is_current, d.row_count) for d in Dataset.objects.all()
    }
    assert counts == {
        ("lookup_lad_icb", "la_to_icb.csv"): (1, True, 321),
        ("lookup_lad_icb", "la_to_icb_2024.csv"): (2, False, 310),
        ("lookup_utla_icb", "utla_to_icb.csv"): (1, True, 164),
        ("births_lad", "births_by_local_authority.csv"): (1, True, 309),
        ("births_utla", "births_by_upper_tier_local_authority.csv"): (1, True, 152),
        ("imd_lad", "imd2019_by_local_authority.csv"): (1, True, 317),
    }
    births = Dataset.objects.get(kind="births_lad")
    assert sum(births.figures.values_list("value", flat=True)) == ENGLAND_BIRTHS
    assert births.lookup.file_name == "la_to_icb.csv"
    assert "not calendar-year registrations" in births.period


def test_it_creates_every_area_once():
    load_shipped()
    assert Area.objects.filter(level="icb").count() == 42
    assert Area.objects.filter(level="utla").count() == 24  # counties (E10)
    assert Area.objects.filter(level="lad", current=True).count() == 309
    assert Area.objects.filter(level="lad", single_tier=True).count() == 59 + 36 + 33
    # The 2024 lookup is kept but not current, so its new codes are not areas yet.
    assert not Area.objects.filter(code="E06000063").exists()
    former = Area.objects.get(code="E07000004")
    assert (former.current, former.successor.code) == (False, "E06000060")
    assert Area.objects.filter(successor__code="E06000061").count() == 4


def test_reloading_changes_nothing():
    first = load_shipped()
    before = snapshot()
    second = load_shipped()
    assert snapshot() == before
    assert "loaded 6 file(s)" in first
    assert second == "nothing new to load"


def test_the_content_loader_loads_them(db):
    out = io.StringIO()
    call_command("load_content", stdout=out)
    call_command("load_content", stdout=out)
    assert Dataset.objects.count() == 6
    assert "Area datasets: nothing new to load" in out.getvalue()


def test_it_never_replaces_a_curators_newer_version(monkeypatch):
    """The loader adds a changed shipped file only when a shipped version is current."""
    load_shipped()
    curator = make_user(is_staff=True)
    births = Dataset.objects.get(kind="births_lad")
    text = shipped_text("births_by_local_authority.csv").replace(
        "E06000001,Hartlepool,2019,1013", "E06000001,Hartlepool,2019,1014"
    )
    uploaded = services.dataset_upload(
        kind="births_lad",
        text=text,
        file_name="births-v2.csv",
        user=curator,
        title="Curated births",
        period=births.period,
        source="Curator",
        licence="OGL",
        lookup=births.lookup,
    )
    # A later release ships a changed births file: it must not displace the upload.
    assert tmp_copy(monkeypatch, services.DATA_DIR, "births_by_local_authority.csv", "1013", "1012")
    summary = load_shipped()
    assert "kept births_by_local_authority.csv" in summary
    uploaded.refresh_from_db()
    assert uploaded.is_current and uploaded.version == 2
    assert Dataset.objects.filter(kind="births_lad").count() == 2


def tmp_copy(monkeypatch, source_dir: Path, name: str, old: str, new: str) -> bool:
    """Point the loader at a copy of the data folder with one file changed."""
    folder = Path(tempfile.mkdtemp())
    for path in source_dir.iterdir():
        shutil.copy(path, folder / path.name)
    text = (folder / name).read_text()
    (folder / name).write_text(text.replace(f",{old}\n", f",{new}\n", 1))
    monkeypatch.setattr(services, "DATA_DIR", folder)
    return text != (folder / name).read_text()


def test_a_changed_shipped_file_becomes_a_new_current_version(monkeypatch):
    load_shipped()
    tmp_copy(monkeypatch, services.DATA_DIR, "births_by_local_authority.csv", "1013", "1012")
    load_shipped()
    versions = Dataset.objects.filter(kind="births_lad").order_by("version")
    assert [(d.version, d.is_current) for d in versions] == [(1, False), (2, True)]
    # Version 1 is kept unchanged.
    assert versions[0].figures.get(area__code="E06000001").value == 1013
    assert versions[1].figures.get(area__code="E06000001").value == 1012
