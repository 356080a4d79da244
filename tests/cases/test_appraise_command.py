"""`python manage.py appraise CASE.json`: JSON out, or exit status 2 and named fields."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from commissioning.cases.economics import analyse_case, parse_case
from tests.cases.support import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
APPRAISAL_KEYS = {
    "pv_costs",
    "pv_benefits",
    "pv_benefits_by_type",
    "pv_benefits_by_agency",
    "npv",
    "bcr",
    "roi",
    "fiscal_roi",
    "payback_year",
    "families_per_cohort",
    "families_total",
    "cost_per_family",
    "cost_per_net_case",
    "capacity_binds",
    "switching_value",
    "switching_sentence",
    "years",
    "unavailable",
}


def run(*args):
    """(exit status, stdout, stderr) of the command run in this process."""
    out, err = StringIO(), StringIO()
    try:
        call_command("appraise", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", ["new-team", "system-champions"])
def test_it_prints_the_analysis_of_an_example_as_json(name):
    status, out, err = run(str(EXAMPLES / f"{name}.json"))
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert set(result) == {
        "model_version",
        "case",
        "appraisal",
        "sensitivity",
        "scenarios",
        "psa",
        "expected_value",
        "lower_rate_test",
    }
    appraisal = result["appraisal"]
    assert set(appraisal) >= APPRAISAL_KEYS
    assert len(appraisal["years"]) == appraisal["horizon_years"]
    assert set(appraisal["years"][0]) == {
        "year",
        "cost",
        "benefit",
        "health_benefit",
        "df_standard",
        "df_health",
        "pv_cost",
        "pv_benefit",
        "cumulative_npv",
    }
    # Decimals are strings rounded for display (money to pence), matching the engine
    case = parse_case(json.loads((EXAMPLES / f"{name}.json").read_text(), parse_float=Decimal))
    analysis = analyse_case(case)
    assert Decimal(appraisal["npv"]) == analysis.appraisal.npv.quantize(Decimal("0.01"))
    assert appraisal["npv"].split(".")[1].isdigit() and len(appraisal["npv"].split(".")[1]) == 2
    assert set(result["scenarios"]) == {"conservative", "central", "optimistic"}
    assert result["psa"]["draws"] == 5000 and result["psa"]["seed"] == 1
    rows = result["sensitivity"]
    swings = [Decimal(row["swing"]) for row in rows]
    assert swings == sorted(swings, reverse=True)
    assert result["case"]["illustrative_inputs"]


def test_seed_and_draws_options():
    path = str(EXAMPLES / "new-team.json")
    _, first, _ = run(path, "--seed", "3", "--draws", "1000")
    _, again, _ = run(path, "--seed", "3", "--draws", "1000")
    _, other, _ = run(path, "--seed", "4", "--draws", "1000")
    assert json.loads(first)["psa"] == json.loads(again)["psa"]
    assert json.loads(first)["psa"]["draws"] == 1000
    assert json.loads(first)["psa"]["npv_p5"] != json.loads(other)["psa"]["npv_p5"]
    status, out, err = run(path, "--draws", "5")
    assert (status, out) == (2, "")
    assert "--draws" in err


def test_an_invalid_case_exits_2_naming_each_field(tmp_path):
    data = json.loads((EXAMPLES / "new-team.json").read_text())
    data["births_per_year"] = -5
    data["horizon_years"] = 500
    data["outcomes"][1]["relative_reduction"] = 2
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    status, out, err = run(str(path))
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert sorted(lines) == sorted(
        [
            "births_per_year: Enter a number between 0 and 1,000,000",
            "horizon_years: Enter a whole number between 1 and 60",
            "outcomes[1].relative_reduction: Enter a number between 0 and 1",
        ]
    )


def test_nan_in_the_file_is_named(tmp_path):
    path = tmp_path / "nan.json"
    text = (EXAMPLES / "system-champions.json").read_text()
    path.write_text(text.replace('"displacement": 0', '"displacement": NaN'))
    status, out, err = run(str(path))
    assert (status, out) == (2, "")
    assert err.strip() == "displacement: Enter a number between 0 and 1"


def test_unreadable_or_malformed_files_exit_2(tmp_path):
    status, out, err = run(str(tmp_path / "missing.json"))
    assert (status, out) == (2, "")
    assert "missing.json: cannot read the case file (No such file or directory)" in err
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x",')
    status, out, err = run(str(broken))
    assert (status, out) == (2, "")
    assert "broken.json: is not valid JSON" in err and "line 1" in err
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    status, out, err = run(str(binary))
    assert (status, out) == (2, "")
    assert "cannot read the case file" in err
    status, out, err = run(str(tmp_path))  # a directory
    assert (status, out) == (2, "")
    not_object = tmp_path / "list.json"
    not_object.write_text("[1, 2]")
    status, out, err = run(str(not_object))
    assert (status, out, err.strip()) == (
        2,
        "",
        "case: The case must be a JSON object with named fields",
    )


def test_it_exits_2_as_a_real_process(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"name": "x", "horizon_years": 0}))
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    process = subprocess.run(
        [sys.executable, "manage.py", "appraise", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 2
    assert process.stdout == ""
    assert "horizon_years: Enter a whole number between 1 and 60" in process.stderr
    assert "births_per_year: Enter the number of births a year" in process.stderr
    ok = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "appraise",
            str(EXAMPLES / "new-team.json"),
            "--draws",
            "500",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["psa"]["draws"] == 500
