"""Value-for-money cases: the case itself, an immutable snapshot of every saved
version, and a cache of rendered downloads per version.

``Case.inputs`` is the case in the engine's JSON format (schema/case.schema.json), so
``economics.parse_case(case.inputs)`` always works: every save goes through
``services.case_save``, which refuses a case the engine rejects. Where each value came
from beyond its ``source`` text (which parameter of the knowledge base's library, or
the user's own figure) is kept beside it in ``provenance``, because the engine's format
rejects fields it does not know.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.accounts.models import Organisation


class Case(models.Model):
    """One organisation's value-for-money case for a PAIR service."""

    class Kind(models.TextChoices):
        NEW_TEAM = "new_team", "A new specialist parent-infant relationship team"
        EXPANSION = "expansion", "Expanding or extending an existing team"
        SYSTEM_CHAMPIONS = (
            "system_champions",
            "System champions: consultation and training for the early-years workforce",
        )

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField(max_length=200)
    kind = models.CharField("builder", max_length=20, choices=Kind.choices)
    inputs = models.JSONField(default=dict, help_text="The case in the engine's JSON format.")
    narrative = models.JSONField(
        default=dict, blank=True, help_text="Business-case text: section key -> text."
    )
    # dotted input path -> {"origin": "library", "parameters": [key, ...]} or
    # {"origin": "user"}; a path with no entry keeps the template's default.
    provenance = models.JSONField(default=dict, blank=True)
    # Slugs of the builder steps the user has saved at least once (task-list status).
    steps_done = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The options appraisal: ``inputs`` above are the first option; ``options`` (CaseOption)
    # hold the others. The preferred option is "main" (the first) or a CaseOption's pk.
    first_option_name = models.CharField(max_length=100, blank=True)
    preferred_option = models.CharField(max_length=20, blank=True)
    preferred_reason = models.TextField(blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:tasks", args=[self.pk])

    @property
    def is_increment(self) -> bool:
        """An expansion case: its inputs are increments on the current service."""
        return self.kind == self.Kind.EXPANSION

    @property
    def option_label(self) -> str:
        """The name of the first option (the case's own inputs)."""
        return self.first_option_name or "Option 1"


class CaseOption(models.Model):
    """Another option of a case's shortlist, beside the first (the case's own inputs).

    ``inputs`` is a full case in the engine's format; the need (births, prevalence), the
    price year and the discounting are always taken from the case
    (``economics.options.SHARED``), so every option shares them. Written only by
    ``services`` (``option_add``, ``option_save``, ...), each change a new case version."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    inputs = models.JSONField(default=dict)
    provenance = models.JSONField(default=dict, blank=True)
    steps_done = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="case_option_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.name}"


class CaseVersion(models.Model):
    """What a case was after one save. Written once by ``services.case_save`` and never
    changed, so a version can always be viewed and restored exactly."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    inputs = models.JSONField(default=dict)
    narrative = models.JSONField(default=dict, blank=True)
    provenance = models.JSONField(default=dict, blank=True)
    # The other options and the preferred option at this version (services._snapshot):
    # {"first_option_name", "preferred_option", "preferred_reason", "others": [...]}.
    options = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="case_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.case} version {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Snapshots are evidence of what a case said when: refuse edits outright.
        if not self._state.adding:
            raise ValueError("A case version is a snapshot and cannot be changed.")
        super().save(*args, **kwargs)


class CaseDocument(models.Model):
    """A rendered download of one version of a case, so an unchanged case's PDF or CSV
    is served from here instead of being rendered again."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"
        CSV = "csv", "CSV"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=4, choices=Kind.choices)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "version", "kind"], name="case_document_unique_version_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} version {self.version} ({self.kind})"


# Sharing, comments and sign-off (cases/review/): defined there, found here by Django.
from commissioning.cases.review.models import (  # noqa: E402
    CaseCollaborator,
    CaseComment,
    CaseInvitation,
    SignoffRequest,
    SignoffReview,
)

__all__ = [
    "Case",
    "CaseCollaborator",
    "CaseComment",
    "CaseDocument",
    "CaseInvitation",
    "CaseOption",
    "CaseVersion",
    "SignoffRequest",
    "SignoffReview",
]
