"""Sign-up confirms the email address before the account sees anything addressed to
it (accounts/verification.py)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from commissioning.accounts import invitations, services, verification
from commissioning.accounts.models import Invitation, Membership, User
from tests.accounts.test_signup_login import confirmation_path
from tests.factories import PASSWORD, make_membership, make_organisation, make_user

pytestmark = pytest.mark.django_db

OWNER_PASSWORD = "the-real-owners-passphrase"


def sign_up(client, capture, *, name, email, password):
    with capture(execute=True):
        return client.post(
            "/accounts/signup/",
            {"name": name, "email": email, "password1": password, "password2": password},
        )


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    client, django_capture_on_commit_callbacks
):
    make_user(email="taken@example.org")
    pages = []
    for email in ("taken@example.org", "free@example.org"):
        response = sign_up(
            client, django_capture_on_commit_callbacks, name="X", email=email, password=PASSWORD
        )
        pages.append((response.status_code, response.url, client.get(response.url).text))
    assert pages[0][:2] == pages[1][:2]
    assert (
        pages[0][2].replace("csrfmiddlewaretoken", "").split("value=")[0]
        == (pages[1][2].replace("csrfmiddlewaretoken", "").split("value=")[0])
    )
    assert len(mail.outbox) == 2  # one to each address, saying different things


def test_an_unconfirmed_address_is_claimed_again_by_its_real_owner(
    client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    sign_up(client, capture, name="Someone Else", email="owner@example.org", password=PASSWORD)
    first_link = confirmation_path(mail.outbox[0])
    squatter = User.objects.get()
    squatter_session = client.__class__()
    squatter_session.force_login(squatter)
    sign_up(client, capture, name="Real Owner", email="Owner@example.org", password=OWNER_PASSWORD)
    user = User.objects.get()  # still one account
    assert user.name == "Real Owner" and user.check_password(OWNER_PASSWORD)
    assert not user.check_password(PASSWORD)
    # The first claimant's link and session no longer work.
    assert client.get(first_link).status_code == 400
    assert squatter_session.get("/accounts/").status_code == 302
    second_link = confirmation_path(mail.outbox[1])
    client.post(second_link)
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert client.session[SESSION_KEY] == str(user.pk)
    # Used once: the same link is refused afterwards.
    client.logout()
    assert "This link does not work" in client.get(second_link).text


def test_an_unconfirmed_account_cannot_see_or_accept_invitations(
    client, django_capture_on_commit_callbacks
):
    admin = make_user()
    organisation = make_organisation(name="North ICB")
    make_membership(user=admin, organisation=organisation, role="admin")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=organisation, email="new@example.org", role="member", invited_by=admin
        )
    token = services.invitation_token(invitation)
    user = make_user(email="new@example.org", email_verified_at=None)
    client.force_login(user)
    page = client.get("/accounts/").text
    assert "Confirm your email address" in page
    assert "North ICB" not in page
    response = client.post(f"/accounts/invitations/{token}/")
    assert response.status_code == 400
    assert verification.NOT_VERIFIED in response.text.replace("&#x27;", "'")
    assert not Membership.objects.filter(user=user).exists()
    assert Invitation.objects.get().accepted_at is None

    services.email_confirm(user=user)
    assert "North ICB" in client.get("/accounts/").text
    assert client.post(f"/accounts/invitations/{token}/").status_code == 302
    assert Membership.objects.filter(user=user, organisation=organisation).exists()


def test_every_invitation_kind_refuses_an_unconfirmed_address():
    make_user(email="pending@example.org", email_verified_at=None)
    make_user(email="done@example.org")
    with pytest.raises(invitations.InvitationError, match="Confirm your email address first"):
        invitations.require_addressed_to("pending@example.org", "Pending@example.org")
    invitations.require_addressed_to("done@example.org", "DONE@example.org")
    with pytest.raises(invitations.InvitationError, match="but you are signed in as"):
        invitations.require_addressed_to("done@example.org", "pending@example.org")


def test_require_verified():
    with pytest.raises(verification.EmailNotVerified):
        verification.require_verified(AnonymousUser())
    with pytest.raises(verification.EmailNotVerified):
        verification.require_verified(make_user(email_verified_at=None))
    verification.require_verified(make_user())


def test_a_new_link_can_be_asked_for(client, django_capture_on_commit_callbacks):
    user = make_user(email="late@example.org", email_verified_at=None)
    client.post("/accounts/confirm/resend/", {"email": "LATE@example.org"})
    client.post("/accounts/confirm/resend/", {"email": "nobody@example.org"})
    assert [m.to for m in mail.outbox] == [["late@example.org"]]
    client.force_login(user)
    response = client.post("/accounts/confirm/resend/")
    assert response.url == "/accounts/"
    assert len(mail.outbox) == 2
    client.post(confirmation_path(mail.outbox[1]))
    user.refresh_from_db()
    assert user.email_verified_at is not None
    # A confirmed account is sent nothing more.
    client.post("/accounts/confirm/resend/")
    assert len(mail.outbox) == 2


def test_a_bad_link_says_so(client):
    response = client.get("/accounts/confirm/Mw/not-a-token/")
    assert response.status_code == 400
    assert "This link does not work" in response.text


def test_the_migration_marks_existing_accounts_confirmed():
    older = make_user(email_verified_at=None)
    migration = importlib.import_module(
        "commissioning.accounts.migrations.0002_user_email_verified_at"
    )
    migration.mark_existing_verified(apps, None)
    older.refresh_from_db()
    assert older.email_verified_at is not None
