"""The gap summary is pure arithmetic on the recorded services and marks: worked
examples and properties."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning.servicemap.catalogue import LEVEL_CODES, SECTOR_CODES
from commissioning.servicemap.summary import (
    ServiceLine,
    ServiceMapSummary,
    add_months,
    business_need,
    existing_arrangements,
    funding_status,
    summarise,
)

TODAY = date(2026, 12, 6)


def line(level="targeted", sector="health_visiting", **kw) -> ServiceLine:
    return ServiceLine(level=level, sector=sector, name=kw.pop("name", "S"), provider="P", **kw)


def test_a_worked_example():
    services = [
        line("universal", "health_visiting", name="Mandated contacts"),
        line("targeted", "vcs", name="Peer support", funding_route="grant"),
        line(
            "specialist",
            "camhs_imh",
            name="PAIR team",
            specialised_team=True,
            funding_ends=date(2027, 3, 31),
        ),
        line("specialist", "perinatal_mh", name="Old pilot", funding_ends=date(2026, 3, 31)),
        line("targeted", "family_hubs", name="Long money", funding_ends=date(2029, 4, 1)),
    ]
    gaps = summarise(services, [("universal", "midwifery")], TODAY)
    assert gaps.levels_without == ()
    assert gaps.sectors_without == (
        "Midwifery",
        "Children's social care",
        "Other",
    )
    assert gaps.cell("universal", "midwifery").state == "no_service"
    assert gaps.cell("universal", "social_care").state == "not_recorded"
    assert gaps.cell("specialist", "camhs_imh").label == "1 service"
    assert gaps.recorded == 6 and len(gaps.not_recorded_cells) == 18
    assert [(f.service.name, f.status) for f in gaps.funding_flags] == [
        ("Old pilot", "ended"),
        ("PAIR team", "ending"),
        ("Peer support", "no_end_date"),
    ]
    assert gaps.has_specialised_team
    assert [s.name for s in gaps.specialised_teams] == ["PAIR team"]


def test_an_empty_map_has_every_level_and_sector_without_service():
    gaps = summarise([], [], TODAY)
    assert gaps.levels_without == ("Universal", "Targeted", "Specialist")
    assert len(gaps.sectors_without) == len(SECTOR_CODES)
    assert not gaps.has_specialised_team and gaps.recorded == 0


def test_a_service_beats_a_stale_no_service_mark():
    gaps = summarise([line()], [("targeted", "health_visiting")], TODAY)
    assert gaps.cell("targeted", "health_visiting").state == "services"


def test_funding_horizon_is_24_months_inclusive():
    assert funding_status(line(funding_ends=date(2028, 12, 6)), TODAY) == "ending"
    assert funding_status(line(funding_ends=date(2028, 12, 7)), TODAY) is None
    assert funding_status(line(funding_ends=date(2026, 12, 5)), TODAY) == "ended"
    assert funding_status(line(funding_route="fixed_term"), TODAY) == "no_end_date"
    assert funding_status(line(funding_route="recurrent"), TODAY) is None
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def summary_of(services, marks=()) -> ServiceMapSummary:
    return ServiceMapSummary(
        map_id=1,
        organisation_name="North",
        area_name="North Borough",
        area_code="",
        version=3,
        updated_at=None,
        updated_by="",
        services=tuple(services),
        gaps=summarise(services, marks, TODAY),
    )


def test_the_business_case_sentences_name_the_gaps():
    summary = summary_of([line("universal", "health_visiting", name="Mandated contacts")])
    existing = " ".join(existing_arrangements(summary))
    assert "records 1 service" in existing and "1 of 24" in existing
    assert "1 universal, 0 targeted and 0 specialist" in existing
    need = " ".join(business_need(summary))
    assert "No service is recorded at the targeted and specialist levels." in need
    assert "No service on the map is recorded as a specialised" in need
    assert "23 level and sector combinations are not yet recorded" in need


cells = st.tuples(st.sampled_from(LEVEL_CODES), st.sampled_from(SECTOR_CODES))


@settings(deadline=None, max_examples=60)
@given(st.lists(cells, max_size=30), st.sets(cells))
def test_every_cell_is_in_exactly_one_state(service_cells, marks):
    services = [line(level, sector) for level, sector in service_cells]
    gaps = summarise(services, marks, TODAY)
    assert len(gaps.cells) == len(LEVEL_CODES) * len(SECTOR_CODES)
    with_services = set(service_cells)
    for cell in gaps.cells:
        key = (cell.level, cell.sector)
        expected = (
            "services" if key in with_services else "no_service" if key in marks else "not_recorded"
        )
        assert cell.state == expected
    assert sum(c.services for c in gaps.cells) == len(services)
    levels_with = {level for level, _ in service_cells}
    assert len(gaps.levels_without) == len(LEVEL_CODES) - len(levels_with)
