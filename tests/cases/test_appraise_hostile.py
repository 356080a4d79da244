"""`appraise` on hostile files: exit status 2 and one line naming the problem, never a
traceback, in bounded time and memory; numbers given as text read as people type them."""

import json
import os
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commissioning.cases.economics import CaseInvalid, parse_case
from tests.cases.support import EXAMPLES
from tests.cases.test_appraise_command import run

EXAMPLE = json.loads((EXAMPLES / "new-team.json").read_text(encoding="utf-8"))


def refused(path, *extra) -> str:
    started = time.monotonic()
    status, out, err = run(str(path), *extra)
    assert time.monotonic() - started < 10
    assert (status, out) == (2, "")
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err.strip()


def write(tmp_path, text: str):
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_deep_nesting_is_refused(tmp_path):
    err = refused(write(tmp_path, "[" * 100_000 + "]" * 100_000))
    assert err.endswith("case.json: is nested more than 50 levels deep")


def test_a_number_of_thousands_of_digits_is_refused(tmp_path):
    err = refused(write(tmp_path, '{"births_per_year": ' + "9" * 5000 + "}"))
    assert "has a number of more than 100 digits" in err


@pytest.mark.parametrize("text", ["\\ud800", "a\\udfffb", "\\u0000"])
def test_a_name_that_cannot_be_written_out_is_refused(tmp_path, text):
    data = json.dumps({**EXAMPLE, "name": "x"}).replace('"name": "x"', f'"name": "{text}"')
    err = refused(write(tmp_path, data))
    assert "surrogate" in err or "NUL" in err


def test_a_device_a_pipe_or_a_folder_is_not_read(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path in ("/dev/zero", fifo, tmp_path):
        assert "is not a regular file" in refused(path)


def test_an_unwritable_organisation_name_is_refused_before_any_work():
    err = refused(EXAMPLES / "new-team.json", "--organisation", "North \udced ICB")
    assert err.startswith("--organisation: contains an unpaired surrogate")


def test_a_device_as_the_deflator_series_is_not_read():
    err = refused(EXAMPLES / "new-team.json", "--deflators", "/dev/zero")
    assert "--deflators: /dev/zero: is not a regular file" in err


def with_value(key: str, value: object) -> dict:
    data = json.loads(json.dumps(EXAMPLE))
    if isinstance(data[key], dict):
        data[key]["value"] = value
        data[key].pop("low", None), data[key].pop("high", None)
    else:
        data[key] = value
    return data


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("births_per_year", "5.000,00", "must use a full stop for decimals"),
        ("births_per_year", "5,0,0,0", "must have commas only between groups of three"),
        ("births_per_year", "٥٠٠٠", "must be written with the digits 0 to 9"),
        ("births_per_year", "£5,000", "not an amount in pounds"),
        ("prevalence", "1.5.0", "must have only one decimal point"),
    ],
)
def test_numbers_given_as_text_that_could_mean_two_things_are_refused(key, typed, message):
    with pytest.raises(CaseInvalid) as invalid:
        parse_case(with_value(key, typed))
    assert message in invalid.value.errors[key]


def test_numbers_given_as_text_mean_what_was_typed():
    assert parse_case(with_value("births_per_year", "5,000")).births_per_year == 5000
    assert parse_case(with_value("prevalence", "15%")).prevalence == Decimal("0.15")


HOSTILE = st.one_of(
    st.text(),
    st.sampled_from(["\x00", "\ud800", "1e999999", "9" * 5000, "40.000,00", "x" * 100_000]),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(sorted(k for k in EXAMPLE if not k.startswith("$"))), HOSTILE)
def test_any_value_in_any_field_is_a_case_or_a_named_refusal(key, value):
    data = json.loads(json.dumps(EXAMPLE))
    data[key] = value
    try:
        parse_case(data)
    except CaseInvalid as invalid:
        assert invalid.errors and all(isinstance(m, str) and m for m in invalid.errors.values())


OUTCOME_KEYS = sorted(EXAMPLE["outcomes"][0])
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(OUTCOME_KEYS), HOSTILE | ANY_JSON)
def test_any_value_in_an_outcome_is_a_case_or_a_named_refusal(key, value):
    data = json.loads(json.dumps(EXAMPLE))
    data["outcomes"][0][key] = value
    try:
        parse_case(data)
    except CaseInvalid as invalid:
        assert all(path.startswith("outcomes[0]") for path in invalid.errors)


@settings(max_examples=200, deadline=None)
@given(ANY_JSON)
def test_any_json_at_all_is_a_case_or_a_named_refusal(value):
    try:
        parse_case(value)
    except CaseInvalid as invalid:
        assert invalid.errors
