"""Builders for the areas tests: the shipped datasets, and CSV text to upload."""

import csv
import io

from commissioning.areas import services
from commissioning.areas.services import DATA_DIR

BIRTHS_PERIOD_WORDS = (
    "1 July 2018 to 30 June 2019 (ONS mid-year estimate, not calendar-year registrations)"
)
ENGLAND_BIRTHS = 617_939


def load_shipped() -> str:
    return services.datasets_load_shipped()


def shipped_text(file_name: str) -> str:
    return (DATA_DIR / file_name).read_text(encoding="utf-8-sig")


def shipped_rows(file_name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(shipped_text(file_name))))


def to_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
