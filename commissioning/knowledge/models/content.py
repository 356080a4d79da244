"""The curated content: factors (barriers and enablers), their actions, sources,
intervention programmes and the parameter library for the case builders.

Every item goes through draft -> in review -> published. The public sees published
items only (``published()``); curators edit drafts, publishers publish.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from commissioning.knowledge.models.frameworks import (
    BctTechnique,
    CombSubcomponent,
    InterventionFunction,
    PolicyCategory,
    TdfDomain,
)
from commissioning.prices.deflators import NOT_KNOWN, price_year_problem

REVIEW_INTERVAL_DAYS = 365  # content is re-checked yearly


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class Basis(models.TextChoices):
    SOURCE = "source", "From the source"
    EDITOR = "editor", "Proposed by the editors"


class CuratedQuerySet(models.QuerySet):
    def published(self) -> "CuratedQuerySet":
        return self.filter(status=Status.PUBLISHED)


class Curated(models.Model):
    """Workflow, review and optimistic-concurrency fields shared by curated items."""

    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Curators move items from draft to in review; only publishers publish.",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who last checked this item against its sources.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the item was last checked against its sources."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Incremented on every save through the admin; a stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CuratedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def review_due(self) -> datetime.date | None:
        if self.last_reviewed is None:
            return None
        return self.last_reviewed + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)

    @property
    def is_review_due(self) -> bool:
        """Never reviewed, or last reviewed more than a year ago."""
        due = self.review_due
        return due is None or due <= timezone.localdate()


class Source(Curated):
    """A citable source: a study, review, report, guidance or policy document."""

    class Kind(models.TextChoices):
        QUALITATIVE = "qualitative", "Qualitative study"
        SYSTEMATIC_REVIEW = "systematic_review", "Systematic review"
        TRIAL = "trial", "Trial"
        ECONOMIC = "economic", "Economic analysis"
        REPORT = "report", "Report"
        GUIDANCE = "guidance", "Guidance"
        POLICY = "policy", "Policy"
        OTHER = "other", "Other"

    class Grade(models.TextChoices):
        """A to D rank evidence of what is true or what works, strongest first. M and N
        are not ranks: M is a source of method, not of findings, and N a source whose
        findings the editors have not read, which therefore supports nothing yet."""

        A = "A", "A: systematic review or meta-analysis, its conclusions checked by the editors"
        B = "B", "B: a single trial or robust quantitative or economic study"
        C = "C", "C: qualitative or observational study, or service evaluation"
        D = "D", "D: expert opinion, organisational report, guidance or policy"
        M = "M", "M: method or framework: says how to appraise, classify or design, not what works"
        N = "N", "N: findings not yet checked by the editors, so it supports no claim here"

    key = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Short citation key used in imports, e.g. mcsweeney2025. Never change it.",
    )
    authors = models.CharField(
        max_length=400,
        blank=True,
        help_text="As 'Surname A, Surname B'. Leave empty for an organisation's document.",
    )
    title = models.CharField(max_length=400)
    container = models.CharField(
        "journal or publisher", max_length=300, blank=True, help_text="Journal or publisher."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=40, blank=True)
    issue = models.CharField(max_length=40, blank=True)
    pages = models.CharField(max_length=40, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, help_text="Without https://doi.org/")
    url = models.URLField("web address", max_length=500, blank=True)
    kind = models.CharField("type", max_length=24, choices=Kind.choices)
    grade = models.CharField(
        "evidence strength",
        max_length=1,
        choices=Grade.choices,
        help_text=(
            "How strong this kind of evidence is, A (strongest) to D; M for a method or "
            "framework; N while its findings have not been checked. Grade A only once "
            "its conclusions have been read."
        ),
    )
    notes = models.TextField(blank=True, help_text="What this source is used for.")

    class Meta:
        ordering = ["authors", "year"]
        permissions = [("publish_source", "Can publish sources")]

    def __str__(self) -> str:
        return self.short_citation

    def get_absolute_url(self) -> str:
        return reverse("knowledge:source", args=[self.key])

    @property
    def short_citation(self) -> str:
        """ "Surname (2025)", "Surname and Other (2025)" or "Surname et al. (2025)";
        the publisher or title when there are no named authors."""
        names = [_surname(name) for name in self.authors.split(",") if name.strip()]
        if any(name.lower().startswith("et al") for name in names):
            names = [n for n in names if not n.lower().startswith("et al")] + ["", ""]
        if not names:
            lead = self.container or self.title
        elif len(names) == 1:
            lead = names[0]
        elif len(names) == 2:
            lead = f"{names[0]} and {names[1]}"
        else:
            lead = f"{names[0]} et al."
        return f"{lead} ({self.year or 'n.d.'})"

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url


def _surname(name: str) -> str:
    """ "McSweeney L" -> "McSweeney"; an organisation ("Audit Commission") stays whole."""
    parts = name.strip().split(" ")
    if len(parts) >= 2 and parts[-1].isupper() and len(parts[-1]) <= 3:
        return " ".join(parts[:-1])
    return name.strip()


class Theme(models.Model):
    """A group of related factors, e.g. "Funding"."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Perspective(models.Model):
    """Whose point of view a factor was reported from."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Factor(Curated):
    """A barrier or enabler to commissioning PAIR services, mapped to the Behaviour
    Change Wheel."""

    class Kind(models.TextChoices):
        BARRIER = "barrier", "Barrier"
        ENABLER = "enabler", "Enabler"
        BOTH = "both", "Barrier and enabler"

    class Level(models.TextChoices):
        GENERAL = "general", "General commissioning"
        PAIR = "pair", "Specific to PAIR services"
        CONTEXT = "context", "Context (such as the pandemic)"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True, help_text="Part of the page address.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.CharField(max_length=300, help_text="One line shown in lists and search.")
    body = models.TextField(
        help_text="Markdown. Links and emphasis are kept; raw HTML is removed when shown."
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="factors")
    perspectives = models.ManyToManyField(Perspective, related_name="factors")
    comb = models.ManyToManyField(
        CombSubcomponent, through="FactorComb", related_name="factors", verbose_name="COM-B"
    )
    tdf = models.ManyToManyField(
        TdfDomain, through="FactorTdf", related_name="factors", verbose_name="TDF domains"
    )
    functions = models.ManyToManyField(
        InterventionFunction,
        through="FactorFunction",
        related_name="factors",
        verbose_name="intervention functions",
    )
    policies = models.ManyToManyField(
        PolicyCategory,
        through="FactorPolicy",
        related_name="factors",
        verbose_name="policy categories",
    )
    bcts = models.ManyToManyField(
        BctTechnique, through="FactorBct", related_name="factors", verbose_name="BCTs"
    )
    sources = models.ManyToManyField(Source, related_name="factors", blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    class Meta:
        ordering = ["title"]
        permissions = [("publish_factor", "Can publish factors")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:factor", args=[self.slug])


class Mapping(models.Model):
    """A factor's link to a framework entry, and whether a source or the editors made it."""

    basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.EDITOR)

    class Meta:
        abstract = True


class FactorComb(Mapping):
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="comb_links")
    target = models.ForeignKey(
        CombSubcomponent, on_delete=models.PROTECT, verbose_name="COM-B sub-component"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["factor", "target"], name="one_factor_comb")]
        verbose_name = "COM-B mapping"

    def __str__(self) -> str:
        return f"{self.factor} -> {self.target}"


class FactorTdf(Mapping):
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="tdf_links")
    target = models.ForeignKey(TdfDomain, on_delete=models.PROTECT, verbose_name="TDF domain")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["factor", "target"], name="one_factor_tdf")]
        verbose_name = "TDF mapping"

    def __str__(self) -> str:
        return f"{self.factor} -> {self.target}"


class FactorFunction(Mapping):
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="function_links")
    target = models.ForeignKey(
        InterventionFunction, on_delete=models.PROTECT, verbose_name="intervention function"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["factor", "target"], name="one_factor_function")
        ]
        verbose_name = "intervention function mapping"

    def __str__(self) -> str:
        return f"{self.factor} -> {self.target}"


class FactorPolicy(Mapping):
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="policy_links")
    target = models.ForeignKey(
        PolicyCategory, on_delete=models.PROTECT, verbose_name="policy category"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["factor", "target"], name="one_factor_policy")
        ]
        verbose_name = "policy category mapping"

    def __str__(self) -> str:
        return f"{self.factor} -> {self.target}"


class FactorBct(Mapping):
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="bct_links")
    target = models.ForeignKey(BctTechnique, on_delete=models.PROTECT, verbose_name="technique")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["factor", "target"], name="one_factor_bct")]
        verbose_name = "BCT mapping"

    def __str__(self) -> str:
        return f"{self.factor} -> {self.target}"


class Action(models.Model):
    """Something a commissioner can do about a factor, delivered through one
    intervention function. Published with its factor."""

    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200, help_text="Start with a verb: 'Co-produce ...'.")
    description = models.TextField(help_text="How to do it, who to involve, what good looks like.")
    function = models.ForeignKey(
        InterventionFunction,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="intervention function",
    )
    sources = models.ManyToManyField(Source, related_name="actions", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["factor", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionResource(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="resources")
    label = models.CharField(max_length=200)
    url = models.URLField("web address", max_length=500)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label


class Programme(Curated):
    """An intervention or programme PAIR teams deliver, and what the evidence found."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    description = models.TextField(help_text="Markdown.")
    age_range = models.CharField(max_length=200, blank=True)
    delivery = models.CharField(max_length=400, blank=True)
    evidence_summary = models.TextField(help_text="What the evidence found, in plain English.")
    rating = models.CharField(
        max_length=100,
        blank=True,
        help_text="The published rating exactly as given. Leave empty when none is known: "
        "the site then says 'not rated'. Never estimate one.",
    )
    rating_scheme = models.CharField(max_length=100, blank=True)
    sources = models.ManyToManyField(Source, related_name="programmes", blank=True)

    class Meta:
        ordering = ["name"]
        permissions = [("publish_programme", "Can publish programmes")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:programme", args=[self.slug])


class ProgrammeEffect(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="effects")
    outcome = models.CharField(max_length=200)
    measure = models.CharField(max_length=200, help_text="e.g. SMD (95% CI -0.33 to 0.42)")
    value = models.CharField(max_length=40, help_text="As published, e.g. 0.04")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="effects")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.value}"


class Parameter(Curated):
    """A named value for the case builders: a unit cost, prevalence, per-case cost,
    discount rate, threshold or adjustment, with its provenance."""

    class Category(models.TextChoices):
        UNIT_COST = "unit_cost", "Unit cost of staff time"
        PREVALENCE = "prevalence", "Prevalence"
        PER_CASE_COST = "per_case_cost", "Cost per case"
        AGGREGATE_COST = "aggregate_cost", "Aggregate cost"
        DISCOUNT_RATE = "discount_rate", "Discount rate"
        THRESHOLD = "threshold", "Cost-effectiveness threshold"
        ADJUSTMENT = "adjustment", "Impact adjustment"
        OPTIMISM_BIAS = "optimism_bias", "Optimism bias"
        OTHER = "other", "Other"

    class Mark(models.TextChoices):
        VERIFIED = "V", "Verified against the cited source"
        SECONDARY = "S", "Secondary: reported by a page citing the source"
        DERIVED = "D", "Derived by the editors from verified figures"
        PROPOSED = "P", "Proposed by the editors"
        UNVERIFIED = "U", "Unverified: not to be published until checked"

    key = models.SlugField(max_length=80, unique=True, help_text="Used by the case builders.")
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    value = models.DecimalField(max_digits=20, decimal_places=6)
    unit = models.CharField(max_length=100)
    price_year = models.CharField(
        max_length=9,
        blank=True,
        help_text="For a value in pounds: the financial year of its prices, such as 2023/24, "
        'or "not known" when the source gives none (cases then warn beside it). Blank for '
        "anything that is not money.",
    )
    low = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    high = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="parameters")
    mark = models.CharField(max_length=1, choices=Mark.choices)
    notes = models.TextField(blank=True, help_text="For derived values, show the working.")

    class Meta:
        ordering = ["category", "name"]
        permissions = [("publish_parameter", "Can publish parameters")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:parameter", args=[self.key])

    def clean(self) -> None:
        super().clean()
        if problem := price_year_problem(self.unit, self.price_year):
            raise ValidationError({"price_year": problem[0].upper() + problem[1:]})

    @property
    def price_year_known(self) -> bool:
        """False for a value in pounds whose price year is "not known"."""
        return self.price_year != NOT_KNOWN
