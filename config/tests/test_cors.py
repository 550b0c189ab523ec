"""CORS: browser apps on the origins CORS_ALLOWED_ORIGINS names may call the API, no others."""

import pytest
from django.urls import reverse
from pytest_django import Settings
from rest_framework.test import APIClient

from config.tests.test_settings import PRODUCTION, load_settings

APP = "https://app.example.com"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def allowed_origin(settings: Settings) -> None:
    settings.CORS_ALLOWED_ORIGINS = [APP]


def preflight(api_client: APIClient, path: str, origin: str) -> dict[str, str]:
    response = api_client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert response.status_code == 200
    return dict(response.headers)


def test_a_preflight_from_an_allowed_origin_is_answered(api_client: APIClient) -> None:
    headers = preflight(api_client, reverse("widgets:widget-list"), APP)

    assert headers["access-control-allow-origin"] == APP
    assert "POST" in headers["access-control-allow-methods"]
    allowed = headers["access-control-allow-headers"].split(", ")
    assert {"authorization", "content-type"} <= set(allowed)
    assert "access-control-allow-credentials" not in headers


def test_a_preflight_from_another_origin_gets_no_cors_headers(api_client: APIClient) -> None:
    headers = preflight(api_client, reverse("widgets:widget-list"), "https://evil.example.com")

    assert not [name for name in headers if name.startswith("access-control-")]


def test_an_api_answer_to_an_allowed_origin_lets_it_read_the_page_links(
    api_client: APIClient,
) -> None:
    response = api_client.get(reverse("widgets:widget-list"), HTTP_ORIGIN=APP)

    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == APP
    exposed = response.headers["Access-Control-Expose-Headers"].split(", ")
    assert {"Link", "Location", "Retry-After", "X-Request-ID"} <= set(exposed)


def test_pages_outside_the_api_get_no_cors_headers(api_client: APIClient) -> None:
    headers = preflight(api_client, reverse("admin:login"), APP)

    assert "access-control-allow-origin" not in headers


def test_no_origin_is_allowed_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(monkeypatch, **PRODUCTION).CORS_ALLOWED_ORIGINS == []
    configured = load_settings(
        monkeypatch, CORS_ALLOWED_ORIGINS=f"{APP}, https://admin.example.com", **PRODUCTION
    )
    assert configured.CORS_ALLOWED_ORIGINS == [APP, "https://admin.example.com"]
