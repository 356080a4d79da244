"""Areas (districts, counties and unitaries, ICBs) and the open datasets about them.

A ``Dataset`` is one version of one kind of data (births by district, a district to
ICB lookup, ...). Versions are never edited or deleted: a curator's upload adds a new
version and makes it current, and the previous one stays, so a business case that
recorded "version 1 of births by district" can always read the figure it was built
with (``selectors.figure_at``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Configuration(models.Model):
    """One map of ICBs, from the day it took effect: the July 2022 ICBs, the April 2024
    boundary changes, the April 2026 mergers. Each district-to-ICB lookup belongs to one.
    The current configuration is the current lookup's (``selectors.current_configuration``);
    a configuration ends when the next one takes effect."""

    key = models.SlugField(max_length=20, unique=True, help_text="For example icb-2026-04.")
    name = models.CharField(max_length=100, help_text="For example 'ICBs from 1 April 2026'.")
    effective_from = models.DateField(help_text="The day these boundaries took effect.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["effective_from"]
        verbose_name = "ICB map"

    def __str__(self) -> str:
        return self.name


class Dataset(models.Model):
    class Kind(models.TextChoices):
        BIRTHS_LAD = "births_lad", "Births by local authority district"
        BIRTHS_UTLA = "births_utla", "Births by upper-tier local authority"
        LOOKUP_LAD_ICB = "lookup_lad_icb", "Local authority district to ICB lookup"
        LOOKUP_UTLA_ICB = "lookup_utla_icb", "Upper-tier local authority to ICB lookup"
        IMD_LAD = "imd_lad", "Index of Multiple Deprivation by district"

    class Origin(models.TextChoices):
        SHIPPED = "shipped", "Shipped with the toolkit"
        UPLOAD = "upload", "Uploaded by a curator"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    period = models.CharField(
        max_length=200,
        help_text="What the figures cover, e.g. '1 July 2018 to 30 June 2019 (ONS mid-year "
        "estimate, not calendar-year registrations)'. Shown next to every figure.",
    )
    period_short = models.CharField(
        max_length=100,
        blank=True,
        help_text="The period in a few words, e.g. 'mid-2019 (year to 30 June 2019)'.",
    )
    period_end = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the figures cover: pages say how old the figures are.",
    )
    configuration = models.ForeignKey(
        Configuration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="datasets",
        help_text="For a lookup: the ICB map it describes.",
    )
    derived = models.BooleanField(
        default=False,
        help_text="Built by the toolkit from other files, not an official release as "
        "published; pages say so.",
    )
    source = models.TextField(help_text="The original publisher, dataset and table.")
    licence = models.TextField(help_text="The licence, or that none is stated.")
    notes = models.TextField(blank=True, help_text="Quirks and transformations.")
    is_current = models.BooleanField(default=False)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.UPLOAD)
    file_name = models.CharField(max_length=200, blank=True)
    checksum = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    lookup = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For births: the lookup on the same boundaries, used to add districts "
        "up to ICBs.",
    )
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
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="areas_one_dataset_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_current=True), name="areas_one_current_dataset"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (version {self.version})"

    @property
    def is_births(self) -> bool:
        return self.kind in (self.Kind.BIRTHS_LAD, self.Kind.BIRTHS_UTLA)

    @property
    def is_lookup(self) -> bool:
        return self.kind in (self.Kind.LOOKUP_LAD_ICB, self.Kind.LOOKUP_UTLA_ICB)


class Area(models.Model):
    """A place a commissioner may work for. Unitary authorities, metropolitan
    districts and London boroughs are both a district and an upper-tier authority:
    they have level ``lad`` and ``single_tier`` set."""

    class Level(models.TextChoices):
        LAD = "lad", "Local authority district"
        UTLA = "utla", "County council"
        ICB = "icb", "Integrated Care Board"

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=4, choices=Level.choices)
    single_tier = models.BooleanField(
        default=False, help_text="Both a district and an upper-tier authority (a unitary)."
    )
    region = models.CharField(
        max_length=100,
        blank=True,
        help_text="Region, where known (none of the shipped files give it). Used to group "
        "organisations in the benchmarks.",
    )
    current = models.BooleanField(
        default=True, help_text="On the boundaries of the current births and lookup data."
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text="For a former district: the authority that replaced it.",
    )
    configuration = models.ForeignKey(
        Configuration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For an ICB or district: the latest ICB map it is part of.",
    )
    ceased_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the code stopped being used (the next map took effect, or the "
        "district was merged).",
    )

    class Meta:
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def level_label(self) -> str:
        if self.single_tier and self.current:
            return "Unitary authority (district and upper tier)"
        if self.level == self.Level.LAD and not self.current:
            return "Former local authority district"
        if self.ceased_on is not None:
            return f"{self.get_level_display()} (ceased {self.ceased_on:%-d %B %Y})"
        return self.get_level_display()


class AreaChange(models.Model):
    """Where a ceased ICB's area went: one row per ICB that now covers part of it, with
    that ICB's share of the former area (the shares of one former ICB add up to 1)."""

    former = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="changes")
    successor = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    effective_on = models.DateField()
    share = models.DecimalField(max_digits=5, decimal_places=4)
    basis = models.CharField(max_length=200, help_text="What the share is a share of.")

    class Meta:
        ordering = ["former", "-share", "successor"]
        constraints = [
            models.UniqueConstraint(
                fields=["former", "successor", "effective_on"], name="areas_one_change_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.former.code} -> {self.successor.code} ({self.share})"


class AreaFigure(models.Model):
    """One area's figure in one dataset version: live births, or the IMD average score
    (with rank, proportion and extent in ``extra``)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="figures")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="figures")
    value = models.DecimalField(max_digits=12, decimal_places=4)
    extra = models.JSONField(default=dict, blank=True)
    row = models.PositiveIntegerField(help_text="Data row in the file (1 = first after header).")

    class Meta:
        ordering = ["dataset", "row"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "area"], name="areas_one_figure_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area.code}: {self.value}"


class LookupRow(models.Model):
    """One (district or upper-tier authority, ICB) pair of a lookup version, with the
    share of the authority's LSOAs that lie in the ICB."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="lookup_rows")
    code = models.CharField(max_length=9)
    name = models.CharField(max_length=200)
    icb_code = models.CharField(max_length=9)
    icb_name = models.CharField(max_length=200)
    share = models.DecimalField(max_digits=6, decimal_places=4)
    row = models.PositiveIntegerField()

    class Meta:
        ordering = ["dataset", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "code", "icb_code"], name="areas_one_lookup_pair"
            )
        ]
        indexes = [models.Index(fields=["dataset", "icb_code"])]

    def __str__(self) -> str:
        return f"{self.code} -> {self.icb_code} ({self.share})"
