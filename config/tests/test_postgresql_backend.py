"""The PostgreSQL backend's health check: a poll of the socket instead of a `SELECT 1`."""

import time
from collections.abc import Iterator

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from config.postgresql.base import DatabaseWrapper, hung_up
from config.tests.pg import terminate_other_connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other() -> Iterator[DatabaseWrapper]:
    """A second connection to the test database, as a worker would hold between requests."""
    wrapper = connections.create_connection("default")
    assert isinstance(wrapper, DatabaseWrapper)
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def wait_until_hung_up(wrapper: BaseDatabaseWrapper) -> bool:
    """The server's goodbye takes a moment to arrive."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if hung_up(wrapper.connection):
            return True
        time.sleep(0.01)
    return False


def test_the_project_uses_this_backend() -> None:
    assert isinstance(connections["default"], DatabaseWrapper)


def test_an_idle_connection_in_use_is_not_hung_up(other: DatabaseWrapper) -> None:
    with other.cursor() as cursor:
        cursor.execute("SELECT 1")

    assert hung_up(other.connection) is False


def test_a_connection_the_server_terminated_is_hung_up(other: DatabaseWrapper) -> None:
    assert terminate_other_connections() >= 1

    assert wait_until_hung_up(other)


def test_the_health_check_closes_a_terminated_connection_and_the_next_query_reconnects(
    other: DatabaseWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminate_other_connections()
    assert wait_until_hung_up(other)
    # The check must not fall back to a round trip.
    monkeypatch.setattr(DatabaseWrapper, "is_usable", lambda self: pytest.fail("SELECT 1 sent"))
    other.health_check_done = False

    other.close_if_health_check_failed()

    assert other.connection is None
    with other.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_the_health_check_keeps_a_live_connection_without_a_round_trip(
    other: DatabaseWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = other.connection
    monkeypatch.setattr(DatabaseWrapper, "is_usable", lambda self: pytest.fail("SELECT 1 sent"))
    other.health_check_done = False

    other.close_if_health_check_failed()

    assert other.connection is live
    assert other.health_check_done is True
