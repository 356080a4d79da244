"""Read JSON and text that came from outside (an upload, a case file) without crashing.

``json.loads`` alone fails badly on hostile input: deep nesting raises RecursionError
(or overflows later code that walks the value), an integer of more than 4,300 digits
raises a plain ValueError, and ``"\\u0000"`` or a lone ``"\\ud800"`` decode to strings
that PostgreSQL refuses to store and that cannot be written out as UTF-8.

``load_json`` refuses all of these with ``UnsafeInput``, whose ``message`` is one line
saying what is wrong ("is nested more than 50 levels deep"), and ``text_problem`` says
the same for plain text (a CSV file, a form field): both are pure and raise nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

MAX_DEPTH = 50
MAX_NUMBER_CHARACTERS = 100
# Strings (skipped whole) and the brackets that open or close a level.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnsafeInput(ValueError):
    """Input refused before it reaches any code that would crash on it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def text_problem(text: str) -> str | None:
    """What makes ``text`` unsafe to store or print, or None: a NUL character or a
    lone surrogate (half of a character that UTF-8 cannot write)."""
    if "\x00" in text:
        return "contains a NUL character (code 0), which is not allowed"
    if _SURROGATE.search(text):
        return "contains an unpaired surrogate (half of a character), which is not allowed"
    return None


def nesting_depth(text: str) -> int:
    """How deeply the arrays and objects in JSON ``text`` nest (brackets inside strings
    do not count). Linear in the length of the text, without recursion."""
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _bounded_number(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARACTERS:
            raise UnsafeInput(f"has a number of more than {MAX_NUMBER_CHARACTERS} digits")
        return kind(text)

    return read


def load_json(text: str, *, parse_float: Callable[[str], Any] = float) -> Any:
    """The value in JSON ``text``, or ``UnsafeInput``: not JSON (with line and column),
    nested more than ``MAX_DEPTH`` levels, a number longer than
    ``MAX_NUMBER_CHARACTERS``, or a string or key with a NUL or lone surrogate."""
    if problem := text_problem(text):
        raise UnsafeInput(problem)
    if nesting_depth(text) > MAX_DEPTH:
        raise UnsafeInput(f"is nested more than {MAX_DEPTH} levels deep")
    try:
        value = json.loads(
            text,
            parse_int=_bounded_number(int),
            parse_float=_bounded_number(parse_float),
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise UnsafeInput(f"is not valid JSON ({error.msg} at {where})") from None
    except RecursionError:
        raise UnsafeInput(f"is nested more than {MAX_DEPTH} levels deep") from None
    _check_strings(value)
    return value


def _check_strings(value: Any) -> None:
    """Refuse escaped NULs and lone surrogates ("\\u0000", "\\ud800") in any string or
    key. The depth is already bounded, so recursion is safe here."""
    if isinstance(value, str):
        if problem := text_problem(value):
            raise UnsafeInput(problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)
