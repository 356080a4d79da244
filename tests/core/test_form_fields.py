"""The shared form fields read hostile text as a validation error, never a crash."""

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.forms import CountField, SafeJSONField


@pytest.fixture
def capacity():
    return CountField(short="Capacity", required=False, min_value=0, max_value=1_000_000)


@pytest.mark.parametrize(
    ("typed", "value"), [("40", 40), ("40,000", 40000), (" 7 ", 7), ("", None)]
)
def test_a_count_reads_as_typed(capacity, typed, value):
    assert capacity.clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,0,0,0", "Capacity must have commas only between groups of three digits"),
        ("40.000,00", "Capacity must use a full stop for decimals"),
        ("£40", "Capacity must be a number, not an amount in pounds"),
        ("15%", "Capacity must be a number, not a percentage"),
        ("٤٠", "Capacity must be written with the digits 0 to 9"),
        ("1e999999999", "Capacity must be a smaller number"),
        ("2,000,000", "less than or equal to 1000000"),
        ("2.5", "Enter a whole number"),
        ("9" * 5000, "no more than 40 characters"),
    ],
)
def test_a_count_that_is_ambiguous_or_out_of_range_is_refused(capacity, typed, message):
    with pytest.raises(ValidationError) as refused:
        capacity.clean(typed)
    assert message in refused.value.messages[0]


@pytest.mark.parametrize(
    "text", ["[" * 100_000, '{"n": ' + "9" * 5000 + "}", '"\\u0000"', '["\\ud800"]']
)
def test_hostile_json_in_a_json_field_is_a_validation_error(text):
    with pytest.raises(ValidationError) as refused:
        SafeJSONField().clean(text)
    assert refused.value.messages[0].startswith("The JSON ")


def test_ordinary_json_in_a_json_field_reads_as_usual():
    assert SafeJSONField().clean('{"levels": ["a", "b"]}') == {"levels": ["a", "b"]}
