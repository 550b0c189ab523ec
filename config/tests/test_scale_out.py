"""Two gunicorn servers sharing one PostgreSQL and one Redis behave as one service."""

import http.client
import os
import urllib.parse
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from config.tests.caches import namespaced
from config.tests.servers import GunicornServers, Response, Server

pytestmark = pytest.mark.postgres

# CI exports REDIS_URL; locally the default server, with a key prefix of this test's own.
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
LOGIN_LIMIT = 4
PASSWORD = "correct-horse-battery-9"


def bearer(access: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access}"}


def start_two_servers(gunicorn_servers: GunicornServers) -> list[Server]:
    """Two servers sharing one Redis under a key prefix of their own, with a low per-email limit."""
    return gunicorn_servers.start_many(
        2,
        REDIS_URL=os.environ.get("REDIS_URL") or LOCAL_REDIS,
        CACHE_KEY_PREFIX=namespaced(f"scale-out-{uuid.uuid4().hex}"),
        THROTTLE_LOGIN_EMAIL=f"{LOGIN_LIMIT}/15m",
        THROTTLE_LOGIN_IP="1000/15m",
    )


def login(server: Server, email: str, password: str = PASSWORD) -> Response:
    return server.post(reverse("accounts:login"), {"email": email, "password": password})


def test_two_servers_share_sessions_revocation_login_limits_and_data(
    gunicorn_servers: GunicornServers,
) -> None:
    a, b = start_two_servers(gunicorn_servers)
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


class Browser:
    """Cookies the way a browser keeps them, for Django's HTML login forms. The servers run in
    production mode: their cookies are `Secure` (kept here by hand, as a cookie jar would not
    send them over plain http), and their pages need collected static files, so the CSRF
    secret is chosen here instead of read from a rendered form: Django checks only that the
    cookie and the form field agree."""

    CSRF_SECRET = "a" * 32

    def __init__(self, server: Server) -> None:
        self.server = server
        self.cookies: dict[str, str] = {"csrftoken": self.CSRF_SECRET}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=15)
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            for name, value in answer.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return Response(answer.status, dict(answer.getheaders()), answer.read())
        finally:
            conn.close()

    def log_in(self, path: str, email: str, password: str = PASSWORD) -> Response:
        form = {"username": email, "password": password}
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": self.CSRF_SECRET})


def test_two_servers_share_browser_session_revocation_and_the_password_door(
    gunicorn_servers: GunicornServers,
) -> None:
    a, b = start_two_servers(gunicorn_servers)
    # Through the API: the servers hash with Argon2, which the test run swaps for a fast hasher.
    for email in ("x@example.com", "root@example.com"):
        registered = a.post(reverse("accounts:register"), {"email": email, "password": PASSWORD})
        assert registered.status == 201, registered.body
    get_user_model().objects.filter(email="root@example.com").update(is_staff=True)
    widgets = reverse("widgets:widget-list")

    # 1. A cookie session opened on A ends when logout-all is called on B.
    browser = Browser(a)
    assert browser.log_in(reverse("rest_framework:login"), "x@example.com").status == 302
    assert browser.request("GET", widgets).status == 200
    access = login(b, "x@example.com").json()["access"]
    assert b.post(reverse("accounts:logout-all"), headers=bearer(access)).status == 204
    assert browser.request("GET", widgets).status == 401

    # 2. Failures counted on A refuse the admin login on B, without checking the password.
    for _ in range(LOGIN_LIMIT):
        assert login(a, "root@example.com", "wrong-password").status == 401
    refused = Browser(b).log_in(reverse("admin:login"), "root@example.com")
    assert refused.status == 429
    assert b"Too many failed sign-ins" in refused.body


def test_a_write_on_one_server_makes_the_next_read_on_the_other_fresh(
    gunicorn_servers: GunicornServers,
) -> None:
    """Reads and sessions are cached in the shared Redis: a write or a revocation on B must
    show in the very next request to A, which has them cached."""
    a, b = start_two_servers(gunicorn_servers)
    email = "writer@example.com"
    registered = a.post(reverse("accounts:register"), {"email": email, "password": PASSWORD})
    assert registered.status == 201
    get_user_model().objects.filter(email=email).update(is_staff=True)
    admin = bearer(login(a, email).json()["access"])
    widgets = reverse("widgets:widget-list")
    detail = reverse("widgets:widget-detail", kwargs={"name": "fresh"})
    body = {"name": "fresh", "info_url": "https://example.com/1", "deadline": "2099-12-31"}
    for _ in range(2):  # the second read is answered from the cache
        assert a.get(widgets, headers=admin).json()["count"] == 0
        assert a.get(reverse("accounts:user"), headers=admin).status == 200

    assert b.post(widgets, body, headers=admin).status == 201
    assert a.get(widgets, headers=admin).json()["count"] == 1
    assert a.get(detail, headers=admin).json()["info_url"] == body["info_url"]

    changed = {"info_url": "https://example.com/2"}
    assert b.request("PATCH", detail, changed, headers=admin).status == 200
    assert a.get(detail, headers=admin).json()["info_url"] == changed["info_url"]
    assert a.get(widgets, headers=admin).json()["results"][0]["info_url"] == changed["info_url"]

    assert b.request("DELETE", detail, headers=admin).status == 204
    assert a.get(detail, headers=admin).status == 404

    assert b.post(reverse("accounts:logout"), headers=admin).status == 204
    assert a.get(reverse("accounts:user"), headers=admin).status == 401
