"""Sharing a case: invitations (the same refusals as every invitation), what a partner
can reach, and losing access at once."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts import invitations
from commissioning.accounts.models import Membership
from commissioning.accounts.permissions import Role
from commissioning.cases.access import case_roles
from commissioning.cases.models import CaseCollaborator, CaseInvitation
from commissioning.cases.review import sharing
from commissioning.datasafety.models import AuditEvent
from tests.cases.review_support import (  # noqa: F401
    case_fixture,
    co_editor_fixture,
    library_fixture,
    member_fixture,
    reviewer_fixture,
    share,
)
from tests.factories import make_membership, make_organisation, make_user

pytestmark = pytest.mark.django_db


def invite(client, alice, case, email="pat@partner.example", role="reviewer"):
    client.force_login(alice)
    with mock.patch("django.db.transaction.on_commit", lambda f: f()):
        return client.post(reverse("cases:invite", args=[case.pk]), {"email": email, "role": role})


def link_from_mail() -> str:
    body = mail.outbox[-1].body
    return next(line for line in body.splitlines() if "/cases/invitations/" in line).strip()


def test_an_invitation_is_emailed_and_accepted_by_the_invited_address(client, alice, case):
    response = invite(client, alice, case)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["pat@partner.example"]
    link = link_from_mail()
    partner = make_user(email="pat@partner.example", name="Pat Partner")
    org = make_organisation(name="Partner Trust", kind="provider")
    make_membership(user=partner, organisation=org)
    client.force_login(partner)
    path = (
        link.split("example.org", 1)[-1] if "example.org" in link else link[link.index("/cases") :]
    )
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.url == reverse("cases:tasks", args=[case.pk])
    share_row = CaseCollaborator.objects.get(case=case, user=partner)
    assert share_row.organisation == org and share_row.role == "reviewer"
    assert case_roles(partner, case) == frozenset({Role.REVIEWER})
    # Single use: someone else with the link is refused in the shared words.
    other = make_user(email="eve@else.example")
    client.force_login(other)
    refused = client.post(path)
    assert refused.status_code == 400 and invitations.USED in refused.content.decode()
    assert AuditEvent.objects.filter(verb="joined", object_id=str(case.pk)).exists()


def test_expired_bad_withdrawn_and_mismatched_links_are_refused_in_the_shared_words(
    client, alice, case, settings
):
    invitation = CaseInvitation.objects.create(
        case=case, email="pat@partner.example", role="reviewer", invited_by=alice
    )
    token = sharing.invitation_token(invitation)
    url = reverse("cases:invitation_accept", args=[token])
    wrong = make_user(email="wrong@else.example")
    client.force_login(wrong)
    response = client.get(url)
    assert "you are signed in as wrong@else.example" in response.content.decode()
    response = client.post(url)
    assert not CaseCollaborator.objects.filter(case=case).exists()
    bad = client.get(reverse("cases:invitation_accept", args=[token[:-3] + "abc"]))
    assert bad.status_code == 400 and invitations.BAD in bad.content.decode()
    with mock.patch(
        "django.core.signing.time.time",
        return_value=(timezone.now() + timedelta(days=400)).timestamp(),
    ):
        expired = client.get(url)
    assert expired.status_code == 400 and invitations.EXPIRED in expired.content.decode()
    sharing.invitation_withdraw(invitation=invitation, user=alice)
    gone = client.get(url)
    assert gone.status_code == 400 and sharing.INVITE_GONE in gone.content.decode()


def test_members_and_people_already_shared_are_not_invited_again(
    client, alice, case, member, reviewer
):
    for email, message in (
        (member.email, "is a member of North Borough ICB"),
        (reviewer.email, "already has access to this case"),
    ):
        response = invite(client, alice, case, email=email)
        assert response.status_code == 200 and message in response.content.decode()
    assert not CaseInvitation.objects.exists()


def test_a_partner_sees_the_case_and_nothing_else_of_the_organisation(
    client, case, reviewer, alice
):
    from commissioning.cases import services

    other = services.case_create(
        organisation=case.organisation, user=alice, kind="new_team", title="Other"
    )
    client.force_login(reviewer)
    for name in ("tasks", "document", "results", "versions", "comments", "signoff"):
        assert client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 200, name
    assert client.get(reverse("cases:tasks", args=[other.pk])).status_code == 404
    index = client.get(reverse("cases:index")).content.decode()
    assert "Shared with me" in index and case.title in index and "Other" not in index
    # A reviewer may not change it, copy it, share it or delete it.
    assert client.get(reverse("cases:step", args=[case.pk, "need"])).status_code == 403
    assert client.post(reverse("cases:duplicate", args=[case.pk])).status_code == 403
    assert client.get(reverse("cases:people", args=[case.pk])).status_code == 403
    assert client.post(reverse("cases:delete", args=[case.pk])).status_code == 403


def test_a_co_editor_may_change_the_case_but_not_share_it(client, case, co_editor):
    client.force_login(co_editor)
    assert client.get(reverse("cases:step", args=[case.pk, "need"])).status_code == 200
    assert client.get(reverse("cases:people", args=[case.pk])).status_code == 403


def test_leaving_the_partner_organisation_ends_access_at_once_including_downloads(
    client, case, reviewer, south
):
    client.force_login(reviewer)
    assert client.get(reverse("cases:csv", args=[case.pk])).status_code == 200
    Membership.objects.filter(user=reviewer, organisation=south).delete()
    for name in ("tasks", "document", "csv", "pdf", "docx", "comments"):
        assert client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404, name
    assert case.title not in client.get(reverse("cases:index")).content.decode()


def test_removing_someone_ends_their_access_at_once(client, alice, case, reviewer):
    client.force_login(alice)
    row = CaseCollaborator.objects.get(user=reviewer)
    response = client.post(reverse("cases:share_remove", args=[case.pk, row.pk]))
    assert response.status_code == 302
    client.force_login(reviewer)
    assert client.get(reverse("cases:document", args=[case.pk])).status_code == 404
    assert AuditEvent.objects.filter(verb="participant_removed", subject=reviewer).exists()


def test_the_invitation_email_escapes_the_case_title(client, alice, case):
    case.title = "<script>alert(1)</script>"
    case.save()
    invite(client, alice, case)
    html = mail.outbox[-1].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_someone_in_several_organisations_says_which_they_review_for(client, alice, case):
    partner = make_user(email="pat@partner.example")
    first, second = make_organisation(name="A Trust"), make_organisation(name="B Council")
    make_membership(user=partner, organisation=first)
    make_membership(user=partner, organisation=second)
    invitation = CaseInvitation.objects.create(case=case, email=partner.email, role="reviewer")
    url = reverse("cases:invitation_accept", args=[sharing.invitation_token(invitation)])
    client.force_login(partner)
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Select the organisation you are reviewing this case for" in response.content.decode()
    client.post(url, {"organisation": second.pk})
    assert CaseCollaborator.objects.get(user=partner).organisation == second
