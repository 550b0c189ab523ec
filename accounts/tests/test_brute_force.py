"""Failed-login limits per account and per client IP, and why forged headers cannot dodge them.

The defaults under test are the documented ones: 10 failed logins per email and 50 per IP in
15 minutes. Behind the platform's one router (NUM_PROXIES=1) the client is the last entry of
X-Forwarded-For, the one the router appended; everything before it is whatever the client sent.
"""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pytest_django import Settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "correct-Horse-battery-9"
PER_EMAIL = 10
PER_IP = 50
ROUTER = "10.1.2.3"


@pytest.fixture
def user() -> Any:
    return get_user_model().objects.create_user("target@example.com", PASSWORD)


def log_in(client: APIClient, email: str, password: str, client_ip: str, sent: str = "") -> Any:
    """A login through the router: it appends the client's address to what the client sent."""
    forwarded = f"{sent}, {client_ip}" if sent else client_ip
    return client.post(
        reverse("accounts:login"),
        {"email": email, "password": password},
        REMOTE_ADDR=ROUTER,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def assert_throttled(response: Any) -> None:
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/json"


def test_the_defaults_are_the_documented_ones(settings: Settings) -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]

    assert rates["login_email"] == f"{PER_EMAIL}/15m"
    assert rates["login_ip"] == f"{PER_IP}/15m"
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 1


def test_an_account_locks_after_its_failed_logins_even_from_many_addresses(
    api_client: APIClient, user: Any
) -> None:
    for attempt in range(PER_EMAIL):
        response = log_in(api_client, user.email, "wrong", f"198.51.100.{attempt}")
        assert response.status_code == 401

    # Another address, another case of the email, and the right password: still locked.
    response = log_in(api_client, "TARGET@EXAMPLE.COM", PASSWORD, "203.0.113.99")

    assert_throttled(response)


def test_successful_logins_do_not_count_against_the_account(
    api_client: APIClient, user: Any
) -> None:
    for attempt in range(PER_EMAIL + 2):
        assert log_in(api_client, user.email, PASSWORD, f"198.51.100.{attempt}").status_code == 200


def test_an_address_is_limited_across_many_accounts(api_client: APIClient) -> None:
    for attempt in range(PER_IP):
        response = log_in(api_client, f"nobody{attempt}@example.com", "wrong", "203.0.113.7")
        assert response.status_code == 401

    assert_throttled(log_in(api_client, "fresh@example.com", "wrong", "203.0.113.7"))
    # The limit is the address's, not everybody's.
    assert log_in(api_client, "fresh@example.com", "wrong", "203.0.113.8").status_code == 401


def test_forged_forwarded_for_entries_do_not_make_a_new_client(api_client: APIClient) -> None:
    for attempt in range(PER_IP):
        sent = f"192.0.2.{attempt}, 10.0.0.{attempt}"
        response = log_in(api_client, f"nobody{attempt}@example.com", "wrong", "203.0.113.7", sent)
        assert response.status_code == 401

    response = log_in(api_client, "fresh@example.com", "wrong", "203.0.113.7", "192.0.2.250")

    assert_throttled(response)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Real-IP", "192.0.2.1"),
        ("Client-IP", "192.0.2.1"),
        ("Forwarded", "for=192.0.2.1"),
        ("True-Client-IP", "192.0.2.1"),
        ("CF-Connecting-IP", "192.0.2.1"),
    ],
)
def test_other_client_ip_headers_are_ignored(
    api_client: APIClient, header: str, value: str
) -> None:
    for attempt in range(PER_IP):
        response = api_client.post(
            reverse("accounts:login"),
            {"email": f"nobody{attempt}@example.com", "password": "wrong"},
            REMOTE_ADDR=ROUTER,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
            headers={header: f"{value}{attempt}"},
        )
        assert response.status_code == 401

    assert_throttled(log_in(api_client, "fresh@example.com", "wrong", "203.0.113.7"))


def test_a_locked_account_answers_429_before_checking_the_password(
    api_client: APIClient, user: Any, django_assert_max_num_queries: Any
) -> None:
    for attempt in range(PER_EMAIL):
        log_in(api_client, user.email, "wrong", f"198.51.100.{attempt}")

    # No user lookup, no hashing: only the first refusal of a window is logged.
    with django_assert_max_num_queries(1):
        assert_throttled(log_in(api_client, user.email, PASSWORD, "198.51.100.201"))
    with django_assert_max_num_queries(0):
        assert_throttled(log_in(api_client, user.email, PASSWORD, "198.51.100.200"))
