"""Two people deciding at once: only one decision is recorded, and none on a version
that changed meanwhile. Real concurrency needs PostgreSQL (two connections)."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from commissioning.cases import services
from commissioning.cases.models import SignoffRequest
from commissioning.cases.review import signoff
from tests.cases.review_support import (  # noqa: F401
    asked_fixture,
    case_fixture,
    library_fixture,
    reviewer_fixture,
    sro_fixture,
)

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Real concurrency needs PostgreSQL: SQLite lets one writer in at a time.",
)


def together(*calls: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    errors: list[BaseException] = []

    def work(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


@pytest.mark.django_db
def test_a_second_decision_on_a_decided_request_is_refused(case, asked, reviewer, sro):
    signoff.review_record(case=case, user=reviewer, request=asked, verdict="agreed", comment="Ok")
    signoff.decision_record(case=case, user=sro, request=asked, outcome="approved", text="")
    with pytest.raises(signoff.SignoffRefused, match="closed"):
        signoff.decision_record(case=case, user=sro, request=asked, outcome="returned", text="No")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_record_one(case, asked, reviewer, sro):
    signoff.review_record(case=case, user=reviewer, request=asked, verdict="agreed", comment="Ok")
    _, errors = together(
        lambda: signoff.decision_record(
            case=case, user=sro, request=asked, outcome="approved", text=""
        ),
        lambda: signoff.decision_record(
            case=case, user=sro, request=asked, outcome="returned", text="Not yet"
        ),
    )
    assert len(errors) == 1 and isinstance(errors[0], signoff.SignoffRefused)
    assert SignoffRequest.objects.get(pk=asked.pk).status in ("approved", "returned")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_edit_and_a_decision_at_once_never_approve_the_changed_version(
    case, alice, asked, reviewer, sro
):
    signoff.review_record(case=case, user=reviewer, request=asked, verdict="agreed", comment="Ok")
    together(
        lambda: services.case_rename(case=case, user=alice, title="Changed at the same moment"),
        lambda: signoff.decision_record(
            case=case, user=sro, request=asked, outcome="approved", text=""
        ),
    )
    case.refresh_from_db()
    assert case.version == 2
    # Either the decision came first (version 1 approved, version 2 a draft) or it was
    # refused as stale: never an approval of version 2.
    assert signoff.decision_for(case) is None
    request = SignoffRequest.objects.get(pk=asked.pk)
    assert request.status in ("open", "approved") and request.version == 1
