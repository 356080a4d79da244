"""One organisation's map of the parent-infant relationship support in an area.

A map holds services, each in one cell of the level x sector grid, and explicit
"no service" marks for cells where the contributors checked and found nothing (a cell
with neither has simply not been recorded yet). Every change writes a
``ServiceMapVersion``: the whole map as it then stood, who changed it and what changed.

Members of the organisation, and people invited into one map as contributors
(``MapContributor``, by a ``MapInvitation``), see and change it (``access``).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from commissioning.accounts.models import Organisation
from commissioning.servicemap.catalogue import FUNDING_ROUTES, LEVELS, SECTORS

USER = settings.AUTH_USER_MODEL


class ServiceMap(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="service_maps"
    )
    area_name = models.CharField("area", max_length=200)
    area_code = models.CharField(
        max_length=9, blank=True, help_text="The ONS code, when chosen with Find your area."
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "area_name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("area_name"), name="servicemap_one_map_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"Service map for {self.area_name} ({self.organisation})"


class Service(models.Model):
    service_map = models.ForeignKey(ServiceMap, on_delete=models.CASCADE, related_name="services")
    level = models.CharField(max_length=20, choices=LEVELS)
    sector = models.CharField(max_length=20, choices=SECTORS)
    name = models.CharField("name of the service", max_length=200)
    provider = models.CharField("who provides it", max_length=200)
    ages = models.CharField("ages", max_length=200, blank=True)
    criteria = models.TextField("who it is for", max_length=2000, blank=True)
    exclusions = models.TextField("who it does not accept", max_length=2000, blank=True)
    capacity = models.PositiveIntegerField("families a year", null=True, blank=True)
    funding_route = models.CharField(max_length=20, choices=FUNDING_ROUTES, default="unknown")
    funding_ends = models.DateField("funding end date", null=True, blank=True)
    specialised_team = models.BooleanField(default=False)
    source = models.CharField("source or contact", max_length=500, blank=True)
    updated_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_map", "level", "sector", "name"]

    def __str__(self) -> str:
        return self.name


class NoService(models.Model):
    """The contributors checked this level and sector and found no service."""

    service_map = models.ForeignKey(
        ServiceMap, on_delete=models.CASCADE, related_name="no_services"
    )
    level = models.CharField(max_length=20, choices=LEVELS)
    sector = models.CharField(max_length=20, choices=SECTORS)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service_map", "level", "sector"], name="servicemap_one_no_service_mark"
            )
        ]

    def __str__(self) -> str:
        return f"No {self.level} {self.sector} service"


class ServiceMapVersion(models.Model):
    """The whole map after one change. Written once by ``services`` and never changed."""

    service_map = models.ForeignKey(ServiceMap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    change = models.CharField(max_length=500)
    snapshot = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_map", "number"], name="servicemap_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_map} version {self.number}"


class MapContributor(models.Model):
    """Someone invited into one map to add and edit its services. Members of the
    owning organisation contribute without this row; it is how partners from other
    organisations get access to this map and nothing else."""

    service_map = models.ForeignKey(
        ServiceMap, on_delete=models.CASCADE, related_name="contributors"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="map_contributions")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service_map", "user"], name="one_map_contribution")
        ]

    def __str__(self) -> str:
        return f"{self.user} contributing to {self.service_map}"


class MapInvitation(models.Model):
    """An emailed invitation to contribute to one map (``accounts.invitations``: the
    link is signed, expiring and single-use). Withdrawing deletes the row."""

    service_map = models.ForeignKey(
        ServiceMap, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    invited_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.service_map}"
