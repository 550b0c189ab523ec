"""Django's PostgreSQL backend, with a connection health check that sends nothing.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every request. On
the benchmark machine that round trip was a third of a sync worker's time on GET auth/user/
under load (py-spy on a worker during `make bench`): the worker waits twice for PostgreSQL to
be scheduled instead of once. A server that ends a connection (restart, failover,
`pg_terminate_backend`, an idle timeout) sends its error and closes the socket, so an idle
connection with anything to read has been hung up on. A zero-timeout poll of the socket finds
that without a round trip. A connection lost silently (a dead network path) is not found by
either check before the query; the connect and statement timeouts bound that case.
"""

import select
from typing import Any

from django.db.backends.postgresql import base


def hung_up(connection: Any) -> bool:
    """True when the server closed `connection` or sent it something while it sat idle."""
    if connection.closed:
        return True
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    # Set by Django's wrappers; django-stubs does not declare them.
    pool: Any
    health_check_enabled: bool
    health_check_done: bool

    def close_if_health_check_failed(self) -> None:
        if self.pool or self.connection is None:
            super().close_if_health_check_failed()
        elif self.health_check_enabled and not self.health_check_done:
            if hung_up(self.connection):
                self.close()
            self.health_check_done = True
