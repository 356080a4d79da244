import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail

from commissioning.accounts.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def confirmation_path(message):
    link = next(line for line in message.body.splitlines() if "/accounts/confirm/" in line)
    return link[link.index("/accounts/confirm/") :].strip()


def test_it_creates_an_account_that_confirms_its_address_and_signs_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "name": "Nadia Commissioner",
                "email": "Nadia@ICB.example",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.url == "/accounts/signup/check-your-email/"
    user = User.objects.get()
    assert user.email == "nadia@icb.example"
    assert user.email_verified_at is None
    assert SESSION_KEY not in client.session
    assert "Check your email" in client.get(response.url).text
    (message,) = mail.outbox
    assert message.to == ["nadia@icb.example"]
    path = confirmation_path(message)
    assert "Confirm and sign in" in client.get(path).text
    response = client.post(path)
    assert response.url == "/accounts/"
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert client.session[SESSION_KEY] == str(user.pk)


def test_signing_up_with_a_used_address_looks_the_same_and_emails_its_owner(
    client, django_capture_on_commit_callbacks
):
    owner = make_user(email="taken@example.org", name="Owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "name": "X",
                "email": "TAKEN@example.org",
                "password1": "another-long-passphrase",
                "password2": "another-long-passphrase",
            },
        )
    assert response.url == "/accounts/signup/check-your-email/"
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.name == "Owner" and owner.check_password(PASSWORD)
    (message,) = mail.outbox
    assert message.to == ["taken@example.org"] and "already has one" in message.body


def test_it_explains_each_missing_field(client):
    text = client.post("/accounts/signup/", {}).content.decode()
    for message in ("Enter your full name", "Enter your work email address", "Enter a password"):
        assert message in text
    assert 'href="#id_name"' in text


def test_it_applies_the_password_validators(client):
    response = client.post(
        "/accounts/signup/",
        {"name": "X", "email": "x@example.org", "password1": "12345", "password2": "12345"},
    )
    text = response.content.decode()
    assert "too short" in text
    assert not User.objects.exists()


def test_it_signs_in_with_email_in_any_case_and_rotates_the_session(client):
    user = make_user(email="casey@example.org")
    client.get("/accounts/login/")
    before = client.session.session_key
    response = client.post(
        "/accounts/login/", {"username": "CASEY@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session.session_key != before


def test_it_locks_out_after_five_failures_even_with_the_right_password(client):
    make_user(email="target@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "target@example.org", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "target@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_password_gets_a_clear_message(client):
    make_user(email="dana@example.org")
    response = client.post("/accounts/login/", {"username": "dana@example.org", "password": "nope"})
    assert "Enter a correct email address and password" in response.content.decode()


def test_sign_out_needs_post(client, alice):
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert SESSION_KEY not in client.session


def test_password_change(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-passphrase")


def test_password_reset_link_works_once(client):
    user = make_user(email="reset@example.org")
    client.post("/accounts/password/reset/", {"email": "reset@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.alternatives, "the email has an HTML part"
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase")
    # The same link again is refused.
    again = client.get(path, follow=True)
    assert "This link does not work" in again.content.decode()


def test_password_reset_says_the_same_for_unknown_addresses(client):
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 0
