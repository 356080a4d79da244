"""Builders for the areas tests: the shipped datasets, and CSV text to upload."""

import csv
import datetime
import io

from django.utils import timezone

from commissioning.areas import figures, services
from commissioning.areas.services import DATA_DIR

BIRTHS_PERIOD_WORDS = (
    "1 July 2018 to 30 June 2019 (ONS mid-year estimate, not calendar-year registrations)"
)
ENGLAND_BIRTHS = 617_939


def births_age() -> str:
    """What pages say about the shipped births' age today ("... 7 years old" in
    December 2026): worked out from today, like the pages."""
    years = figures.age_in_years(datetime.date(2019, 6, 30), timezone.localdate())
    return f"mid-2019 (year to 30 June 2019): {figures.age_label(years)}"


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
