"""Reads for the deflator series: the current version as a typed ``deflators.Series``."""

from commissioning.prices import deflators
from commissioning.prices.models import DeflatorSeries


def series_of(record: DeflatorSeries) -> deflators.Series:
    """One stored version as a ``deflators.Series``."""
    points = tuple(
        deflators.Point(year.start_year, year.index, year.forecast, year.row)
        for year in record.years.order_by("start_year")
    )
    return deflators.Series(
        title=record.title, release=record.release, points=points, version=record.version
    )


def current_series() -> deflators.Series:
    """The current version, or the series shipped with the toolkit when none has been
    loaded yet (a fresh database before ``manage.py load_content``)."""
    record = DeflatorSeries.objects.filter(is_current=True).first()
    if record is None:
        return deflators.shipped_series()
    # A stored version's years never change after it is loaded (read-only in the
    # admin), so each process reads them once per version.
    key = (record.pk, record.version, record.checksum, record.row_count)
    kept = _kept.get(key)
    if kept is None:
        kept = series_of(record)
        _kept.clear()
        _kept[key] = kept
    return kept


_kept: dict[tuple, deflators.Series] = {}
