"""Accounts confirm their email address at sign-up from now on. Accounts made before
that were made by their owners or invited by colleagues who knew the address, and have
been used since: they are marked confirmed (at the time of this migration) so nobody
loses their invitations or organisations."""

from django.db import migrations, models
from django.utils import timezone


def mark_existing_verified(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_verified_at__isnull=True).update(email_verified_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="email address confirmed"
            ),
        ),
        migrations.RunPython(mark_existing_verified, migrations.RunPython.noop),
    ]
