"""The exchange-format validator (pure: no database)."""

import copy

from commissioning.knowledge.bundle import Known, validate_bundle
from tests.knowledge.curation_support import FACTOR, PARAMETER, SOURCE

KNOWN = Known(
    comb={"CPs", "MRe"},
    tdf={"TDF01"},
    functions={"IF-education"},
    policies={"PC-communication"},
    bcts={"1.1"},
    perspectives={"commissioner"},
)


def good() -> dict:
    return {
        "sources": [copy.deepcopy(SOURCE)],
        "factors": [copy.deepcopy(FACTOR)],
        "parameters": [copy.deepcopy(PARAMETER)],
    }


def messages(bundle: dict) -> list[str]:
    return [str(problem) for problem in validate_bundle(bundle, KNOWN)]


def test_a_good_bundle_has_no_problems():
    assert messages(good()) == []


def test_the_bundle_may_define_the_sources_it_cites():
    bundle = good()
    assert messages(bundle) == []
    del bundle["sources"]
    assert "factors row 1 (low-awareness), sources: unknown source 'smith2020'" in messages(bundle)


def test_it_reports_every_problem_with_row_and_field():
    bundle = good()
    bundle["factors"][0]["kind"] = "obstacle"
    bundle["factors"][0]["comb"] = []
    bundle["parameters"][0]["low"] = "100"
    found = messages(bundle)
    assert (
        "factors row 1 (low-awareness), kind: 'obstacle' is not one of barrier, both, enabler"
        in found
    )
    assert "factors row 1 (low-awareness), comb: needs at least 1 COM-B sub-component" in found
    assert "parameters row 1 (band7_hourly), low: must not be above the value (100 > 70)" in found


def test_shapes_that_are_not_objects_are_reported_not_raised():
    assert messages([]) == ["file row 0, (file): must be an object with lists of items"]
    assert "factors row 0, (section): must be a list" in messages({"factors": "nope"})
    assert "factors row 1, (row): must be an object of fields" in messages({"factors": [3]})
    assert "file row 0, (file): contains no items" in messages({})
    assert "file row 0, extra: is not a section this import understands" in messages(
        {"extra": [], "sources": [SOURCE]}
    )


def test_unverified_values_cannot_be_published():
    bundle = good()
    bundle["parameters"][0]["mark"] = "U"
    assert any("unverified (U) value cannot be published" in m for m in messages(bundle))
    bundle["parameters"][0]["status"] = "draft"
    assert messages(bundle) == []


def test_numbers_years_and_slugs_are_checked():
    bundle = good()
    bundle["parameters"][0]["value"] = "inf"
    bundle["parameters"][0]["price_year"] = "last year"
    bundle["factors"][0]["slug"] = "Has Spaces"
    bundle["factors"][0]["related"] = ["Has Spaces"]
    found = "\n".join(messages(bundle))
    assert "value: must be a finite number" in found
    assert "price_year: 'last year' is not a financial year such as 2023/24" in found
    assert "slug: must use only lower-case letters" in found
    assert "a factor cannot be related to itself" in found


def test_actions_are_checked_one_by_one():
    bundle = good()
    bundle["factors"][0]["actions"][1]["function"] = "IF-magic"
    bundle["factors"][0]["actions"][0]["resources"] = [{"label": "x", "url": "ftp://x"}]
    found = "\n".join(messages(bundle))
    assert "actions[2].function: unknown intervention function 'IF-magic'" in found
    assert "actions[1].resources: 'ftp://x' is not a web address" in found


def test_short_citations():
    from commissioning.knowledge.models import Source

    cases = {
        "McSweeney L, Bateson K, Hamilton W, Arnott B": "McSweeney et al. (2025)",
        "Moran PM, Coates R": "Moran and Coates (2025)",
        "Barlow J, et al.": "Barlow et al. (2025)",
        "Audit Commission": "Audit Commission (2025)",
        "": "BMC (2025)",
    }
    for authors, expected in cases.items():
        assert Source(authors=authors, year=2025, container="BMC").short_citation == expected
