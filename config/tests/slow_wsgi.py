"""The project's WSGI app behind a test-only delay, to have a request in flight on demand.

Served only by tests (`gunicorn config.tests.slow_wsgi`), never by the production URLs.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from config.wsgi import application as project_application

DELAY_HEADER = "HTTP_X_TEST_DELAY"
STARTED = "slow request started"

logger = logging.getLogger(__name__)


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    delay = float(environ.get(DELAY_HEADER, "0"))
    if delay:
        logger.warning(STARTED)
        time.sleep(delay)
    return project_application(environ, start_response)
