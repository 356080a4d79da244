"""Create a demo organisation with a demo commissioner and a demo curator.

Passwords are random and printed once, when the accounts are created; they are
never written to a file or the README. Running it again changes nothing
(use --reset-passwords to print new ones).
"""

import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from commissioning.accounts.models import Membership, Organisation, User
from commissioning.accounts.roles import CURATORS, PUBLISHERS, roles_sync

DEMO_ORG = "Demo Integrated Care Board"
COMMISSIONER = ("commissioner@demo.example", "Demo Commissioner")
CURATOR = ("curator@demo.example", "Demo Curator")


class Command(BaseCommand):
    help = "Create demo accounts (idempotent). Prints their passwords when first created."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--reset-passwords", action="store_true", help="Give both demo users new passwords."
        )

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        roles_sync()
        organisation, _ = Organisation.objects.get_or_create(
            name=DEMO_ORG,
            defaults={"kind": Organisation.Kind.ICB, "area_name": "Demo area"},
        )
        printed = []
        for email, name, staff in ((*COMMISSIONER, False), (*CURATOR, True)):
            user = User.objects.filter(email__iexact=email).first()
            created = user is None
            if created:
                user = User(email=email, name=name, is_staff=staff)
            if created or options["reset_passwords"]:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                printed.append((email, password))
            if staff:
                user.groups.add(*Group.objects.filter(name__in=[CURATORS, PUBLISHERS]))
            else:
                Membership.objects.get_or_create(
                    user=user, organisation=organisation, defaults={"role": Membership.Role.ADMIN}
                )
        if printed:
            self.stdout.write(self.style.WARNING("Demo accounts (shown once; note them now):"))
            for email, password in printed:
                self.stdout.write(f"  {email}  password: {password}")
        else:
            self.stdout.write(
                "Demo accounts already exist (commissioner@demo.example, curator@demo.example). "
                "Run 'manage.py seed_demo --reset-passwords' for new passwords."
            )
