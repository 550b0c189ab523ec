import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django import Settings

from config.cache.breaker import breakers
from config.tests.caches import cache_on_redis
from config.tests.redis_server import RedisServer

LogLines = Callable[[], list[dict[str, Any]]]
# Seconds each call waits for the test's Redis (the settings' default).
REDIS_TIMEOUT = 0.3


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    """What the configured stdout handler writes (its real filter and formatter), parsed."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "stdout")
    assert isinstance(handler, logging.StreamHandler)
    output = io.StringIO()
    previous = handler.setStream(output)
    try:
        yield lambda: [json.loads(line) for line in output.getvalue().splitlines()]
    finally:
        handler.setStream(previous)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A running redis-server of this test's own (`.stopped()` takes it down for a while)."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
    # The process's breaker for that address must not carry this test's state into another.
    breakers.pop(server.url, None)


@pytest.fixture
def caches_on_redis(settings: Settings) -> Callable[[str], None]:
    """Point every cache alias of this process at the Redis at a URL, as REDIS_URL would, with
    widget reads and sessions cached and each call tried on Redis (no retry interval)."""

    def point_at(url: str) -> None:
        cache_on_redis(settings, url, key_prefix="outage-test", timeout=REDIS_TIMEOUT)

    return point_at
