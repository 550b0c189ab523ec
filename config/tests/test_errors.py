import pytest
from django.test import Client
from pytest_django import Settings


@pytest.mark.django_db
def test_unknown_api_url_is_a_json_404(client: Client) -> None:
    response = client.get("/api/does-not-exist/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_unknown_api_url_is_a_json_404_in_debug_mode_too(
    client: Client, settings: Settings
) -> None:
    settings.DEBUG = True

    response = client.get("/api/v1/nothing/here")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
