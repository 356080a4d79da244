"""Spreadsheet formula injection is neutralised; plain text and numbers are not
touched (pure: no database)."""

from decimal import Decimal

import pytest

from commissioning.lib.csvsafe import csv_safe, csv_safe_row, csv_unprotect


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Low awareness", "Low awareness"),
        ("a = b", "a = b"),
        (" =leading space is not a formula", " =leading space is not a formula"),
        ("'already quoted", "'already quoted"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_protects_text_that_a_spreadsheet_would_run(value, expected):
    assert csv_safe(value) == expected


@pytest.mark.parametrize("number", [-1, 0, 3, -0.5, Decimal("-0.035"), Decimal("8100000000")])
def test_it_leaves_numbers_alone(number):
    assert csv_safe(number) == number


def test_it_protects_a_whole_row():
    assert csv_safe_row(["=1", 2, None, "ok"]) == ["'=1", 2, "", "ok"]


@pytest.mark.parametrize("text", ["=cmd", "+1", "-1", "@x", "\tx", "\rx", "plain", "'quoted", ""])
def test_unprotect_undoes_protect(text):
    assert csv_unprotect(csv_safe(text)) == text


def test_unprotect_keeps_an_apostrophe_that_protects_nothing():
    assert csv_unprotect("'twas") == "'twas"
