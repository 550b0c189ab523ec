from collections.abc import Callable

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.redis import RedisCache
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from config import health
from config.tests.servers import free_port


def refuse_queries(*args: object) -> None:
    raise OperationalError("server closed the connection unexpectedly")


# No django_db mark: pytest-django fails any database access in this test.
@pytest.mark.parametrize("suffix", ["/", ""])
def test_liveness_answers_ok_without_touching_the_database(client: Client, suffix: str) -> None:
    response = client.get(reverse("health-live").rstrip("/") + suffix)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["/", ""])
def test_readiness_answers_ok_when_database_and_cache_answer(client: Client, suffix: str) -> None:
    response = client.get(reverse("health-ready").rstrip("/") + suffix)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readiness_is_503_naming_the_database_when_it_fails(client: Client) -> None:
    with connection.execute_wrapper(refuse_queries):
        response = client.get(reverse("health-ready"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "broken_cache",
    [
        lambda: RedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {}}),  # no answer
        lambda: DummyCache("dummy", {}),  # answers, but forgets what it was given
    ],
    ids=["unreachable", "forgetful"],
)
def test_readiness_is_503_naming_the_cache_when_it_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch, broken_cache: Callable[[], BaseCache]
) -> None:
    monkeypatch.setattr(health, "cache", broken_cache())

    response = client.get(reverse("health-ready"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


@pytest.mark.django_db
def test_health_checks_ignore_a_bad_token(client: Client) -> None:
    headers = {"Authorization": "Bearer not-a-token"}

    assert client.get(reverse("health-live"), headers=headers).status_code == 200
    assert client.get(reverse("health-ready"), headers=headers).status_code == 200


def test_health_checks_answer_only_safe_methods(client: Client) -> None:
    response = client.post(reverse("health-live"))

    assert response.status_code == 405


def test_health_checks_answer_plain_http_when_everything_else_redirects_to_https(
    client: Client, settings: Settings
) -> None:
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("health-live")).status_code == 200
    assert client.get("/api/v1/").status_code == 301
