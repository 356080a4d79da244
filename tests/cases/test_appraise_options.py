"""`manage.py appraise` with a case file that holds `options`: every option's results and
the preferred option as JSON, the documents with the comparison, and exit status 2
naming a missing or duplicated option name or a bad option input by its dotted path."""

import json

import pytest

from tests.cases.support import EXAMPLES
from tests.cases.test_appraise_command import run

OPTIONS = EXAMPLES / "options.json"


def write(tmp_path, data):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def example():
    return json.loads(OPTIONS.read_text(encoding="utf-8"))


def test_the_example_gives_each_options_results_and_the_preferred_option():
    status, out, err = run(str(OPTIONS), "--draws", "500")
    assert (status, err) == (0, "")
    result = json.loads(out)
    names = [o["name"] for o in result["options"]]
    assert len(names) == 3 and names[1] == result["preferred_option"]
    assert result["preferred_reason"].startswith("Do minimum has the highest")
    for option in result["options"]:
        assert {"appraisal", "psa", "expected_value", "sensitivity", "key_risks"} <= set(option)
    assert result["business_as_usual"]["npv"] == "0.00"
    # The options share the case's price year.
    assert {o["case"]["price_year"] for o in result["options"]} == {"2024/25"}
    assert result["flags"] == []
    assert result["highest_npv"] == names[0]


def test_the_example_writes_the_business_case_with_the_comparison(tmp_path):
    html, csv = tmp_path / "case.html", tmp_path / "case.csv"
    status, _out, err = run(str(OPTIONS), "--draws", "200", "--html", str(html), "--csv", str(csv))
    assert (status, err) == (0, "")
    text = html.read_text(encoding="utf-8")
    assert "The options compared with business as usual" in text
    assert "Preferred option: Preferred: a specialised parent-infant relationship team" in text
    assert "chart-options-npv" in text
    rows = csv.read_text(encoding="utf-8")
    assert "Business as usual,0,0,0" in rows and "Preferred option," in rows


def test_a_missing_preferred_reason_is_shown_as_missing(tmp_path):
    data = example()
    del data["preferred_option"], data["preferred_reason"]
    html = tmp_path / "case.html"
    status, _out, err = run(write(tmp_path, data), "--draws", "200", "--html", str(html))
    assert (status, err) == (0, "")
    assert "Preferred option: not recorded." in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            lambda d: d["options"][2].pop("name"),
            "options[2].name: Give this option a name",
        ),
        (
            lambda d: d["options"][1].update(name=d["options"][0]["name"]),
            "options[1].name: ",
        ),
        (
            lambda d: d["options"][1].update(staff=[{"role": "X", "band": "Band 7", "wte": -2}]),
            "options[1].staff[0].wte: ",
        ),
        (
            lambda d: d["options"][0].update(births_per_year=10),
            "options[0].births_per_year: Every option shares this input",
        ),
        (
            lambda d: d.update(preferred_option="Nobody"),
            'preferred_option: "Nobody" is not the name of an option',
        ),
        (lambda d: d.update(options=d["options"][:1]), "options: Give between 2 and 4"),
    ],
)
def test_bad_options_exit_2_naming_the_problem(tmp_path, change, line):
    data = example()
    change(data)
    status, out, err = run(write(tmp_path, data))
    assert status == 2 and out == ""
    assert any(problem.startswith(line) for problem in err.splitlines()), err


def test_a_duplicated_name_names_both_options(tmp_path):
    data = example()
    data["options"][2]["name"] = data["options"][0]["name"].upper()
    status, _out, err = run(write(tmp_path, data))
    assert status == 2
    assert err.startswith("options[2].name: ") and "already the name of options[0]" in err


def test_options_and_compare_together_are_refused(tmp_path):
    status, _out, err = run(str(OPTIONS), "--compare", str(EXAMPLES / "new-team.json"))
    assert status == 2 and err.startswith("--compare:")


def test_the_schema_describes_options():
    schema = json.loads((EXAMPLES.parent / "schema" / "case.schema.json").read_text())
    item = schema["properties"]["options"]["items"]
    assert item["required"] == ["name"] and item["additionalProperties"] is False
    for shared in ("births_per_year", "prevalence", "price_year", "discounting"):
        assert shared not in item["properties"]
    for option in example()["options"]:
        assert set(option) <= set(item["properties"])
    assert {"preferred_option", "preferred_reason"} <= set(schema["properties"])
