"""Production-mode HTTP hardening: allowed hosts, security headers, error bodies that leak nothing.

The test run has debug off, as production does (pytest.ini sets no DJANGO_DEBUG).
"""

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django import Settings
from rest_framework.test import APIClient

from accounts.views import CurrentUserView

pytestmark = pytest.mark.django_db

LEAKS = ("Traceback", 'File "', "django.", "settings", "SECRET", settings.SECRET_KEY)


def assert_leaks_nothing(body: bytes) -> None:
    text = body.decode(errors="replace")
    for leak in LEAKS:
        assert leak not in text


@pytest.mark.parametrize("path", ["/api/v1/", "/api/schema/", "/api/nothing/", "/health/live/"])
def test_a_host_not_in_allowed_hosts_gets_a_json_400(api_client: APIClient, path: str) -> None:
    response = api_client.get(path, HTTP_HOST="attacker.example.com")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Bad request."}


def test_a_host_not_in_allowed_hosts_gets_a_400_outside_the_api_too(api_client: APIClient) -> None:
    response = api_client.get("/admin/login/", HTTP_HOST="attacker.example.com")

    assert response.status_code == 400
    assert_leaks_nothing(response.content)


def test_https_answers_carry_hsts_for_a_year_with_subdomains_and_preload(
    api_client: APIClient,
) -> None:
    response = api_client.get(reverse("health-live"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_answers_carry_no_hsts(api_client: APIClient) -> None:
    """Browsers ignore HSTS over http (RFC 6797, 8.1); sending it there would only be noise."""
    response = api_client.get(reverse("health-live"))

    assert "Strict-Transport-Security" not in response


@pytest.fixture(autouse=True)
def uncollected_static_files(settings: Settings) -> None:
    """Admin pages link static files, which only a deployment collects (and hashes)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.mark.parametrize("path", ["/api/v1/", "/api/nothing/", "/admin/login/"])
def test_answers_forbid_sniffing_and_send_the_referrer_only_to_the_same_origin(
    api_client: APIClient, path: str
) -> None:
    response = api_client.get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_admin_cannot_be_framed(api_client: APIClient) -> None:
    response = api_client.get("/admin/login/")

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"


def test_a_crash_under_the_api_is_a_json_500_without_traceback_or_settings(
    monkeypatch: pytest.MonkeyPatch, django_user_model: Any
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"boom with {settings.SECRET_KEY} in {settings.DATABASES}")

    monkeypatch.setattr(CurrentUserView, "get_object", crash)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(django_user_model.objects.create_user("crash@example.com", "x"))

    response = client.get(reverse("accounts:user"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Internal server error."}
    assert_leaks_nothing(response.content)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/nothing/", 404),
        ("delete", "/api/schema/", 405),
        ("post", "/api/v1/", 405),
    ],
)
def test_error_bodies_leak_nothing(
    api_client: APIClient, method: str, path: str, status: int
) -> None:
    response = getattr(api_client, method)(path)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert_leaks_nothing(response.content)
