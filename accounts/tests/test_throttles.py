from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from accounts.throttles import RateLimit, parse_rate

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def attempt_login(client, email, password="wrong", ip="198.51.100.1", sent=None):  # noqa: S107
    forwarded = f"{sent}, {ip}" if sent else ip
    return client.post(
        LOGIN, {"email": email, "password": password}, HTTP_X_FORWARDED_FOR=forwarded
    )


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("10/15m", (10, 900)), ("20/h", (20, 3600)), ("60/m", (60, 60)), ("5/2d", (5, 172800))],
)
def test_rates_read_a_count_per_period(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["10", "10/15", "ten/m", "10/15x", ""])
def test_a_malformed_rate_is_a_configuration_error(rate):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)


def test_failed_logins_per_email_are_limited_whatever_the_address(api_client, user, rates):
    rates(login_email="3/15m")
    for attempt in range(3):
        assert attempt_login(api_client, user.email, ip=f"198.51.100.{attempt}").status_code == 401

    response = attempt_login(api_client, user.email.upper(), password=PASSWORD, ip="203.0.113.9")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    assert "detail" in response.json()


def test_failed_logins_per_ip_are_limited_and_forged_forwarded_for_does_not_help(
    api_client, user, rates
):
    rates(login_ip="3/15m")
    for attempt in range(3):
        response = attempt_login(
            api_client, f"nobody{attempt}@example.com", sent=f"10.0.0.{attempt}"
        )
        assert response.status_code == 401

    response = attempt_login(api_client, user.email, password=PASSWORD, sent="192.0.2.77")

    assert response.status_code == 429
    assert (
        attempt_login(api_client, user.email, password=PASSWORD, ip="198.51.100.2").status_code
        == 200
    )


def test_forwarded_for_is_ignored_without_trusted_proxies(api_client, user, rates, settings):
    rates(login_ip="2/15m")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    for attempt in range(2):
        attempt_login(api_client, f"nobody{attempt}@example.com", ip=f"10.0.0.{attempt}")

    assert (
        attempt_login(api_client, user.email, password=PASSWORD, ip="10.9.9.9").status_code == 429
    )


def test_successful_logins_do_not_count(api_client, user, rates):
    rates(login_email="2/15m", login_ip="2/15m")
    for _ in range(4):
        assert attempt_login(api_client, user.email, password=PASSWORD).status_code == 200


def test_the_limit_lifts_when_its_window_ends(api_client, user, rates):
    rates(login_email="1/15m")
    attempt_login(api_client, user.email)
    assert attempt_login(api_client, user.email, password=PASSWORD).status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=15)):
        assert attempt_login(api_client, user.email, password=PASSWORD).status_code == 200


def test_registrations_per_ip_are_limited(api_client, rates):
    rates(register="2/h")
    for n in range(2):
        response = api_client.post(
            reverse("accounts:register"), {"email": f"new{n}@example.com", "password": PASSWORD}
        )
        assert response.status_code == 201

    response = api_client.post(
        reverse("accounts:register"), {"email": "new9@example.com", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600


def test_refreshes_per_session_are_limited(api_client, user, login, rates):
    rates(refresh="2/m")
    tokens, other = login(user), login(user)
    for _ in range(2):
        tokens = api_client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]}).json()

    response = api_client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    other_session = api_client.post(reverse("accounts:refresh"), {"refresh": other["refresh"]})
    assert other_session.status_code == 200


def test_a_count_that_expires_between_add_and_incr_starts_again(monkeypatch):
    limit = RateLimit("login_email", "someone@example.com")
    counters = caches["limits"]

    def expired(key):
        counters.delete(key)
        raise ValueError(key)

    monkeypatch.setattr(counters, "incr", expired)
    limit.hit()

    assert counters.get(limit.key) == 1
