"""Hostile JSON and text are refused with one clear line, never a crash."""

import json
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from commissioning.lib.safe_json import (
    MAX_DEPTH,
    UnsafeInput,
    load_json,
    nesting_depth,
    text_problem,
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 200_000 + "]" * 200_000, "nested more than 50 levels deep"),
        ('{"a":' * 100_000 + "1" + "}" * 100_000, "nested more than 50 levels deep"),
        ("[" * 200_000, "nested more than 50 levels deep"),
        ('{"n": ' + "9" * 5000 + "}", "a number of more than 100 digits"),
        ('{"n": 0.' + "1" * 5000 + "}", "a number of more than 100 digits"),
        ('{"name": "\\u0000"}', "NUL character"),
        ('{"name\\u0000": 1}', "NUL character"),
        ('["a\x00"]', "NUL character"),
        ('{"name": "\\ud800"}', "unpaired surrogate"),
        ('["\\udfff x"]', "unpaired surrogate"),
        ("[1, 2", "is not valid JSON"),
        ("", "is not valid JSON"),
    ],
)
def test_hostile_json_is_refused_with_one_line(text, message):
    with pytest.raises(UnsafeInput) as refused:
        load_json(text)
    assert message in refused.value.message
    assert "\n" not in refused.value.message


def test_ordinary_json_reads_as_usual():
    text = '{"name": "Café [team] {x}", "pair": "\\ud83d\\ude00", "n": [1, 2.5, {"d": []}]}'
    assert load_json(text) == json.loads(text)
    assert load_json('{"x": 0.1}', parse_float=Decimal) == {"x": Decimal("0.1")}


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert nesting_depth('["[[[[", "\\"[[["]') == 1
    assert load_json(json.dumps(["[" * 1000])) == ["[" * 1000]


def test_text_problem_names_nul_and_surrogates_only():
    assert text_problem("ordinary text, £ and 😀") is None
    assert "NUL" in text_problem("a\x00b")
    assert "surrogate" in text_problem("a\udc80b")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300)
@given(st.text())
@example("[" * 100_000)
@example('"\\ud800"')
@example("1" * 5000)
def test_any_text_loads_or_is_refused_cleanly(text):
    try:
        load_json(text)
    except UnsafeInput as refused:
        assert refused.message


@settings(max_examples=300)
@given(JSON)
def test_any_json_value_round_trips_unless_it_holds_unsafe_text(value):
    text = json.dumps(value)
    try:
        loaded = load_json(text)
    except UnsafeInput as refused:
        assert (
            "NUL" in refused.message
            or "surrogate" in refused.message
            or "100 digits" in (refused.message)
        )
    else:
        assert json.dumps(loaded) == text


@given(st.integers(min_value=1, max_value=3 * MAX_DEPTH))
def test_depth_is_counted_exactly(depth):
    text = "[" * depth + "]" * depth
    if depth > MAX_DEPTH:
        with pytest.raises(UnsafeInput):
            load_json(text)
    else:
        assert nesting_depth(text) == depth
        load_json(text)
