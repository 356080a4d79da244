"""One price year a case: money inputs given in other years' prices are uprated by the
GDP deflator ratio (value, low and high), reported per input, and refused with a message
naming the field when their price year cannot be used. Worked examples use HM Treasury's
March 2026 series, shipped with the toolkit (2024/25 = 100)."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from commissioning.cases import document
from commissioning.cases.economics import CaseInvalid, analyse_case, parse_case
from commissioning.prices import deflators
from tests.cases.support import EXAMPLES

D = Decimal
TODAY = date(2026, 12, 6)


def case(**money) -> dict:
    data = {
        "name": "Uprating test",
        "horizon_years": 5,
        "service_years": 2,
        "births_per_year": 1000,
        "prevalence": 0.1,
        "reach": 0.5,
        "setup_cost": 10_000,
        "non_staff": [{"label": "Travel", "annual_cost": 2000}],
        "unit_costs": {"Band 7": 100_000},
        "staff": [{"role": "Psychologist", "band": "Band 7", "wte": 1}],
        "outcomes": [
            {
                "name": "Care avoided",
                "value_type": "fiscal_cashable",
                "agency": "Local authority",
                "baseline_risk": 0.1,
                "relative_reduction": 0.2,
                "value_per_case": 50_000,
                "duration_years": 1,
            }
        ],
    }
    for path, entry in money.items():
        if path == "value_per_case":
            data["outcomes"][0]["value_per_case"] = entry
        elif path == "annual_cost":
            data["non_staff"][0]["annual_cost"] = entry
        elif path == "unit_cost":
            data["unit_costs"]["Band 7"] = entry
        else:
            data[path] = entry
    return data


def parse(data):
    return parse_case(data, today=TODAY)


def test_fifty_thousand_pounds_in_2012_13_is_uprated_with_its_range():
    inputs = parse(
        case(value_per_case={"value": 50000, "low": 40000, "high": 60000, "price_year": "2012/13"})
    )
    assert inputs.price_year == "2024/25"  # the latest outturn year of the series
    outcome = inputs.outcomes[0]
    assert outcome.value_per_case == D("69885.69")
    rng = inputs.ranges["outcomes[0].value_per_case"]
    assert (rng.low, rng.high) == (D("55908.56"), D("83862.83"))
    (priced,) = inputs.priced
    assert (priced.path, priced.price_year, priced.to_year) == (
        "outcomes[0].value_per_case",
        "2012/13",
        "2024/25",
    )
    assert priced.value == 50000 and priced.uprated_value == D("69885.69")
    assert round(priced.factor, 4) == D("1.3977") and priced.uprated
    assert "March 2026" in inputs.deflators


def test_every_kind_of_money_input_is_uprated_to_the_case_price_year():
    inputs = parse(
        case(
            price_year="2023/24",
            setup_cost={"value": 10000, "price_year": "2024/25"},
            annual_cost={"value": 2000, "price_year": "2012/13"},
            unit_cost={"value": 100000, "price_year": "2022/23"},
        )
    )
    # to 2023/24: x 96.1117 / index
    assert inputs.setup_cost == D("9611.17")
    assert inputs.non_staff[0].annual_cost == D("2686.73")
    assert inputs.unit_costs["Band 7"] == D("105270.67")
    assert [p.path for p in inputs.priced] == [
        "setup_cost",
        "unit_costs.Band 7",
        "non_staff[0].annual_cost",
    ]


def test_a_staff_line_priced_in_another_year():
    data = case()
    data["staff"][0]["annual_cost_per_wte"] = {"value": 100000, "price_year": "2023/24"}
    inputs = parse(data)
    assert inputs.staff[0].annual_cost_per_wte == D("104045.61")


def test_the_same_year_is_recorded_but_not_changed():
    inputs = parse(case(setup_cost={"value": 10000, "price_year": "2024/25"}))
    assert inputs.setup_cost == 10000
    (priced,) = inputs.priced
    assert priced.factor == 1 and not priced.uprated


def test_a_value_with_no_known_price_year_is_used_as_given_and_reported():
    inputs = parse(case(value_per_case={"value": 89390, "price_year": "not known"}))
    assert inputs.outcomes[0].value_per_case == 89390
    (priced,) = inputs.priced
    assert not priced.known and priced.factor is None
    analysis = analyse_case(inputs, draws=100)
    assert document.price_note(inputs, "outcomes[0].value_per_case") == (
        "Price year not known: used as given, not uprated, so it may not be in 2024/25 prices.",
        True,
    )
    rows = document.assumption_rows(inputs, {}, analysis)
    row = next(r for r in rows if r["path"] == "outcomes[0].value_per_case")
    assert (row["price_year"], row["price_warning"]) == ("not known", True)


def test_uprating_changes_the_results_as_the_ratio_says():
    plain = parse(case())
    older = parse(case(value_per_case={"value": 50000, "price_year": "2012/13"}))
    assert older.outcomes[0].value_per_case / plain.outcomes[0].value_per_case == (
        D("69885.69") / 50000
    )
    a, b = analyse_case(plain, draws=100), analyse_case(older, draws=100)
    assert b.appraisal.pv_benefits > a.appraisal.pv_benefits
    assert b.appraisal.pv_costs == a.appraisal.pv_costs


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        (
            {"value_per_case": {"value": 1, "price_year": "2012"}},
            "outcomes[0].value_per_case.price_year",
            'Enter the price year of this figure as a financial year such as 2023/24, or "not '
            'known"',
        ),
        (
            {"value_per_case": {"value": 1, "price_year": "2009/10"}},
            "outcomes[0].value_per_case.price_year",
            "There is no deflator for 2009/10: the series in use covers 2010/11 to 2030/31",
        ),
        (
            {"setup_cost": {"value": 1, "price_year": "2027/28"}},
            "setup_cost.price_year",
            "2027/28 has not started yet (it is now 2026/27): enter the year whose prices this "
            "figure is in",
        ),
        (
            {"prevalence": {"value": 0.1, "price_year": "2023/24"}},
            "prevalence.price_year",
            "Remove price_year: only an amount of money has a price year",
        ),
        (
            {"price_year": "2031/32"},
            "price_year",
            "There is no deflator for 2031/32: the series in use covers 2010/11 to 2030/31",
        ),
        (
            {"price_year": "2024"},
            "price_year",
            "Enter the price year of the case as a financial year such as 2023/24",
        ),
    ],
)
def test_an_unusable_price_year_is_refused_naming_the_field(entry, field, message):
    with pytest.raises(CaseInvalid) as invalid:
        parse(case(**entry))
    assert invalid.value.errors == {field: message}


def test_an_uprated_value_over_the_limit_is_refused():
    with pytest.raises(CaseInvalid) as invalid:
        parse(case(value_per_case={"value": 9_000_000, "price_year": "2010/11"}))
    assert "outcomes[0].value_per_case" in invalid.value.errors


def test_another_deflator_series_can_be_given():
    rebased = deflators.Series(
        "Test",
        "test",
        (deflators.Point(2023, D(50)), deflators.Point(2024, D(100))),
    )
    inputs = parse_case(
        case(setup_cost={"value": 10000, "price_year": "2023/24"}), deflators=rebased, today=TODAY
    )
    assert inputs.setup_cost == 20000
    assert inputs.price_year == "2024/25"


# --- The appraise command ---------------------------------------------------------------------


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("appraise", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def write(tmp_path, data, name="case.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


def test_the_command_lists_each_uprating(tmp_path):
    data = case(value_per_case={"value": 50000, "price_year": "2012/13"})
    status, out, err = run(write(tmp_path, data), "--draws", "100")
    assert (status, err) == (0, "")
    prices = json.loads(out)["case"]
    assert prices["price_year"] == "2024/25"
    (uprating,) = prices["upratings"]
    assert uprating["input"] == "outcomes[0].value_per_case"
    assert (uprating["from"], uprating["to"]) == ("2012/13", "2024/25")
    assert uprating["factor"] == "1.397713899146555893181112972"
    assert (uprating["value"], uprating["uprated_value"]) == ("50000", "69885.69")
    assert prices["price_year_not_known"] == []


def test_the_shipped_example_is_in_2024_25_prices():
    status, out, err = run(str(EXAMPLES / "new-team.json"), "--draws", "100")
    assert status == 0
    prices = json.loads(out)["case"]
    assert prices["price_year"] == "2024/25"
    found = {u["input"]: (u["from"], u["uprated_value"]) for u in prices["upratings"]}
    assert found["outcomes[1].value_per_case"] == ("2012/13", "69885.69")
    assert found["unit_costs.Band 7"] == ("2023/24", "111196.66")
    assert prices["price_year_not_known"] == [
        "outcomes[0].value_per_case",
        "outcomes[3].value_per_case",
        "outcomes[4].value_per_case",
    ]


def test_a_year_outside_the_series_exits_2_naming_the_field(tmp_path):
    data = case(value_per_case={"value": 50000, "price_year": "2009/10"})
    status, out, err = run(write(tmp_path, data))
    assert (status, out) == (2, "")
    assert err.strip() == (
        "outcomes[0].value_per_case.price_year: There is no deflator for 2009/10: the series "
        "in use covers 2010/11 to 2030/31"
    )


def test_a_deflator_file_can_be_given_and_is_checked_whole(tmp_path):
    series = tmp_path / "series.csv"
    series.write_text("financial_year,index,status\n2023-24,80,outturn\n2024-25,100,outturn\n")
    data = case(setup_cost={"value": 10000, "price_year": "2023/24"})
    status, out, err = run(write(tmp_path, data), "--deflators", str(series), "--draws", "100")
    assert (status, err) == (0, "")
    assert json.loads(out)["case"]["upratings"][0]["uprated_value"] == "12500"
    series.write_text("financial_year,index,status\n2022-23,80,outturn\n2024-25,100,outturn\n")
    status, out, err = run(write(tmp_path, data), "--deflators", str(series))
    assert (status, out) == (2, "")
    assert "--deflators" in err and "row 2, financial_year: the series has a gap" in err


# --- The document and the CSV -------------------------------------------------------------


def test_the_document_and_csv_show_original_year_factor_and_uprated_value():
    data = case(
        value_per_case={"value": 50000, "price_year": "2012/13"},
        setup_cost={"value": 10000, "price_year": "not known"},
    )
    analysis = analyse_case(parse(data), draws=100)
    section = document.prices_section(analysis.inputs)
    row = [cell["text"] for cell in section["table"]["rows"][1]]
    assert row == [
        "Care avoided: value per case",
        "£50,000",
        "2012/13",
        "1.3977",
        "£69,885.69",
        "–",
    ]
    assert section["warnings"] == [
        "Set-up cost: Price year not known: used as given, not uprated, so it may not be in "
        "2024/25 prices."
    ]
    csv_text = document.business_case_csv(data, analysis)
    assert (
        "outcomes[0].value_per_case,Care avoided: value per case,50000,2012/13,2024/25,"
        "1.397713899146555893181112972,69885.69" in csv_text
    )
    assert "setup_cost,Set-up cost,10000,not known,2024/25,,10000" in csv_text
