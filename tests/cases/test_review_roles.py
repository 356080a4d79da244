"""Every state-changing route of sharing, comments and sign-off, for every role: the
answer each role gets (404 for those with no role, 403 for those who may see the case
but not take the action, anything else for those who may), checked against the one
written rule (``accounts.permissions``)."""

import pytest
from django.urls import reverse

from commissioning.accounts.permissions import Action, Role, Work, may
from commissioning.cases.models import CaseCollaborator, CaseComment, CaseInvitation
from commissioning.cases.review import signoff
from tests.cases.review_support import case_fixture, library_fixture, share  # noqa: F401
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db

ROLE_NAMES = (
    "anonymous",
    "outsider",
    "member",
    "admin",
    "starter",
    "reviewer",
    "co_editor",
    "required_reviewer",
    "approver",
)


@pytest.fixture
def people(case, alice, north, south, bob):
    """One person per role (the starter is a plain member who started the case)."""
    starter = make_user(email="stan@north.example", name="Stan Starter")
    make_membership(user=starter, organisation=north)
    case.created_by = starter
    case.save()
    member = make_user(email="mo@north.example", name="Mo Member")
    make_membership(user=member, organisation=north)
    found = {"anonymous": None, "outsider": bob, "member": member, "admin": alice}
    found["starter"] = starter
    for name in ("reviewer", "co_editor", "required_reviewer", "approver"):
        user = make_user(email=f"{name}@south.example", name=name.replace("_", " ").title())
        make_membership(user=user, organisation=south)
        share(case, user, "co_editor" if name == "co_editor" else "reviewer", south)
        found[name] = user
    signoff.signoff_request(
        case=case,
        user=starter,
        approver=found["approver"],
        approver_role="SRO",
        reviewers=[found["required_reviewer"]],
    )
    return found


def _routes(case):
    """(action, url, POST data) for every state-changing route; data is made fresh
    per call (ids of rows made for the call)."""
    comment = CaseComment.objects.create(case=case, section="whole", version=1, body="A")
    invitation = CaseInvitation.objects.create(case=case, email="x@y.example", role="reviewer")
    target = CaseCollaborator.objects.filter(case=case, role="reviewer").last()
    pk = case.pk
    return [
        (
            Action.INVITE,
            reverse("cases:invite", args=[pk]),
            {"email": "n@p.example", "role": "reviewer"},
        ),
        (Action.INVITE, reverse("cases:invitation_withdraw", args=[pk, invitation.pk]), {}),
        (Action.INVITE, reverse("cases:share_remove", args=[pk, target.pk]), {}),
        (Action.COMMENT, reverse("cases:comments", args=[pk]), {"section": "whole", "body": "B"}),
        (Action.COMMENT, reverse("cases:comment_reply", args=[pk, comment.pk]), {"body": "C"}),
        (Action.RESOLVE_COMMENT, reverse("cases:comment_resolve", args=[pk, comment.pk]), {}),
        (Action.REQUEST_SIGNOFF, reverse("cases:signoff_ask", args=[pk]), {"approver": ""}),
        (Action.REVIEW, reverse("cases:signoff_review", args=[pk]), {"verdict": ""}),
        (Action.DECIDE, reverse("cases:signoff_decide", args=[pk]), {"outcome": ""}),
    ]


def _roles(name: str) -> frozenset[Role]:
    return {
        "anonymous": frozenset(),
        "outsider": frozenset(),
        "member": frozenset({Role.MEMBER}),
        "admin": frozenset({Role.MEMBER, Role.ADMIN}),
        "starter": frozenset({Role.MEMBER, Role.STARTER}),
        "reviewer": frozenset({Role.REVIEWER}),
        "co_editor": frozenset({Role.CO_EDITOR}),
        "required_reviewer": frozenset({Role.REVIEWER, Role.SIGNOFF_REVIEWER}),
        "approver": frozenset({Role.REVIEWER, Role.APPROVER}),
    }[name]


@pytest.mark.parametrize("name", ROLE_NAMES)
def test_every_state_changing_route_answers_each_role_by_the_rule(client, case, people, name):
    from commissioning.cases.access import case_roles

    user = people[name]
    if user is not None:
        assert case_roles(user, case) == _roles(name)
        client.force_login(user)
    for action, url, data in _routes(case):
        status = client.post(url, data).status_code
        if user is None:
            assert status == 302, (name, url)  # to sign in
        elif not _roles(name):
            assert status == 404, (name, url)
        elif may(Work.CASE, action, _roles(name)):
            assert status not in (403, 404), (name, url, status)
        else:
            assert status == 403, (name, url, status)
