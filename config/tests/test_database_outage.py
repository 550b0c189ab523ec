"""A real gunicorn server against PostgreSQL losing its database, and getting it back."""

import socket
from collections.abc import Iterator

import pytest
from django.urls import reverse

from config.tests.pg import database_refusing_connections, terminate_other_connections
from config.tests.servers import GunicornServers, Server, free_port

pytestmark = pytest.mark.postgres

UNAVAILABLE = {"detail": "Service temporarily unavailable"}
PASSWORD = "correct-horse-battery-9"
# The client gives up after this long: an answer must come well within a router's 30 s.
PATIENCE = 10


def failed_login(server: Server) -> int:
    """A login that reads the database: 401 while it answers."""
    credentials = {"email": "nobody@example.com", "password": PASSWORD}
    return server.post(reverse("accounts:login"), credentials, timeout=PATIENCE).status


def register(server: Server, email: str) -> str:
    response = server.post(reverse("accounts:register"), {"email": email, "password": PASSWORD})
    assert response.status == 201, response.body
    return str(response.json()["access"])


def test_requests_after_the_database_dropped_the_server_s_connections_succeed(
    gunicorn_servers: GunicornServers,
) -> None:
    server = gunicorn_servers.start()
    access = register(server, "kept@example.com")
    bearer = {"Authorization": f"Bearer {access}"}
    assert server.get(reverse("health-ready")).status == 200

    assert terminate_other_connections() >= 1

    for _ in range(3):
        assert server.get(reverse("accounts:user"), headers=bearer).status == 200
        assert failed_login(server) == 401
        assert server.get(reverse("health-ready")).status == 200


def test_an_outage_answers_json_503_quickly_and_the_next_request_after_it_succeeds(
    gunicorn_servers: GunicornServers,
) -> None:
    server = gunicorn_servers.start()
    bearer = {"Authorization": f"Bearer {register(server, 'outage@example.com')}"}

    with database_refusing_connections():
        during_login = server.post(
            reverse("accounts:login"),
            {"email": "outage@example.com", "password": PASSWORD},
            timeout=PATIENCE,
        )
        during_auth = server.get(reverse("accounts:user"), headers=bearer, timeout=PATIENCE)
        during_ready = server.get(reverse("health-ready"), timeout=PATIENCE)
        during_live = server.get(reverse("health-live"), timeout=PATIENCE)

    assert (during_login.status, during_login.json()) == (503, UNAVAILABLE)
    assert during_login.headers["Content-Type"] == "application/json"
    assert (during_auth.status, during_auth.json()) == (503, UNAVAILABLE)
    assert during_ready.status == 503
    assert during_ready.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
    }
    assert during_live.status == 200

    assert server.get(reverse("accounts:user"), headers=bearer).status == 200
    assert server.get(reverse("health-ready")).status == 200


@pytest.fixture(params=["refusing", "silent"])
def unreachable_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL URL whose server refuses connections (closed port), or accepts them and
    never answers (a hung host: only the connect timeout ends the wait)."""
    if request.param == "refusing":
        yield f"postgres://postgres@127.0.0.1:{free_port()}/x"
        return
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        yield f"postgres://postgres@127.0.0.1:{silent.getsockname()[1]}/x"


def test_an_unreachable_database_server_answers_json_503_quickly(
    gunicorn_servers: GunicornServers, unreachable_database_url: str
) -> None:
    server = gunicorn_servers.start(DATABASE_URL=unreachable_database_url)

    login = server.post(
        reverse("accounts:login"),
        {"email": "nobody@example.com", "password": PASSWORD},
        timeout=PATIENCE,
    )
    ready = server.get(reverse("health-ready"), timeout=PATIENCE)

    assert (login.status, login.json()) == (503, UNAVAILABLE)
    assert (ready.status, ready.json()["database"]) == (503, "unavailable")
    assert "Database unavailable: OperationalError" in server.logs()
