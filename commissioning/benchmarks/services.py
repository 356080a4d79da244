"""Opting in to and out of benchmarking (organisation admins only; views check)."""

from django.db import IntegrityError, transaction

from commissioning.accounts.models import Organisation, User
from commissioning.benchmarks.models import BenchmarkSharing


def sharing_opt_in(*, organisation: Organisation, user: User) -> bool:
    """Start sharing; False (and no change) if the organisation already shares."""
    try:
        with transaction.atomic():
            BenchmarkSharing.objects.create(organisation=organisation, opted_in_by=user)
    except IntegrityError:
        return False
    return True


def sharing_opt_out(*, organisation: Organisation) -> bool:
    """Stop sharing at once: the organisation's scores no longer count, and it no
    longer sees the benchmarks. False if it was not sharing."""
    deleted, _ = BenchmarkSharing.objects.filter(organisation=organisation).delete()
    return bool(deleted)
