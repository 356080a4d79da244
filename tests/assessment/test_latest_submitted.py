""" "The latest submitted assessment" is one rule, read by the case builders and the
benchmarks alike: the most recently submitted, then the most recently started."""

import datetime

import pytest
from django.utils import timezone

from commissioning.assessment.models import Assessment
from commissioning.assessment.selectors import latest_submitted_for
from commissioning.benchmarks.selectors import latest_submitted
from tests.assessment.support import make_assessment, make_small_instrument

pytestmark = pytest.mark.django_db


def test_a_tie_on_submission_goes_to_the_later_start_in_both_readers(alice, north):
    make_small_instrument()
    first = make_assessment(organisation=north, user=alice, title="First")
    second = make_assessment(organisation=north, user=alice, title="Second")
    draft = make_assessment(organisation=north, user=alice, title="Draft")
    same_moment = timezone.now()
    Assessment.objects.filter(pk=first.pk).update(
        status="submitted", submitted_at=same_moment, created_at=same_moment
    )
    Assessment.objects.filter(pk=second.pk).update(
        status="submitted",
        submitted_at=same_moment,
        created_at=same_moment + datetime.timedelta(minutes=1),
    )
    assert latest_submitted_for(north.pk).pk == second.pk
    assert latest_submitted([north.pk])[north.pk].pk == second.pk
    assert draft.pk not in {a.pk for a in Assessment.objects.submitted_latest_first()}
