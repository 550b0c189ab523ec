"""Every password check, whichever door it comes through, counts against one set of limits:
the JSON login, the admin login, the browsable API's login and the password change."""

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import SecurityEvent, User
from accounts.tests.factories import PASSWORD, AdminFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_files")]
PER_EMAIL = 10
PER_IP = 50
LOGIN = reverse("accounts:login")


def api_login(email: str, password: str, ip: str = "198.51.100.1") -> Any:
    return APIClient().post(LOGIN, {"email": email, "password": password}, HTTP_X_FORWARDED_FOR=ip)


def browsable_login(email: str, password: str, ip: str = "198.51.100.1") -> Any:
    return Client().post(
        reverse("rest_framework:login"),
        {"username": email, "password": password},
        HTTP_X_FORWARDED_FOR=ip,
    )


def admin_login(email: str, password: str, ip: str = "198.51.100.1") -> Any:
    return Client().post(
        reverse("admin:login"), {"username": email, "password": password}, HTTP_X_FORWARDED_FOR=ip
    )


Door = Callable[..., Any]
HTML_DOORS = [
    pytest.param(browsable_login, id="browsable-api"),
    pytest.param(admin_login, id="admin"),
]


def assert_refused_page(response: Any) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    content = response.content.decode()
    assert "Too many failed sign-ins" in content
    assert "refused without checking the password" in content


@pytest.mark.parametrize("door", HTML_DOORS)
def test_an_html_login_counts_failures_and_then_refuses_with_a_clear_429(door: Door) -> None:
    admin = AdminFactory.create()
    for attempt in range(PER_EMAIL):
        response = door(admin.email, "wrong", f"198.51.100.{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error

    assert_refused_page(door(admin.email, PASSWORD, "203.0.113.9"))
    # The JSON door shares the count.
    assert api_login(admin.email, PASSWORD).status_code == 429


@pytest.mark.parametrize("door", HTML_DOORS)
def test_failures_at_the_json_login_lock_the_html_logins(door: Door) -> None:
    admin = AdminFactory.create()
    for attempt in range(PER_EMAIL):
        assert api_login(admin.email.upper(), "wrong", f"198.51.100.{attempt}").status_code == 401

    assert_refused_page(door(admin.email, PASSWORD))


@pytest.mark.parametrize("door", HTML_DOORS)
def test_a_refused_attempt_computes_no_password_hash(door: Door) -> None:
    admin = AdminFactory.create()
    for attempt in range(PER_EMAIL):
        door(admin.email, "wrong", f"198.51.100.{attempt}")

    with (
        mock.patch("django.contrib.auth.base_user.check_password") as checked,
        mock.patch("django.contrib.auth.base_user.make_password") as hashed,
    ):
        assert_refused_page(door(admin.email, PASSWORD))

    checked.assert_not_called()
    hashed.assert_not_called()


def test_the_admin_login_still_works_under_the_limit() -> None:
    admin = AdminFactory.create()
    for _ in range(PER_EMAIL - 1):
        admin_login(admin.email, "wrong")

    response = admin_login(admin.email, PASSWORD)

    assert response.status_code == 302


def test_the_browsable_api_login_is_limited_per_address_across_emails() -> None:
    for attempt in range(PER_IP):
        assert browsable_login(f"nobody{attempt}@example.com", "wrong").status_code == 200

    assert_refused_page(browsable_login("fresh@example.com", "wrong"))
    assert browsable_login("fresh@example.com", "wrong", ip="198.51.100.2").status_code == 200


def test_a_locked_email_does_not_lock_another_email_from_the_same_address() -> None:
    locked, other = UserFactory.create(), UserFactory.create()
    for _ in range(PER_EMAIL):
        api_login(locked.email, "wrong")
    assert api_login(locked.email, PASSWORD).status_code == 429

    assert api_login(other.email, "wrong").status_code == 401
    assert api_login(other.email, PASSWORD).status_code == 200


def test_a_success_does_not_erase_earlier_failures_of_the_address() -> None:
    user = UserFactory.create()
    for attempt in range(PER_IP - 1):
        assert api_login(f"nobody{attempt}@example.com", "wrong").status_code == 401

    assert api_login(user.email, PASSWORD).status_code == 200
    assert api_login("fresh@example.com", "wrong").status_code == 401  # the 50th failure
    assert api_login("fresh@example.com", "wrong").status_code == 429


def test_wrong_current_passwords_of_a_password_change_lock_the_login(
    user: User, auth_client: APIClient
) -> None:
    url = reverse("accounts:password")
    for _ in range(PER_EMAIL):
        response = auth_client.post(
            url, {"current_password": "wrong", "new_password": "a-new-Passphrase-42"}
        )
        assert response.status_code == 400
        assert list(response.json()) == ["current_password"]

    # The password change is refused before checking, and so is every other door.
    refused = auth_client.post(
        url, {"current_password": PASSWORD, "new_password": "a-new-Passphrase-42"}
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert api_login(user.email, PASSWORD).status_code == 429
    assert_refused_page(browsable_login(user.email, PASSWORD))


def test_the_password_change_checks_the_current_password_through_the_login_door(
    user: User, auth_client: APIClient
) -> None:
    auth_client.post(
        reverse("accounts:password"),
        {"current_password": "wrong", "new_password": "a-new-Passphrase-42"},
    )

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert (event.user, event.email) == (user, user.email)


def test_only_the_first_refusal_of_a_window_is_logged() -> None:
    user = UserFactory.create()
    for _ in range(PER_EMAIL + 5):
        api_login(user.email, "wrong")

    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_THROTTLED).count() == 1
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_FAILED).count() == PER_EMAIL
