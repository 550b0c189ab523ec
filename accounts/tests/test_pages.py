"""The account pages' rules, through Django's test client (the browser tests walk the flows)."""

import pytest
from django.urls import reverse

from accounts import link_tokens
from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_files")]
NEW_PASSWORD = "violet-Harbor-42-lantern"


def verification_token(user):
    return link_tokens.make_signed_token(link_tokens.EMAIL_VERIFICATION, user)


def test_opening_a_verification_link_changes_nothing_until_the_button_is_pressed(client, user):
    token = verification_token(user)

    page = client.get(reverse("account-pages:verify-email"), {"token": token})

    assert page.status_code == 200
    assert User.objects.get().email_verified is False
    assert client.post(reverse("account-pages:verify-email"), {"token": token}).status_code == 200
    assert User.objects.get().email_verified is True


@pytest.mark.parametrize("page", ["verify-email", "confirm-email", "reset-password"])
def test_an_invalid_link_gets_a_400_page(client, page):
    response = client.get(reverse(f"account-pages:{page}"), {"token": "x", "uid": "x"})

    assert response.status_code == 400
    assert "This link is invalid" in response.content.decode()


def test_the_reset_page_refuses_a_weak_password_and_keeps_the_link(client, user):
    link = {
        "uid": link_tokens.uid_of(user),
        "token": link_tokens.make_token(link_tokens.PASSWORD_RESET, user),
    }
    url = reverse("account-pages:reset-password")

    weak = client.post(url, {**link, "new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 400
    done = client.post(url, {**link, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.email_verified is True


def test_the_email_change_page_answers_409_when_the_address_was_taken(client, user):
    token = link_tokens.make_signed_token(link_tokens.EMAIL_CHANGE, user, email="new@example.com")
    UserFactory.create(email="NEW@example.com")

    response = client.post(reverse("account-pages:confirm-email"), {"token": token})

    assert response.status_code == 409
    assert User.objects.get(pk=user.pk).email == user.email


def test_button_presses_count_against_the_link_limit(client, user, rates):
    rates(link_ip="1/15m")
    url = reverse("account-pages:verify-email")

    assert client.post(url, {"token": "x"}).status_code == 400
    limited = client.post(url, {"token": verification_token(user)})

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert User.objects.get().email_verified is False
