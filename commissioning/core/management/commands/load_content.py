"""Load the curated content and roles. Idempotent: ``make run`` calls it every time,
and it never overwrites what curators have edited."""

from django.core.management.base import BaseCommand

from commissioning.accounts.roles import roles_sync


class Command(BaseCommand):
    help = "Create staff roles and load the curated content shipped with the toolkit."

    def handle(self, *args: object, **options: object) -> None:
        counts = roles_sync()
        for name, count in counts.items():
            self.stdout.write(f"Role '{name}': {count} permissions")
