"""Django's PostgreSQL backend, with a connection check that sends nothing to the server.

With CONN_HEALTH_CHECKS, Django asks `is_usable()` before the first query of each request
whether the connection kept from an earlier one still works; Django's own answer sends
`SELECT 1` and waits for it, a round trip per request. A server that ends a connection
(restart, failover, `pg_terminate_backend`, an idle timeout) sends its error and closes the
socket, so an idle connection with anything to read has been hung up on: a zero-timeout poll
of the socket finds that without a round trip. A connection lost silently (a dead network
path) is not found by either check before the query; the connect and statement timeouts
bound that case.
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
    def is_usable(self) -> bool:
        return self.connection is not None and not hung_up(self.connection)
