"""Make CSV cells safe to open in a spreadsheet (no formula injection).

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-``
or ``@`` as a formula, and some strip a leading tab or carriage return first. A
curated title such as ``=HYPERLINK("https://evil.example", "Click")`` would then run
when a commissioner opens our open-data download. Following OWASP's advice, such
text gets a leading apostrophe, which spreadsheets show as plain text.

Only text is escaped. Numbers (``int``, ``float``, ``Decimal``) are written as they
are: a negative number is data, not a formula, and must stay a number.
"""

from collections.abc import Iterable
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

type Cell = str | int | float | Decimal | None


def csv_safe(value: Cell) -> str | int | float | Decimal:
    """``value`` ready for ``csv.writer``: ``None`` becomes ``""``; text starting with
    a formula trigger gets a leading ``'``; numbers pass through unchanged."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_safe_row(values: Iterable[Cell]) -> list[str | int | float | Decimal]:
    """Every cell of a row through ``csv_safe``."""
    return [csv_safe(value) for value in values]


def csv_unprotect(text: str) -> str:
    """Undo ``csv_safe`` on a cell read back from a file. The apostrophe is dropped only
    when a formula trigger follows it: "'=SUM(A1)" becomes "=SUM(A1)", "'twas" stays."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
