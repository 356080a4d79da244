"""Writes for the deflator series: loading the shipped series and applying a curator's
upload. Both check the file whole (``deflators.check_series``) and apply it in one
transaction, or not at all. A new version never changes an earlier one: it is added
beside it and ``is_current`` moves to it."""

import hashlib

from django.db import transaction
from django.db.models import Max

from commissioning.accounts.models import User
from commissioning.prices import deflators
from commissioning.prices.models import DeflatorSeries, DeflatorYear

SHIPPED_SOURCE = (
    "HM Treasury, 'GDP deflators at market prices, and money GDP', March 2026 (Quarterly "
    "National Accounts) release: outturn from ONS series L8GG (Quarterly National "
    "Accounts, 31 March 2026), forecasts from the OBR Spring Statement forecast of 3 March "
    "2026. Copy read from the North Central London ICB analytics team's public repository "
    "ncl-icb-analytics/dbt-ncl-analytics (seeds/uk_cost_indices.csv), checked against two "
    "other public copies of the same release."
)
SHIPPED_LICENCE = (
    "HM Treasury publishes under the Open Government Licence v3.0 (the copy used states "
    "no licence of its own)."
)
SHIPPED_NOTES = (
    "Financial years 2010/11 to 2030/31, base 2024/25 = 100. 2010/11 to 2024/25 are "
    "outturn. 2025/26 to 2030/31 are forecasts: the copy chained them from the OBR's "
    "published percentage changes, so they may differ from HM Treasury's printed index in "
    "the last decimals. A June 2026 release (base 2025/26 = 100) exists but its figures "
    "could not be obtained; upload it here when they can be."
)


class SeriesRejected(Exception):
    """The file has problems; nothing was applied."""

    def __init__(self, problems: list[deflators.Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _covers_current(series: deflators.Series) -> list[deflators.Problem]:
    """A new series must keep every year the current one has up to its latest outturn,
    so no saved case loses the deflator its figures were uprated with."""
    current = DeflatorSeries.objects.filter(is_current=True).first()
    if current is None:
        return []
    years = list(current.years.filter(forecast=False).values_list("start_year", flat=True))
    if not years:
        return []
    first, last = min(years), max(years)
    if series.first <= first and series.last >= last:
        return []
    return [
        deflators.Problem(
            0,
            "financial_year",
            f"the series must cover at least {deflators.label(first)} to "
            f"{deflators.label(last)}, as the current version does, so that saved cases "
            f"keep their deflators; this file covers {deflators.label(series.first)} to "
            f"{deflators.label(series.last)}",
        )
    ]


def _add_version(series: deflators.Series, fields: dict[str, object]) -> DeflatorSeries:
    """Add ``series`` as the next version and make it current (inside the caller's
    transaction)."""
    # Lock the versions so two uploads cannot take the same number.
    list(DeflatorSeries.objects.select_for_update().values_list("pk", flat=True))
    latest = DeflatorSeries.objects.aggregate(v=Max("version"))["v"] or 0
    DeflatorSeries.objects.filter(is_current=True).update(is_current=False)
    record = DeflatorSeries.objects.create(
        version=latest + 1, is_current=True, row_count=len(series.points), **fields
    )
    DeflatorYear.objects.bulk_create(
        DeflatorYear(
            series=record,
            financial_year=point.label,
            start_year=point.year,
            index=point.index,
            forecast=point.forecast,
            row=point.row,
        )
        for point in series.points
    )
    return record


@transaction.atomic
def series_load_shipped() -> str:
    """Load the shipped series (data/, see PROVENANCE.md) as a version. Idempotent: a
    file already loaded (same content) is skipped; a changed shipped file becomes a new
    version, made current only if a curator's upload is not current."""
    text = (deflators.DATA_DIR / deflators.SHIPPED_FILE).read_text(encoding="utf-8-sig")
    checksum = _sha256(text)
    if DeflatorSeries.objects.filter(
        origin=DeflatorSeries.Origin.SHIPPED, checksum=checksum
    ).exists():
        return "nothing new to load"
    current = DeflatorSeries.objects.filter(is_current=True).first()
    if current is not None and current.origin == DeflatorSeries.Origin.UPLOAD:
        return f"kept {deflators.SHIPPED_FILE} (a curator's upload is current)"
    series, problems = deflators.check_series(
        text, title=deflators.SHIPPED_TITLE, release=deflators.SHIPPED_RELEASE
    )
    if series is None:
        raise SeriesRejected(problems)
    _add_version(
        series,
        {
            "title": deflators.SHIPPED_TITLE,
            "release": deflators.SHIPPED_RELEASE,
            "source": SHIPPED_SOURCE,
            "licence": SHIPPED_LICENCE,
            "notes": SHIPPED_NOTES,
            "origin": DeflatorSeries.Origin.SHIPPED,
            "file_name": deflators.SHIPPED_FILE,
            "checksum": checksum,
        },
    )
    return f"loaded {deflators.SHIPPED_FILE}"


@transaction.atomic
def series_upload(
    *,
    text: str,
    file_name: str,
    user: User,
    title: str,
    release: str,
    source: str,
    licence: str,
    notes: str = "",
) -> DeflatorSeries:
    """Check ``text`` whole and, if it has no problem, add it as the next version and
    make it current (earlier versions are kept unchanged). Raises ``SeriesRejected``
    with every problem otherwise; nothing is written."""
    series, problems = deflators.check_series(text, title=title, release=release)
    if series is not None:
        problems = _covers_current(series)
    if series is None or problems:
        raise SeriesRejected(problems)
    return _add_version(
        series,
        {
            "title": title,
            "release": release,
            "source": source,
            "licence": licence,
            "notes": notes,
            "origin": DeflatorSeries.Origin.UPLOAD,
            "file_name": file_name,
            "checksum": _sha256(text),
            "uploaded_by": user,
        },
    )
