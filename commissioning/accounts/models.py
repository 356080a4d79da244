"""People, organisations and who belongs where.

Work in the toolkit (assessments, cases) belongs to an organisation; only its members
may see or change it. ``commissioning.accounts.access`` holds the one helper every
view uses to enforce that.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

EMAIL_MAX_LENGTH = 254  # the EmailField default: the longest address RFC 5321 allows


class UserManager(BaseUserManager["User"]):
    """Users log in with their email address, matched without regard to case."""

    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        # No address is longer than the column; a longer one is nobody's, and is not
        # sent to the database (SQLite refuses a case-insensitive match that long).
        if username is not None and len(username) > EMAIL_MAX_LENGTH:
            raise self.model.DoesNotExist
        return self.get(email__iexact=username)

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("Users must have an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())  # made by an operator
        if extra.get("is_staff") is not True or extra.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account. The email address is the login; the name is what colleagues see."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", max_length=EMAIL_MAX_LENGTH, unique=True)
    name = models.CharField("full name", max_length=150)
    # When the owner of the address followed the link sent at sign-up (None: not yet).
    # Until then the account sees nothing addressed to the email (accounts/verification.py).
    email_verified_at = models.DateTimeField("email address confirmed", null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def save(self, *args: object, **kwargs: object) -> None:
        # One account per address whatever the capitalisation.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class Organisation(models.Model):
    """A commissioning or partner organisation whose members share work."""

    class Kind(models.TextChoices):
        ICB = "icb", "Integrated Care Board"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        NHS_PROVIDER = "nhs_provider", "NHS provider"
        VCS = "vcs", "Voluntary or community sector organisation"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField("type", max_length=32, choices=Kind.choices)
    area_name = models.CharField(
        "area", max_length=200, help_text="The place the organisation serves, e.g. Gateshead."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in an organisation. Admins manage members and invitations."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Organisation admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class Invitation(models.Model):
    """An emailed invitation to join an organisation.

    The link carries a signed, timestamped token naming this row; it expires after
    ``settings.INVITATION_MAX_AGE_DAYS`` and works once.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
