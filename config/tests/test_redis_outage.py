"""A Redis of the test's own, stopped, paused and restarted under the API: every endpoint keeps
answering as it does with Redis, the limits keep limiting, and the shared counts and caches are
used again once it is back."""

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings
from rest_framework.test import APIClient

from accounts.throttles import RateLimit
from config.tests.redis_server import RedisServer, silent_host
from widgets.tests.factories import WidgetFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-Horse-battery-9"
DEADLINE = (timezone.now().date() + timedelta(days=30)).isoformat()
WIDGET = {"name": "made-in-outage", "info_url": "https://example.com/", "deadline": DEADLINE}
BREAKER = "config.cache.breaker"


@pytest.fixture
def low_limits(settings: Settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login_email": "3/15m",
            "register": "2/h",
            "refresh": "2/m",
        },
    }


def wrong_login(client: APIClient, email: str) -> int:
    response = client.post(reverse("accounts:login"), {"email": email, "password": "wrong-one"})
    return int(response.status_code)


def register(client: APIClient, email: str) -> Any:
    return client.post(reverse("accounts:register"), {"email": email, "password": PASSWORD})


def signed_in(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def breaker_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == BREAKER]


def test_while_redis_is_down_every_endpoint_answers_as_with_it_and_the_log_says_so_twice(
    redis_server: RedisServer, caches_on_redis: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caches_on_redis(redis_server.url)
    get_user_model().objects.create_user("admin@example.com", PASSWORD, is_staff=True)
    existing = WidgetFactory.create()
    client = APIClient()
    caplog.set_level(logging.INFO, logger=BREAKER)

    with redis_server.stopped():
        assert register(client, "new@example.com").status_code == 201
        assert wrong_login(client, "admin@example.com") == 401
        login = client.post(
            reverse("accounts:login"), {"email": "admin@example.com", "password": PASSWORD}
        )
        assert login.status_code == 200
        refreshed = client.post(reverse("accounts:refresh"), {"refresh": login.json()["refresh"]})
        assert refreshed.status_code == 200
        admin = signed_in(refreshed.json()["access"])
        assert admin.get(reverse("accounts:user")).json()["email"] == "admin@example.com"
        assert admin.get(reverse("widgets:widget-list")).json()["count"] == 1
        detail = reverse("widgets:widget-detail", kwargs={"name": existing.name})
        assert admin.get(detail).status_code == 200
        assert admin.post(reverse("widgets:widget-list"), WIDGET).status_code == 201
        assert admin.get(reverse("widgets:widget-list")).json()["count"] == 2
        assert admin.post(reverse("accounts:logout")).status_code == 204
        assert admin.get(reverse("accounts:user")).status_code == 401
        assert breaker_lines(caplog) == [
            (
                "WARNING",
                "Shared cache unreachable (ConnectionError): caches fall back to the database "
                "and limits to this process's memory; retrying every 0s.",
            )
        ]

    again = signed_in(register(client, "after@example.com").json()["access"])
    assert again.get(reverse("widgets:widget-list")).json()["count"] == 2
    assert [level for level, _ in breaker_lines(caplog)] == ["WARNING", "INFO"]


@pytest.mark.usefixtures("low_limits")
def test_the_limits_count_in_the_process_while_redis_is_down_and_in_redis_once_it_is_back(
    redis_server: RedisServer, caches_on_redis: Any
) -> None:
    caches_on_redis(redis_server.url)
    client = APIClient()

    with redis_server.stopped():
        assert [wrong_login(client, "target@example.com") for _ in range(4)] == [401] * 3 + [429]
        registrations = [register(client, f"r{n}@example.com").status_code for n in range(3)]
        assert registrations == [201, 201, 429]
        get_user_model().objects.create_user("refresher@example.com", PASSWORD)
        credentials = {"email": "refresher@example.com", "password": PASSWORD}
        tokens = client.post(reverse("accounts:login"), credentials).json()
        for _ in range(2):
            tokens = client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]}).json()
        refused = client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]})
        assert refused.status_code == 429

    # Back: Redis counts again (the restarted server starts empty), not this process.
    assert wrong_login(client, "target@example.com") == 401
    assert caches["readiness"].get(RateLimit("login_email", "target@example.com").key) == 1
    assert [wrong_login(client, "target@example.com") for _ in range(3)] == [401] * 2 + [429]


def test_a_count_cached_before_an_outage_is_not_served_after_a_write_it_missed(
    redis_server: RedisServer, caches_on_redis: Any
) -> None:
    caches_on_redis(redis_server.url)
    get_user_model().objects.create_user("admin@example.com", PASSWORD, is_staff=True)
    login = APIClient().post(
        reverse("accounts:login"), {"email": "admin@example.com", "password": PASSWORD}
    )
    admin = signed_in(login.json()["access"])
    assert admin.get(reverse("widgets:widget-list")).json()["count"] == 0

    with redis_server.stopped(keep_data=True):  # back with the count it had cached
        assert admin.post(reverse("widgets:widget-list"), WIDGET).status_code == 201

    assert admin.get(reverse("widgets:widget-list")).json()["count"] == 1


def test_a_redis_host_that_never_answers_costs_requests_its_timeout_not_their_answer(
    caches_on_redis: Any, settings: Settings
) -> None:
    client = APIClient()
    with silent_host() as url:
        caches_on_redis(url)

        registered = register(client, "hung@example.com")
        refreshed = client.post(
            reverse("accounts:refresh"), {"refresh": registered.json()["refresh"]}
        )
        login = client.post(
            reverse("accounts:login"), {"email": "hung@example.com", "password": PASSWORD}
        )
        ready = client.get(reverse("health-ready"))

    assert (registered.status_code, refreshed.status_code, login.status_code) == (201, 200, 200)
    assert (ready.status_code, ready.json()["cache"]) == (503, "unavailable")


def test_readiness_names_the_cache_while_redis_is_down_and_liveness_stays_ok(
    redis_server: RedisServer, caches_on_redis: Any
) -> None:
    caches_on_redis(redis_server.url)
    client = APIClient()

    with redis_server.stopped():
        ready = client.get(reverse("health-ready"))
        live = client.get(reverse("health-live"))

    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    assert live.status_code == 200
    assert client.get(reverse("health-ready")).status_code == 200
