"""Fixtures for the review and sign-off tests: a case of North Borough ICB shared with
people at South Shire Council."""

import pytest

from commissioning.cases.models import CaseCollaborator
from commissioning.cases.review import signoff
from tests.cases.test_builder_fixtures import case_fixture, library_fixture  # noqa: F401
from tests.factories import make_membership, make_user


def share(case, user, role="reviewer", organisation=None):
    return CaseCollaborator.objects.create(
        case=case, user=user, role=role, organisation=organisation
    )


@pytest.fixture(name="member")
def member_fixture(north):
    user = make_user(email="mo@north.example", name="Mo Member")
    make_membership(user=user, organisation=north)
    return user


@pytest.fixture(name="reviewer")
def reviewer_fixture(case, south):
    user = make_user(email="fiona@south.example", name="Fiona Finance")
    make_membership(user=user, organisation=south)
    share(case, user, "reviewer", south)
    return user


@pytest.fixture(name="co_editor")
def co_editor_fixture(case, south):
    user = make_user(email="cedric@south.example", name="Cedric Coeditor")
    make_membership(user=user, organisation=south)
    share(case, user, "co_editor", south)
    return user


@pytest.fixture(name="sro")
def sro_fixture(case, south):
    """A partner's senior responsible owner, shared as a reviewer."""
    user = make_user(email="sara@south.example", name="Sara Senior")
    make_membership(user=user, organisation=south)
    share(case, user, "reviewer", south)
    return user


@pytest.fixture(name="asked")
def asked_fixture(case, alice, sro, reviewer):
    """Sign-off of version 1 asked for: Sara approves, Fiona must review first."""
    return signoff.signoff_request(
        case=case,
        user=alice,
        approver=sro,
        approver_role="Director of Finance, senior responsible owner",
        reviewers=[reviewer],
    )


def approve(case, asked, reviewer, sro, outcome="approved", text=""):
    signoff.review_record(
        case=case, user=reviewer, request=asked, verdict="agreed", comment="Figures agreed."
    )
    return signoff.decision_record(case=case, user=sro, request=asked, outcome=outcome, text=text)
