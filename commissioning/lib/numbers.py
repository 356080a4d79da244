"""Read a number as a person types it in the UK, and refuse what could mean two things.

Accepted: ``40000``, ``40,000``, ``£40,000.50``, ``-£1,200``, ``15%``, ``0.25``, ``.5``, ``1e6``,
with spaces around. Commas separate thousands only (groups of three digits after the
first group of one to three), a full stop marks the decimals, ``£`` may lead and ``%``
may trail. Refused, each with its own message:

- a comma after the decimal point or in the wrong place ("40.000,00", "1,0,0,0"):
  written the continental way or mistyped, so it could mean two numbers;
- more than one decimal point ("1.2.3");
- digits other than 0 to 9 (Arabic-Indic, full-width and other scripts);
- words, NaN and infinities ("ten", "inf"); an exponent ("1.2E+05", as spreadsheets
  write numbers) is read as written;
- more than ``MAX_CHARACTERS`` characters, or a number beyond 10 to the power
  ``MAX_MAGNITUDE`` either way (an exponent typed by mistake).

``parse_number`` is pure and raises only ``NumberInvalid``, whose ``message`` completes
"<field name> ..." ("must be a number"), so every form and the analyst's command line
word the problem the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

MAX_CHARACTERS = 40
# Powers of ten beyond which no figure here can be meant (1e999999 would overflow
# decimal arithmetic in range checks).
MAX_MAGNITUDE = 30
# Digits, optionally grouped in threes by commas, then an optional decimal part and an
# optional exponent (as spreadsheets write large numbers: 1.2E+05).
_PLAIN = re.compile(
    r"(?:(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", re.ASCII
)
_ASCII_DIGIT = re.compile(r"[0-9]", re.ASCII)


class NumberInvalid(ValueError):
    """A typed number that cannot be read one way only; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def sentence(self) -> str:
        """The message as a sentence on its own ("The number must be ..."); empty for
        plain "must be a number", where the field's own message says more."""
        return "" if self.message == "must be a number" else f"The number {self.message}"


@dataclass(frozen=True)
class TypedNumber:
    """The number as typed (``15%`` is 15 with ``percent``; ``£40`` is 40 with ``pounds``)."""

    value: Decimal
    pounds: bool = False
    percent: bool = False


def parse_number(text: str) -> TypedNumber:
    """The number in ``text``, or ``NumberInvalid`` saying what is wrong with it."""
    if len(text) > MAX_CHARACTERS:
        raise NumberInvalid(f"must be a number of no more than {MAX_CHARACTERS} characters")
    body = text.strip()
    negative = body.startswith("-")
    body = body.removeprefix("-").strip()
    pounds = body.startswith("£")
    body = body.removeprefix("£").strip()
    if not negative and body.startswith("-"):
        negative = True
        body = body.removeprefix("-").strip()
    percent = body.endswith("%")
    body = body.removesuffix("%").strip()
    if pounds and percent:
        raise NumberInvalid("must be either an amount in pounds or a percentage, not both")
    if not body or not _ASCII_DIGIT.search(body):
        if any(character.isdigit() for character in body):
            raise NumberInvalid("must be written with the digits 0 to 9")
        raise NumberInvalid("must be a number")
    if any(character.isdigit() and not _ASCII_DIGIT.match(character) for character in body):
        raise NumberInvalid("must be written with the digits 0 to 9")
    if body.count(".") > 1:
        raise NumberInvalid("must have only one decimal point")
    if "." in body and "," in body.split(".", 1)[1]:
        raise NumberInvalid(
            "must use a full stop for decimals and commas between thousands, for example 40,000.50"
        )
    if not _PLAIN.fullmatch(body):
        if "," in body and _PLAIN.fullmatch(body.replace(",", "")):
            raise NumberInvalid(
                "must have commas only between groups of three digits, for example 40,000"
            )
        raise NumberInvalid("must be a number")
    value = Decimal(body.replace(",", ""))
    if value and value.adjusted() > MAX_MAGNITUDE:
        raise NumberInvalid("must be a smaller number")
    if value and value.adjusted() < -MAX_MAGNITUDE:
        raise NumberInvalid("must have fewer decimal places")
    return TypedNumber(value=-value if negative else value, pounds=pounds, percent=percent)


def read_number(text: str, *, pounds_allowed: bool, percent_allowed: bool) -> TypedNumber:
    """``parse_number``, refusing a £ where the figure is not money and a % where it is
    not a share (a count typed as "15%" could mean 15 or 0.15)."""
    typed = parse_number(text)
    if typed.pounds and not pounds_allowed:
        raise NumberInvalid("must be a number, not an amount in pounds")
    if typed.percent and not percent_allowed:
        raise NumberInvalid("must be a number, not a percentage")
    return typed
