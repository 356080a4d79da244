"""The guided self-assessment: versioned instruments, assessments, answers,
consensus and action plans.

An instrument version, once published, never changes: editing makes a new version,
and every assessment scores against the version it was started on. Assessments
belong to an organisation; colleagues from partner organisations can be invited into
one assessment as participants without joining the organisation.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse

from commissioning.accounts.models import Organisation
from commissioning.knowledge.models import Action, Factor

RATING_VALIDATORS = [MinValueValidator(0), MaxValueValidator(4)]


class Instrument(models.Model):
    """One version of the questionnaire."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    code = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField()
    level_names = models.JSONField(help_text="Names of the five maturity levels, 0 to 4.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="one_instrument_version")
        ]
        permissions = [("publish_instrument", "Can publish questionnaire versions")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_locked(self) -> bool:
        """Published and retired versions are immutable."""
        return self.status != self.Status.DRAFT


class Section(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="one_section_code")
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=40)
    statement = models.CharField(max_length=300)
    help_text = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=1)
    levels = models.JSONField(help_text="What each point of the 0-4 scale looks like.")
    factors = models.ManyToManyField(Factor, related_name="questions", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="one_question_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.statement}"

    @property
    def label(self) -> str:
        """How the question is named on screen: its place in its section, never its
        internal code (for example "question 3 in Local need and data")."""
        return f"question {self.order + 1} in {self.section.title}"


# "The latest submitted assessment", everywhere: the most recently submitted; on a tie,
# the most recently started; then the newest row.
LATEST_SUBMITTED_FIRST = ("-submitted_at", "-created_at", "-pk")


class AssessmentQuerySet(models.QuerySet):
    def submitted_latest_first(self) -> QuerySet["Assessment"]:
        """Submitted assessments, the latest first (``LATEST_SUBMITTED_FIRST``)."""
        return self.filter(status=self.model.Status.SUBMITTED).order_by(*LATEST_SUBMITTED_FIRST)

    def for_user(self, user) -> QuerySet["Assessment"]:
        """Assessments the user may see: their organisations' and those they were
        invited into as a participant."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(organisation__memberships__user=user) | Q(participants__user=user)
        ).distinct()


class Assessment(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    area_name = models.CharField("area", max_length=200)
    area_code = models.CharField(
        max_length=9,
        blank=True,
        help_text='The ONS code of the area, when it was chosen with "Find your area".',
    )
    area_map = models.CharField(
        max_length=100,
        blank=True,
        help_text="The ICB map the area was chosen on (e.g. 'ICBs of April 2026'); kept "
        "until someone switches to the current map.",
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.IN_PROGRESS, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopened_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reopenings"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:tasks", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Participant(models.Model):
    """Someone rating in a shared assessment. Members of the owning organisation rate
    without this row; it is how partners from other organisations get access, and
    how facilitators are named."""

    class Role(models.TextChoices):
        RATER = "rater", "Rater"
        FACILITATOR = "facilitator", "Facilitator"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.RATER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="one_participation")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.assessment}"


class ParticipantInvitation(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=12, choices=Participant.Role.choices, default=Participant.Role.RATER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"


class Answer(models.Model):
    """One person's answer to one question. ``rating`` None with ``dont_know`` means
    "Don't know"; the row exists as soon as the person saves the page."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING_VALIDATORS)
    dont_know = models.BooleanField(default=False)
    note = models.TextField("notes and evidence", blank=True, max_length=4000)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question", "respondent"], name="one_answer_per_person"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=0, rating__lte=4),
                name="answer_rating_0_to_4",
            ),
            models.CheckConstraint(
                condition=~(Q(dont_know=True) & Q(rating__isnull=False)),
                name="answer_dont_know_has_no_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.rating}"


class ConsensusRating(models.Model):
    """The rating a group agreed for a question, recorded by a facilitator. Once it
    exists, individual ratings for that question are locked."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="consensus")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING_VALIDATORS)
    dont_know = models.BooleanField(default=False)
    rationale = models.TextField(max_length=4000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_consensus"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=0, rating__lte=4),
                name="consensus_rating_0_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.rating}"


class PlanItem(models.Model):
    """An action the organisation adopted (from the knowledge base, or its own)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="plan")
    factor = models.ForeignKey(
        Factor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=4000)
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "action"],
                condition=Q(action__isnull=False),
                name="adopt_an_action_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class StoredResult(models.Model):
    """A submitted assessment's scores, worked out once and read instead of worked out
    again (``stored_results``). A submitted assessment's answers and agreed ratings
    never change (reopening makes a new assessment), so the only other input is the
    instrument's published content: ``facts`` is the digest of it the scores were
    worked out with, and a row whose digest no longer matches is worked out again."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, primary_key=True, related_name="stored_result"
    )
    facts = models.CharField(max_length=32)
    ratings = models.JSONField(help_text="The combined rating of each answered question.")
    diagnosis = models.JSONField(help_text="scoring.Diagnosis as JSON (scores_json).")
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Scores of {self.assessment_id}"
