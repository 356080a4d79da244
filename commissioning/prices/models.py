"""The GDP deflator series used to bring money to one price year.

A ``DeflatorSeries`` is one version of the series (HM Treasury rebases it each release,
so versions are never mixed or edited): a curator's upload adds the next version and
makes it current, and earlier versions stay as they were. ``DeflatorYear`` holds its
index for each financial year. The arithmetic lives in ``deflators.py`` (no ORM);
``selectors.current_series`` turns the current version into a ``deflators.Series``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class DeflatorSeries(models.Model):
    class Origin(models.TextChoices):
        SHIPPED = "shipped", "Shipped with the toolkit"
        UPLOAD = "upload", "Uploaded by a curator"

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(
        max_length=200,
        help_text="Publisher and series, e.g. 'HM Treasury GDP deflators at market prices, "
        "March 2026 release'. Shown beside every uprated figure.",
    )
    release = models.CharField(
        max_length=200, help_text="Which release, e.g. 'March 2026 (Quarterly National Accounts)'."
    )
    source = models.TextField(help_text="Publisher, file and where the copy came from.")
    licence = models.TextField(help_text="The licence, or that none is stated.")
    notes = models.TextField(blank=True, help_text="Forecast years, caveats, changes made.")
    is_current = models.BooleanField(default=False)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.UPLOAD)
    file_name = models.CharField(max_length=200, blank=True)
    checksum = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "deflator series"
        verbose_name_plural = "deflator series"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="prices_one_current_series",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class DeflatorYear(models.Model):
    """One financial year's index in one version of the series."""

    series = models.ForeignKey(DeflatorSeries, on_delete=models.PROTECT, related_name="years")
    financial_year = models.CharField(max_length=7, help_text="For example 2012/13.")
    start_year = models.PositiveSmallIntegerField()
    index = models.DecimalField(max_digits=12, decimal_places=6)
    forecast = models.BooleanField(default=False)
    row = models.PositiveIntegerField(help_text="Data row in the file (1 = first after header).")

    class Meta:
        ordering = ["series", "start_year"]
        constraints = [
            models.UniqueConstraint(fields=["series", "start_year"], name="prices_one_index_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.financial_year}: {self.index}"
