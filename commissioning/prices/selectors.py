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
    return series_of(record)
