"""Two gunicorn servers sharing one PostgreSQL and one Redis behave as one service."""

import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from config.tests.servers import GunicornServers, Response, Server

pytestmark = pytest.mark.postgres

# CI exports REDIS_URL; locally the default server, with a key prefix of this test's own.
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
LOGIN_LIMIT = 4
PASSWORD = "correct-horse-battery-9"


def bearer(access: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access}"}


def login(server: Server, email: str, password: str = PASSWORD) -> Response:
    return server.post(reverse("accounts:login"), {"email": email, "password": password})


def test_two_servers_share_sessions_revocation_login_limits_and_data(
    gunicorn_servers: GunicornServers,
) -> None:
    a, b = gunicorn_servers.start_many(
        2,
        REDIS_URL=os.environ.get("REDIS_URL") or LOCAL_REDIS,
        CACHE_KEY_PREFIX=f"scale-out-{uuid.uuid4().hex}",
        THROTTLE_LOGIN_EMAIL=f"{LOGIN_LIMIT}/15m",
        THROTTLE_LOGIN_IP="1000/15m",
    )
    registered = a.post(
        reverse("accounts:register"), {"email": "x@example.com", "password": PASSWORD}
    )
    assert registered.status == 201, registered.body

    # 1. A session opened on A works on B.
    access = login(a, "x@example.com").json()["access"]
    on_b = b.get(reverse("accounts:user"), headers=bearer(access))
    assert on_b.status == 200
    assert on_b.json()["public_id"] == registered.json()["user"]["public_id"]

    # 2. Revoked on B, it is refused on A at the very next request.
    assert b.post(reverse("accounts:logout"), headers=bearer(access)).status == 204
    assert a.get(reverse("accounts:user"), headers=bearer(access)).status == 401

    # 3. Failed logins on both count towards one limit, not one limit each.
    statuses = [
        login(server, "target@example.com", "wrong-password").status
        for server in [a, b] * LOGIN_LIMIT
    ]
    assert statuses == [401] * LOGIN_LIMIT + [429] * LOGIN_LIMIT

    # 4. A widget created on A is read on B.
    get_user_model().objects.filter(email="x@example.com").update(is_staff=True)
    admin = bearer(login(a, "x@example.com").json()["access"])
    widget = {"name": "sharedWidget", "info_url": "https://example.com/w", "deadline": "2099-12-31"}
    created = a.post(reverse("widgets:widget-list"), widget, headers=admin)
    assert created.status == 201, created.body
    read = b.get(reverse("widgets:widget-detail", kwargs={"name": "sharedWidget"}), headers=admin)
    assert read.status == 200
    assert {key: read.json()[key] for key in widget} == widget
