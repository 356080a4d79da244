"""``make_*`` builders with overridable defaults (no factory_boy)."""

import itertools

from django.utils import timezone

from commissioning.accounts.models import Invitation, Membership, Organisation, User

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_user(**overrides: object) -> User:
    n = next(_counter)
    # Confirmed, as an account that has used its invitations would be; pass
    # email_verified_at=None for one that has only just signed up.
    fields = {
        "email": f"user{n}@example.org",
        "name": f"User {n}",
        "email_verified_at": timezone.now(),
    }
    fields.update(overrides)
    password = fields.pop("password", PASSWORD)
    return User.objects.create_user(password=password, **fields)


def make_organisation(**overrides: object) -> Organisation:
    n = next(_counter)
    fields = {"name": f"Organisation {n}", "kind": "icb", "area_name": f"Area {n}"}
    fields.update(overrides)
    return Organisation.objects.create(**fields)


def make_membership(*, user: User, organisation: Organisation, role: str = "member") -> Membership:
    return Membership.objects.create(user=user, organisation=organisation, role=role)


def make_invitation(**overrides: object) -> Invitation:
    fields: dict[str, object] = {"email": f"invitee{next(_counter)}@example.org", "role": "member"}
    fields.update(overrides)
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    return Invitation.objects.create(**fields)
