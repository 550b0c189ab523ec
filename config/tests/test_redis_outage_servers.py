"""Real gunicorn servers losing the Redis they share, and getting it back."""

import time
import uuid

import pytest
from django.urls import reverse

from config.tests.redis_server import RedisServer, silent_host
from config.tests.servers import GunicornServers, Server

pytestmark = pytest.mark.postgres

PASSWORD = "correct-horse-battery-9"
LOGIN_LIMIT = 4
RETRY_INTERVAL = 1
# Seconds the client waits: the Redis timeouts plus a request's normal work, far below the
# gunicorn timeout a Redis call without a timeout would run into.
PATIENCE = 5


def wrong_login(server: Server, email: str) -> int:
    credentials = {"email": email, "password": "wrong-password"}
    return server.post(reverse("accounts:login"), credentials, timeout=PATIENCE).status


def sign_up_and_use(server: Server, email: str) -> None:
    """Register, log in, refresh and read the current user and the widgets: all as usual."""
    credentials = {"email": email, "password": PASSWORD}
    registered = server.post(reverse("accounts:register"), credentials, timeout=PATIENCE)
    assert registered.status == 201, registered.body
    login = server.post(reverse("accounts:login"), credentials, timeout=PATIENCE)
    assert login.status == 200, login.body
    refreshed = server.post(
        reverse("accounts:refresh"), {"refresh": login.json()["refresh"]}, timeout=PATIENCE
    )
    assert refreshed.status == 200, refreshed.body
    bearer = {"Authorization": f"Bearer {refreshed.json()['access']}"}
    for name in ["accounts:user", "widgets:widget-list"]:
        assert server.get(reverse(name), headers=bearer, timeout=PATIENCE).status == 200


def test_two_servers_keep_serving_without_their_redis_and_share_counts_again_once_it_is_back(
    gunicorn_servers: GunicornServers, redis_server: RedisServer
) -> None:
    servers = gunicorn_servers.start_many(
        2,
        REDIS_URL=redis_server.url,
        REDIS_RETRY_INTERVAL=str(RETRY_INTERVAL),
        CACHE_KEY_PREFIX=f"redis-outage-{uuid.uuid4().hex}",
        THROTTLE_LOGIN_EMAIL=f"{LOGIN_LIMIT}/15m",
        THROTTLE_LOGIN_IP="1000/15m",
    )

    with redis_server.stopped():
        for n, server in enumerate(servers):
            sign_up_and_use(server, f"down{n}@example.com")
            assert server.get(reverse("health-ready"), timeout=PATIENCE).status == 503
            assert server.get(reverse("health-live"), timeout=PATIENCE).status == 200
        # Each process counts alone: the limit holds in each, twice over in all.
        statuses = [wrong_login(server, "alone@example.com") for server in servers * 5]
        assert statuses == [401] * 2 * LOGIN_LIMIT + [429] * 2

    time.sleep(RETRY_INTERVAL)  # each process tries Redis again after this long
    statuses = [wrong_login(server, "shared@example.com") for server in servers * LOGIN_LIMIT]
    assert statuses == [401] * LOGIN_LIMIT + [429] * LOGIN_LIMIT
    for server in servers:
        assert server.get(reverse("health-ready"), timeout=PATIENCE).status == 200
        logs = server.logs()
        assert logs.count("Shared cache unreachable (ConnectionError)") == 1
        assert logs.count("Shared cache reachable again") == 1
        assert "Traceback" not in logs


def test_a_server_whose_redis_never_answers_answers_within_the_redis_timeouts(
    gunicorn_servers: GunicornServers,
) -> None:
    with silent_host() as url:
        server = gunicorn_servers.start(REDIS_URL=url, REDIS_SOCKET_TIMEOUT_MS="500")

        sign_up_and_use(server, "hung@example.com")
        ready = server.get(reverse("health-ready"), timeout=PATIENCE)

    assert (ready.status, ready.json()["cache"]) == (503, "unavailable")
    assert server.logs().count("Shared cache unreachable (TimeoutError)") == 1
