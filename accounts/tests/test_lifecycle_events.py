"""Every step of the mailed flows goes to the security log, with the client that took it."""

import pytest
from django.urls import reverse

from accounts import link_tokens
from accounts.models import SecurityEvent, User
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
CLIENT = {"HTTP_USER_AGENT": "phone", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
NEW_PASSWORD = "violet-Harbor-42-lantern"


def event(kind):
    return SecurityEvent.objects.get(kind=kind)


def test_registering_and_verifying_are_logged(api_client):
    api_client.post(
        reverse("accounts:register"), {"email": "ada@example.com", "password": PASSWORD}, **CLIENT
    )
    user = User.objects.get()
    token = link_tokens.make_signed_token(link_tokens.EMAIL_VERIFICATION, user)
    api_client.post(reverse("accounts:verify-email"), {"token": token}, **CLIENT)

    assert event(Kind.VERIFICATION_SENT).email == "ada@example.com"
    verified = event(Kind.EMAIL_VERIFIED)
    assert (verified.user, verified.ip_address, verified.user_agent) == (
        user,
        "203.0.113.7",
        "phone",
    )


def test_a_reset_request_is_logged_with_the_address_alone_whether_or_not_it_has_an_account(
    api_client, user
):
    for email in (user.email, "nobody@example.com"):
        api_client.post(reverse("accounts:password-reset"), {"email": email}, **CLIENT)

    requests = SecurityEvent.objects.filter(kind=Kind.PASSWORD_RESET_REQUESTED).order_by("id")
    assert [(e.user, e.email) for e in requests] == [
        (None, user.email),
        (None, "nobody@example.com"),
    ]


def test_a_completed_reset_is_logged_with_the_sessions_it_ended(api_client, user, tokens):
    link = {
        "uid": link_tokens.uid_of(user),
        "token": link_tokens.make_token(link_tokens.PASSWORD_RESET, user),
    }
    api_client.post(
        reverse("accounts:password-reset-confirm"), {**link, "new_password": NEW_PASSWORD}, **CLIENT
    )

    assert event(Kind.PASSWORD_RESET).user == user
    assert SecurityEvent.objects.filter(kind=Kind.SESSION_REVOKED, user=user).exists()
    assert not SecurityEvent.objects.filter(kind=Kind.PASSWORD_CHANGED).exists()


def test_an_email_change_is_logged_when_asked_for_and_when_done(auth_client, api_client, user):
    old_email = user.email
    auth_client.post(
        reverse("accounts:email"), {"new_email": "new@example.com", "password": PASSWORD}
    )
    token = link_tokens.make_signed_token(link_tokens.EMAIL_CHANGE, user, email="new@example.com")
    api_client.post(reverse("accounts:email-confirm"), {"token": token})

    assert (event(Kind.EMAIL_CHANGE_REQUESTED).email, event(Kind.EMAIL_CHANGE_REQUESTED).user) == (
        "new@example.com",
        user,
    )
    assert (event(Kind.EMAIL_CHANGED).email, event(Kind.EMAIL_CHANGED).user) == (old_email, user)


def test_a_deleted_account_leaves_its_log_with_the_email(auth_client, user):
    email = user.email
    auth_client.delete(reverse("accounts:user"), {"password": PASSWORD})

    deleted = event(Kind.ACCOUNT_DELETED)
    assert (deleted.user, deleted.email) == (None, email)
    assert SecurityEvent.objects.filter(email=email, kind=Kind.LOGIN).exists()


def test_no_event_holds_a_link_token(api_client, user):
    token = link_tokens.make_signed_token(link_tokens.EMAIL_VERIFICATION, user)
    api_client.post(reverse("accounts:verify-email"), {"token": token})

    for row in SecurityEvent.objects.values():
        assert token not in str(row)
