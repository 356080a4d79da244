"""The rows behind sharing, comments and sign-off. Imported by ``cases.models`` so
Django finds them in the cases app."""

from django.conf import settings
from django.db import models

from commissioning.accounts.models import Organisation

COMMENT_MAX = 5000
DECISION_TEXT_MAX = 5000


class ShareRole(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer (read and comment)"
    CO_EDITOR = "co_editor", "Co-editor (read, comment and change the case)"


class CaseInvitation(models.Model):
    """An invitation to one case, by email, in one role (``accounts.invitations``
    signs its link). Withdrawing deletes the row."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=12, choices=ShareRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"


class CaseCollaborator(models.Model):
    """Someone invited into one case. ``organisation`` is the partner organisation they
    accepted on behalf of (None: none on the toolkit); leaving it ends their access."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="collaborators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_shares"
    )
    role = models.CharField(max_length=12, choices=ShareRole.choices)
    # Deleting the partner organisation ends the share (CASCADE), never widens it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_collaborator_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.case}"


class CaseComment(models.Model):
    """A comment on one section of a case (``review.comments.SECTIONS``), or a reply
    to one (``parent``). Resolving a comment resolves its thread."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=40)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    version = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.case}, {self.section}"


class SignoffRequest(models.Model):
    """One request to sign off one version of a case. Open until the approver decides
    or a new request replaces it; ``decision_*`` copy who decided as they were then,
    so the record outlives a change of name or organisation."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        CONDITIONS = "conditions", "Approved with conditions"
        RETURNED = "returned", "Returned"
        REPLACED = "replaced", "Replaced by a later request"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="signoffs")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approver_role = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_text = models.TextField(blank=True, max_length=DECISION_TEXT_MAX)
    decided_by_name = models.CharField(max_length=200, blank=True)
    decided_by_organisation = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Sign-off of {self.case} version {self.version}"

    @property
    def is_approved(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.CONDITIONS)


class SignoffReview(models.Model):
    """A required reviewer on a sign-off request, and their verdict once recorded."""

    class Verdict(models.TextChoices):
        AGREED = "agreed", "Content agreed"
        CHANGES = "changes", "Changes needed"

    request = models.ForeignKey(SignoffRequest, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewer_name = models.CharField(max_length=200)
    reviewer_organisation = models.CharField(max_length=200, blank=True)
    verdict = models.CharField(max_length=8, choices=Verdict.choices, blank=True)
    comment = models.TextField(blank=True, max_length=COMMENT_MAX)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "reviewer"], name="signoff_review_unique_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_name} on {self.request}"
