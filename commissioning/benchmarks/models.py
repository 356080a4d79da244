"""Which organisations share their self-assessment scores for benchmarking.

Sharing is opt-in by an organisation admin and can be withdrawn at any time (the row
is deleted, so the organisation's scores stop counting at once). Only organisations
that share may see the benchmarks.
"""

from django.conf import settings
from django.db import models

from commissioning.accounts.models import Organisation


class BenchmarkSharing(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="benchmark_sharing"
    )
    opted_in_at = models.DateTimeField(auto_now_add=True)
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "benchmark sharing agreement"

    def __str__(self) -> str:
        return f"{self.organisation} shares its scores"
