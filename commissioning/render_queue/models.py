"""A generated file (a PDF or Word document) for one version of an organisation's object.

One row per cache key: the kind, the owning object and a fingerprint of everything
the file shows. The unique constraint means two people asking for the same PDF at
once share one job, and an unchanged object's PDF is served from storage instead of
being rendered again.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from commissioning.accounts.models import Organisation


class GeneratedDocument(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be prepared"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    PENDING = (Status.QUEUED, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, help_text="A key of settings.DOCUMENT_KINDS.")
    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.CharField(max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")
    # Who may see it: members of this organisation (and whoever the kind also allows).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="generated_documents"
    )
    fingerprint = models.CharField(
        max_length=64, help_text="Hash of the owner's content and the layout version."
    )
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=120, help_text="Name offered to the browser.")
    # Long enough for Word's type (application/vnd.openxmlformats-...document, 71).
    media_type = models.CharField(max_length=100, default="application/pdf")
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    task_result_id = models.CharField(max_length=64, blank=True)
    file = models.FileField(max_length=255, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Shown to the user; never a traceback.")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "owner_type", "owner_id", "fingerprint"],
                name="one_document_per_cache_key",
            )
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="document_status_started")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def cache_key(self) -> str:
        return f"{self.kind}:{self.owner_type_id}:{self.owner_id}:{self.fingerprint}"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING
