"""Finding the works a source note cites, and never a date (pure: no database)."""

import pytest

from commissioning.knowledge.works import Work, cited_works, shipped_works

CONTI = Work(
    key="conti2021",
    authors="Conti G, Morris S, Melnychuk M, Pizzo E",
    year=2021,
    title="The economic cost of child maltreatment in the UK",
    container="Health Economics",
)
AUDIT = Work(key="audit2014", authors="Audit Commission", year=2014, title="Briefing")
PSSRU = Work(
    key="pssru2024",
    authors="Jones K, Weatherly H, Birch S, et al.",
    year=2025,
    title="Unit Costs of Health and Social Care 2024 Manual",
    url="https://kar.kent.ac.uk/109563/",
)
GREEN_BOOK = Work(key="greenbook2020", authors="HM Treasury", year=2020, title="The Green Book")
OPTIMISM = Work(key="greenbook_ob", authors="HM Treasury", year=None, title="Optimism bias")
PIF = "Parent-Infant Foundation"
HOLDING = Work(key="pif2025holding", authors=PIF, year=2025, title="Who is holding the baby?")
UPDATE = Work(key="pif2025update", authors=PIF, year=2025, title="End-of-year update 2025")
CATALOGUE = (CONTI, AUDIT, PSSRU, GREEN_BOOK, OPTIMISM, HOLDING, UPDATE)


def keys(notes, works=CATALOGUE):
    return [work.key for work in cited_works(notes, works).works]


@pytest.mark.parametrize(
    "note, expected",
    [
        ("Lifetime cost per case (Conti et al. 2017/2021, V).", ["conti2021"]),
        ("(Conti 2021, V)", ["conti2021"]),
        ("Parameter library: Band 7: Jones et al. (2025), 2024 prices; grade B", ["pssru2024"]),
        ("About £50,000 a year (Audit Commission 2014, V; D).", ["audit2014"]),
        ("Parameter library: Outsourcing: HM Treasury (n.d.); evidence grade M", ["greenbook_ob"]),
        ("0.05 QALY x £70,000 (Green Book 2020, S).", ["greenbook2020"]),
        ("PSSRU 2024 annual total, Band 8a (V).", ["pssru2024"]),
    ],
)
def test_a_note_cites_a_work_by_author_title_or_abbreviation(note, expected):
    assert keys([note]) == expected


def test_works_come_once_in_the_order_the_notes_first_cite_them():
    notes = ["Audit Commission 2014 and Conti et al. 2021", "Conti et al. 2021 again", "PSSRU 2024"]
    assert keys(notes) == ["audit2014", "conti2021", "pssru2024"]


@pytest.mark.parametrize(
    "note",
    [
        "ONS births, March 2026 release.",
        "HM Treasury GDP deflators, March 2026.",
        "Births in mid-2019: 7 years old.",
        "In 2020 the team grew; From 2024 it shrank.",
        "Autumn 2025 budget; Q1 2026 figures; The 2026 review.",
        "2024/25 prices, uprated from 2012/13.",
    ],
)
def test_a_date_is_never_taken_for_a_work(note):
    result = cited_works([note], CATALOGUE)
    assert result.works == [] and result.unlisted == []


def test_a_date_after_a_publisher_leaves_the_publisher_and_year():
    assert cited_works(["HM Treasury March 2026"], CATALOGUE).unlisted == ["HM Treasury 2026"]


def test_an_unknown_author_and_year_is_listed_to_check():
    result = cited_works(["Effect from Smith et al. 2020 and (Conti et al. 2021)."], CATALOGUE)
    assert [w.key for w in result.works] == ["conti2021"]
    assert result.unlisted == ["Smith et al. 2020"]


def test_an_ambiguous_citation_needs_the_title():
    ambiguous = cited_works(["Teams reach 4-6% (Parent-Infant Foundation 2025)."], CATALOGUE)
    assert ambiguous.works == [] and ambiguous.unlisted == ["Parent-Infant Foundation 2025"]
    named = "Parent-Infant Foundation 2025, Who is holding the baby?"
    assert keys([named]) == ["pif2025holding"]


def test_a_work_is_named_in_full():
    assert PSSRU.text == (
        "Jones K, Weatherly H, Birch S, et al. (2025). Unit Costs of Health and Social Care "
        "2024 Manual. https://kar.kent.ac.uk/109563/"
    )
    assert CONTI.text == (
        "Conti G, Morris S, Melnychuk M, Pizzo E (2021). The economic cost of child "
        "maltreatment in the UK. Health Economics."
    )
    assert OPTIMISM.text == "HM Treasury (n.d.). Optimism bias."


def test_every_abbreviation_names_a_shipped_source():
    from commissioning.knowledge.works import CITED_AS

    shipped = {work.key for work in shipped_works()}
    assert set(CITED_AS.values()) <= shipped
