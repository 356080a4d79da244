"""The shipped datasets load once, with every row, and reloading changes nothing;
a curator's newer upload is never replaced by the loader."""

import dataclasses
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
        ("lookup_lad_icb", "la_to_icb.csv"): (1, False, 321),
        ("lookup_lad_icb", "la_to_icb_2024.csv"): (2, False, 310),
        ("lookup_lad_icb", "la_to_icb_2026_derived.csv"): (3, True, 303),
        ("lookup_utla_icb", "utla_to_icb.csv"): (1, True, 164),
        ("births_lad", "births_by_local_authority.csv"): (1, False, 309),
        ("births_lad", "births_by_local_authority_lad2024.csv"): (2, True, 296),
        ("births_utla", "births_by_upper_tier_local_authority.csv"): (1, True, 152),
        ("imd_lad", "imd2019_by_local_authority.csv"): (1, False, 317),
        ("imd_lad", "imd2025_by_local_authority.csv"): (2, True, 296),
    }
    births = Dataset.objects.get(kind="births_lad", is_current=True)
    assert sum(births.figures.values_list("value", flat=True)) == ENGLAND_BIRTHS
    assert births.lookup.file_name == "la_to_icb_2026_derived.csv"
    assert "not calendar-year registrations" in births.period
    assert (births.period_short, births.period_end.isoformat()) == (
        "mid-2019 (year to 30 June 2019)",
        "2019-06-30",
    )
    configurations = {
        d.file_name: (d.configuration.name, d.configuration.effective_from.isoformat())
        for d in Dataset.objects.filter(kind="lookup_lad_icb")
    }
    assert configurations == {
        "la_to_icb.csv": ("ICBs of July 2022", "2022-07-01"),
        "la_to_icb_2024.csv": ("ICBs of April 2024", "2024-04-01"),
        "la_to_icb_2026_derived.csv": ("ICBs of April 2026", "2026-04-01"),
    }
    assert list(Dataset.objects.filter(derived=True).values_list("file_name", flat=True)) == [
        "la_to_icb_2026_derived.csv"
    ]


def test_it_creates_every_area_once():
    load_shipped()
    # 42 ICBs of July 2022, 2 new codes in April 2024, 7 in April 2026.
    assert Area.objects.filter(level="icb").count() == 42 + 2 + 7
    assert Area.objects.filter(level="icb", current=True).count() == 36
    assert Area.objects.filter(level="icb", ceased_on__isnull=False).count() == 2 + 13
    assert Area.objects.filter(level="utla").count() == 24  # counties (E10)
    assert Area.objects.filter(level="lad", current=True).count() == 296
    assert Area.objects.filter(level="lad", single_tier=True).count() == 63 + 36 + 33
    former = Area.objects.get(code="E07000004")
    assert (former.current, former.successor.code) == (False, "E06000060")
    assert former.ceased_on.isoformat() == "2020-04-01"
    assert Area.objects.filter(successor__code="E06000061").count() == 4
    allerdale = Area.objects.get(code="E07000026")
    assert (allerdale.current, allerdale.successor.code, allerdale.ceased_on.isoformat()) == (
        False,
        "E06000063",
        "2023-04-01",
    )
    assert Area.objects.get(code="E06000063").current  # Cumberland


def test_reloading_changes_nothing():
    first = load_shipped()
    before = snapshot()
    second = load_shipped()
    assert snapshot() == before
    assert "loaded 9 file(s)" in first
    assert second == "nothing new to load"


def test_the_content_loader_loads_them(db):
    out = io.StringIO()
    call_command("load_content", stdout=out)
    call_command("load_content", stdout=out)
    assert Dataset.objects.count() == 9
    assert "Area datasets: nothing new to load" in out.getvalue()


def test_it_never_replaces_a_curators_newer_version(monkeypatch):
    """The loader adds a changed shipped file only when a shipped version is current."""
    load_shipped()
    curator = make_user(is_staff=True)
    births = Dataset.objects.get(kind="births_lad", is_current=True)
    text = shipped_text("births_by_local_authority_lad2024.csv").replace(
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
    assert tmp_copy(
        monkeypatch, services.DATA_DIR, "births_by_local_authority_lad2024.csv", "1013", "1012"
    )
    summary = load_shipped()
    assert "kept births_by_local_authority_lad2024.csv" in summary
    uploaded.refresh_from_db()
    assert uploaded.is_current and uploaded.version == 3
    assert Dataset.objects.filter(kind="births_lad").count() == 3


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
    tmp_copy(
        monkeypatch, services.DATA_DIR, "births_by_local_authority_lad2024.csv", "1013", "1012"
    )
    load_shipped()
    versions = Dataset.objects.filter(kind="births_lad").order_by("version")
    assert [(d.version, d.is_current) for d in versions] == [(1, False), (2, False), (3, True)]
    # Version 2 is kept unchanged.
    assert versions[1].figures.get(area__code="E06000001").value == 1013
    assert versions[2].figures.get(area__code="E06000001").value == 1012


def test_a_later_release_corrects_a_loaded_versions_description_not_its_figures():
    """Shipped versions loaded before the sources were corrected (e.g. a copy's GitHub
    address in the source) take the corrected description on the next load."""
    load_shipped()
    births = Dataset.objects.get(kind="births_lad", is_current=True)
    Dataset.objects.filter(pk=births.pk).update(source="read from a GitHub copy", licence="?")
    before = snapshot()
    assert load_shipped() == "nothing new to load"
    births.refresh_from_db()
    assert births.source.startswith("Office for National Statistics (ONS)")
    assert births.licence == "Open Government Licence v3.0"
    assert snapshot() == before


def test_an_existing_deployment_moves_onto_the_april_2026_map(monkeypatch):
    """A database loaded before this release (the 2022 files current) gets the 2026
    lookup, the LAD 2024 births and IoD 2025 as new current versions, and keeps the rest."""
    from commissioning.areas import shipped

    older = tuple(
        s
        for s in shipped.SHIPPED
        if s.file_name
        not in {
            "la_to_icb_2026_derived.csv",
            "births_by_local_authority_lad2024.csv",
            "imd2025_by_local_authority.csv",
        }
    )
    as_before = tuple(
        dataclasses.replace(s, current=s.file_name != "la_to_icb_2024.csv") for s in older
    )
    monkeypatch.setattr(shipped, "SHIPPED", as_before)
    monkeypatch.setattr(shipped, "CHANGES_FILE", "")
    load_shipped()
    assert Dataset.objects.get(kind="births_lad", is_current=True).version == 1
    monkeypatch.undo()
    load_shipped()
    current = {d.kind: d.file_name for d in Dataset.objects.filter(is_current=True)}
    assert current["births_lad"] == "births_by_local_authority_lad2024.csv"
    assert current["lookup_lad_icb"] == "la_to_icb_2026_derived.csv"
    assert current["imd_lad"] == "imd2025_by_local_authority.csv"
    assert Dataset.objects.get(file_name="births_by_local_authority.csv").version == 1
    assert Area.objects.get(code="E54000034").ceased_on.isoformat() == "2026-04-01"
