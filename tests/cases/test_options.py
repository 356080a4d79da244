"""The options appraisal engine (economics/options.py): shared inputs, option names, the
comparison with business as usual (a worked example by hand) and its flags."""

import copy
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning.cases.economics import CaseInvalid, analyse_case
from commissioning.cases.economics.options import (
    SHARED,
    compare_options,
    comparison_to_dict,
    name_errors,
    option_data,
    parse_options,
)

D = Decimal


def shared_case(**overrides):
    """1,000 births × 10% need × 50% reach = 50 families; risk 40% cut by half, so 10
    cases avoided, each worth £1,000 for one year: £10,000 of benefits, undiscounted
    (flat 0%), no optimism bias. The options differ in set-up cost and reach."""
    data = {
        "name": "Worked example",
        "horizon_years": 1,
        "service_years": 1,
        "births_per_year": 1000,
        "prevalence": "0.1",
        "reach": "0.5",
        "optimism_bias_costs": 0,
        "discounting": {"method": "flat", "rate": 0},
        "outcomes": [
            {
                "name": "Outcome",
                "baseline_risk": "0.4",
                "relative_reduction": "0.5",
                "value_per_case": 1000,
                "value_type": "fiscal_cashable",
                "agency": "NHS",
                "duration_years": 1,
            }
        ],
        "options": [
            {"name": "Small team", "setup_cost": 4000},
            {"name": "Large team", "setup_cost": 12000, "reach": "1"},
        ],
    }
    data.update(overrides)
    return data


def compared(data, **kwargs):
    parsed = parse_options(data)
    return compare_options(
        [(p.name, p.data, analyse_case(p.inputs, draws=200)) for p in parsed], **kwargs
    )


def test_worked_example_every_option_against_business_as_usual():
    comparison = compared(shared_case())
    small, large = comparison.options
    # Small: PV costs £4,000; benefits 50 × 0.4 × 0.5 × £1,000 = £10,000; NPV £6,000; BCR 2.5.
    assert (small.pv_costs, small.pv_benefits, small.npv, small.bcr) == (
        D(4000),
        D(10000),
        D(6000),
        D("2.5"),
    )
    assert small.families == 50 and small.payback_year == 0
    # Large: reach 100%, so 100 families and £20,000; costs £12,000; NPV £8,000; BCR 5/3.
    assert (large.pv_costs, large.pv_benefits, large.npv) == (D(12000), D(20000), D(8000))
    assert large.bcr.quantize(D("0.0001")) == D("1.6667") and large.families == 100
    assert comparison.highest_npv == "Large team"
    assert 0 <= small.probability_positive <= 1 and comparison.flags == ()
    assert comparison.preferred_missing


def test_options_share_need_price_year_and_discounting():
    data = shared_case()
    merged = option_data(data, {"name": "X", "reach": "0.2", "births_per_year": 9})
    assert merged["births_per_year"] == 1000  # shared: the option cannot change it
    assert merged["reach"] == "0.2" and "options" not in merged and merged["name"] == data["name"]
    data["options"][1]["prevalence"] = "0.3"
    with pytest.raises(CaseInvalid) as raised:
        parse_options(data)
    assert "options[1].prevalence" in raised.value.errors


@pytest.mark.parametrize(
    ("names", "path", "words"),
    [
        (["A", ""], "options[1].name", "Give this option a name"),
        (["A", None], "options[1].name", "Give this option a name"),
        (["Team", " team "], "options[1].name", '"team" is already the name of options[0]'),
    ],
)
def test_a_missing_or_duplicated_name_is_named(names, path, words):
    data = shared_case()
    for option, name in zip(data["options"], names, strict=True):
        option["name"] = name
    with pytest.raises(CaseInvalid) as raised:
        parse_options(data)
    assert words in raised.value.errors[path]


def test_bad_option_inputs_are_named_by_dotted_path():
    data = shared_case()
    line = {"role": "Psychologist", "annual_cost_per_wte": 50000, "wte": -1}
    data["options"][1]["staff"] = [line]
    with pytest.raises(CaseInvalid) as raised:
        parse_options(data)
    assert list(raised.value.errors) == ["options[1].staff[0].wte"]


@pytest.mark.parametrize("count", [0, 1, 5])
def test_two_to_four_options(count):
    data = shared_case(options=[{"name": f"O{i}", "setup_cost": i} for i in range(count)])
    with pytest.raises(CaseInvalid) as raised:
        parse_options(data)
    assert "between 2 and 4" in raised.value.errors["options"]


def test_an_option_that_differs_from_business_as_usual_in_nothing_is_flagged():
    data = shared_case()
    data["options"].append(
        {
            "name": "Nothing new",
            "outcomes": [dict(data["outcomes"][0], relative_reduction=0)],
        }
    )
    comparison = compared(data)
    messages = [f.message for f in comparison.flags]
    assert messages == [
        "Nothing new differs from business as usual in nothing: it has no costs and no "
        "effects. Give it the costs and effects of what it would do, or remove it."
    ]


def test_an_option_identical_to_another_is_flagged():
    data = shared_case()
    data["options"].append({"name": "Small again", "setup_cost": 4000})
    comparison = compared(data)
    assert [f.option for f in comparison.flags] == ["Small again"]
    assert "the same inputs as Small team" in comparison.flags[0].message


def test_different_horizons_are_flagged_and_the_preferred_option_is_kept():
    data = shared_case()
    data["options"][1].update(horizon_years=2)
    comparison = compared(data, preferred="Small team", preferred_reason=" Cheaper. ")
    assert any("different horizons (1 years, 2 years)" in f.message for f in comparison.flags)
    assert (comparison.preferred, comparison.preferred_reason) == ("Small team", "Cheaper.")
    assert not comparison.preferred_missing
    as_json = comparison_to_dict(comparison)
    assert as_json["preferred_option"] == "Small team"
    assert [o["name"] for o in as_json["options"]] == ["Small team", "Large team"]
    assert as_json["summary"][0]["npv"] == "6000.00"


def test_an_unknown_preferred_option_is_not_recorded():
    comparison = compared(shared_case(), preferred="Nobody", preferred_reason="Because")
    assert comparison.preferred == "" and comparison.preferred_missing


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=6))
def test_names_are_accepted_only_when_present_and_different(names):
    errors = name_errors(names)
    keys = [n.strip().casefold() if isinstance(n, str) else None for n in names]
    for i, key in enumerate(keys):
        bad = key is None or key == "" or key in keys[:i]
        assert (f"options[{i}].name" in errors) == bad


@settings(max_examples=30, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*SHARED, "reach", "setup_cost", "name", "horizon_years"]),
        st.integers(0, 9),
    )
)
def test_shared_inputs_always_come_from_the_case(option):
    data = shared_case()
    merged = option_data(data, option)
    for key in SHARED:
        assert merged.get(key) == data.get(key)
    for key, value in option.items():
        if key not in (*SHARED, "name"):
            assert merged[key] == value
    assert data == shared_case()  # the shared data is not changed
    assert copy.deepcopy(merged) == merged
