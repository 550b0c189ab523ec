"""The PostgreSQL backend's `is_usable()`: a poll of the socket instead of a `SELECT 1`."""

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


def last_statement(wrapper: BaseDatabaseWrapper) -> str:
    """What the server last ran for `wrapper`'s connection, asked over another connection."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s",
            [wrapper.connection.get_backend_pid()],
        )
        return str(cursor.fetchone()[0])


def test_a_terminated_connection_is_not_usable(other: DatabaseWrapper) -> None:
    terminate_other_connections()
    assert wait_until_hung_up(other)

    assert other.is_usable() is False


def test_a_live_connection_is_usable_without_a_round_trip(other: DatabaseWrapper) -> None:
    with other.cursor() as cursor:
        cursor.execute("SELECT 'before the check'")

    assert other.is_usable() is True
    # Django's own check would have sent SELECT 1.
    assert last_statement(other) == "SELECT 'before the check'"
