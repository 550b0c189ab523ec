"""PostgreSQL-side helpers for outage tests: cut the servers' connections, refuse new ones."""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
from django.conf import settings
from django.db import connection


def terminate_other_connections() -> int:
    """Kill every connection to the test database but this process's own; how many died."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


@contextmanager
def database_refusing_connections() -> Iterator[None]:
    """An outage: the test database refuses new connections and loses the ones it had (but
    this process's own, which pytest-django needs afterwards); it answers again on exit."""
    db = settings.DATABASES["default"]
    # Connected before the doors close: this connection kills the others, and the test's
    # teardown needs it.
    connection.ensure_connection()
    # A database cannot close its own doors: ALTER DATABASE runs from the maintenance one.
    admin = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    admin.autocommit = True
    name = psycopg2.extensions.quote_ident(db["NAME"], admin)
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        terminate_other_connections()
        yield
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        admin.close()
