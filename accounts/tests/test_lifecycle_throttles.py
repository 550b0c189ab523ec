"""Limits on the mail and link endpoints: per address and per client IP, 429 with Retry-After."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
MAIL_REQUESTS = ["accounts:password-reset", "accounts:verify-email-resend"]
LINKS = {
    "accounts:verify-email": {"token": "x"},
    "accounts:email-confirm": {"token": "x"},
    "accounts:password-reset-confirm": {"uid": "x", "token": "x", "new_password": "x"},
}


def post(client, name, body, ip="198.51.100.1"):
    return client.post(reverse(name), body, HTTP_X_FORWARDED_FOR=ip)


@pytest.mark.parametrize("name", MAIL_REQUESTS)
def test_mail_requests_are_limited_per_address_in_any_case(api_client, rates, name):
    rates(mail_email="2/h")

    answers = [
        post(api_client, name, {"email": email}, ip=f"198.51.100.{n}")
        for n, email in enumerate(["ada@example.com", "ADA@example.com", "ada@example.com"])
    ]

    assert [response.status_code for response in answers] == [202, 202, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert post(api_client, name, {"email": "grace@example.com"}).status_code == 202


@pytest.mark.parametrize("name", MAIL_REQUESTS)
def test_mail_requests_are_limited_per_client_ip(api_client, rates, name):
    rates(mail_ip="2/h")

    answers = [post(api_client, name, {"email": f"u{n}@example.com"}) for n in range(3)]

    assert [response.status_code for response in answers] == [202, 202, 429]
    assert post(api_client, name, {"email": "u9@example.com"}, ip="203.0.113.9").status_code == 202


def test_a_known_and_an_unknown_address_are_limited_alike(api_client, rates):
    rates(mail_email="1/h")
    known = UserFactory.create()

    for email in (known.email, "nobody@example.com"):
        assert post(api_client, MAIL_REQUESTS[0], {"email": email}).status_code == 202
        assert post(api_client, MAIL_REQUESTS[0], {"email": email}).status_code == 429


@pytest.mark.parametrize("name", LINKS)
def test_link_attempts_are_limited_per_client_ip(api_client, rates, name):
    rates(link_ip="2/15m")

    answers = [post(api_client, name, LINKS[name]) for _ in range(3)]

    assert [response.status_code for response in answers] == [400, 400, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert post(api_client, name, LINKS[name], ip="203.0.113.9").status_code == 400


def test_email_change_requests_are_limited_per_new_address(auth_client, rates):
    rates(mail_email="1/h")
    body = {"new_email": "new@example.com", "password": PASSWORD}

    assert auth_client.post(reverse("accounts:email"), body).status_code == 202
    assert auth_client.post(reverse("accounts:email"), body).status_code == 429
