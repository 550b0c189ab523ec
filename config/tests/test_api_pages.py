"""The API root, the schema and the docs pages, as HTTP answers (the browser tests show them)."""

import json
from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import resolve, reverse
from pytest_django import Settings
from rest_framework.test import APIClient

from accounts.tests.factories import PASSWORD, AdminFactory
from config.api_views import ENDPOINTS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unhashed_static_names(settings: Settings) -> None:
    """The pages name static files; hashed names need `collectstatic`, which only the browser
    tests run (they load those files through whitenoise, as production does)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.mark.parametrize("path", [reverse("api-root"), reverse("api-root") + "/"])
def test_the_api_root_links_every_auth_and_widget_endpoint(
    api_client: APIClient, path: str
) -> None:
    response = api_client.get(path, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    links = response.json()
    assert set(links) == set(ENDPOINTS)
    for name, url_name in ENDPOINTS.items():
        assert links[name].startswith("http://testserver/api/v1/")
        assert resolve(links[name].removeprefix("http://testserver")).view_name == url_name


def test_an_anonymous_json_client_gets_401_with_a_bearer_challenge(api_client: APIClient) -> None:
    response = api_client.get(reverse("widgets:widget-list"), HTTP_ACCEPT="application/json")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"].startswith("Bearer ")


def test_a_signed_in_browser_gets_html_and_a_json_client_gets_json(client: Client) -> None:
    AdminFactory(email="root@example.com")
    assert client.login(username="root@example.com", password=PASSWORD)

    html = client.get(reverse("widgets:widget-list"), HTTP_ACCEPT="text/html")
    json = client.get(reverse("widgets:widget-list"), HTTP_ACCEPT="application/json")

    assert html.status_code == json.status_code == 200
    assert html["Content-Type"].startswith("text/html")
    assert b'id="post-object-form"' in html.content
    assert json.json()["results"] == []


def test_an_admin_s_browser_gets_a_widget_s_edit_form_filled_with_its_values(
    client: Client,
) -> None:
    """Reads load plain rows, not Widget instances: the PUT form is built from one."""
    AdminFactory(email="root@example.com")
    assert client.login(username="root@example.com", password=PASSWORD)
    body = {"name": "Alpha-1", "info_url": "https://example.com/a", "deadline": "2099-01-02"}
    assert client.post(reverse("widgets:widget-list"), body).status_code == 201

    html = client.get(reverse("widgets:widget-detail", args=["alpha-1"]), HTTP_ACCEPT="text/html")

    assert html.status_code == 200
    form = html.content.decode().partition('id="put-object-form"')[2]
    for value in body.values():
        assert f'value="{value}"' in form


def test_a_session_write_without_its_csrf_token_is_refused() -> None:
    AdminFactory(email="root@example.com")
    csrf_checking = APIClient(enforce_csrf_checks=True)
    assert csrf_checking.login(username="root@example.com", password=PASSWORD)
    body = {"name": "w", "info_url": "https://example.com", "deadline": "2099-01-01"}

    response = csrf_checking.post(reverse("widgets:widget-list"), body, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_schema_is_yaml_by_default_and_json_on_request(api_client: APIClient) -> None:
    as_yaml = api_client.get(reverse("schema"))
    as_json = api_client.get(reverse("schema"), {"format": "json"})

    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(as_yaml.content) == as_json.json()
    assert as_json.json()["info"]["title"] == "Widgets API"


@pytest.mark.parametrize("url_name", ["schema", "swagger-ui", "redoc"])
def test_the_docs_are_public_even_with_a_stale_token(api_client: APIClient, url_name: str) -> None:
    response = api_client.get(reverse(url_name), HTTP_AUTHORIZATION="Bearer expired.or.forged")

    assert response.status_code == 200


def test_redoc_loads_nothing_from_outside(api_client: APIClient) -> None:
    page = api_client.get(reverse("redoc")).content.decode()

    assert "fonts.googleapis.com" not in page
    assert "img-src 'self' data:" in page
    assert "/static/drf_spectacular_sidecar/redoc/" in page


def test_swagger_ui_asks_no_outside_validator(api_client: APIClient) -> None:
    page = api_client.get(reverse("swagger-ui")).content.decode()

    assert '"validatorUrl": null' in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page


def documented(api_client: APIClient) -> dict[str, Any]:
    response = api_client.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    schema: dict[str, Any] = json.loads(response.content)
    return schema


def test_the_documented_api_offers_the_bearer_scheme_only(api_client: APIClient) -> None:
    schema = documented(api_client)

    assert list(schema["components"]["securitySchemes"]) == ["jwtAuth"]
    schemes = {
        name
        for item in schema["paths"].values()
        for operation in item.values()
        for requirement in operation.get("security", [])
        for name in requirement
    }
    assert schemes == {"jwtAuth"}


@pytest.mark.parametrize("min_length", [8, 12])
def test_every_new_password_documents_the_min_length_the_validators_enforce(
    api_client: APIClient, settings: Settings, min_length: int
) -> None:
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": min_length},
        }
    ]
    components = documented(api_client)["components"]["schemas"]

    for component, field in [
        ("RegisterRequest", "password"),
        ("PasswordChangeRequest", "new_password"),
        ("PasswordResetConfirmRequest", "new_password"),
    ]:
        assert components[component]["properties"][field]["minLength"] == min_length
    short = "x" * (min_length - 1)
    response = api_client.post(
        reverse("accounts:register"), {"email": "short@example.com", "password": short}
    )
    assert response.status_code == 400
    assert "too short" in response.json()["password"][0]
    assert f"{min_length} characters" in response.json()["password"][0]
