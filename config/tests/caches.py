"""The test run's caches: keys under a prefix of this run's own, deleted by that prefix.

Clearing a Redis cache the Django way is FLUSHDB, which would wipe whatever else shares the
database named by REDIS_URL (a developer's running server, another test run).
"""

import functools
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from pytest_django import Settings

from config.cache import redis_caches

# Every key this run writes, in this process or in a server it starts, starts with this.
RUN_PREFIX = f"test-{uuid.uuid4().hex}"
REDIS_SCHEMES = {"redis", "rediss", "unix"}


def namespaced(prefix: str) -> str:
    return f"{RUN_PREFIX}:{prefix}"


@contextmanager
def run_namespace() -> Iterator[None]:
    """Put every configured cache, and those of servers started from here, under RUN_PREFIX."""
    previous = os.environ.get("CACHE_KEY_PREFIX")
    os.environ["CACHE_KEY_PREFIX"] = namespaced(previous or "")
    test_caches = {
        alias: {**config, "KEY_PREFIX": namespaced(str(config.get("KEY_PREFIX", "")))}
        for alias, config in settings.CACHES.items()
    }
    try:
        with override_settings(CACHES=test_caches):
            yield
    finally:
        if previous is None:
            del os.environ["CACHE_KEY_PREFIX"]
        else:
            os.environ["CACHE_KEY_PREFIX"] = previous


def redis_primary(config: dict[str, Any]) -> str | None:
    """The server a Redis cache writes to (the first of LOCATION, as Django's backend splits it;
    any others are read replicas), or None for a cache that is not Redis."""
    location = config.get("LOCATION", "")
    servers = re.split("[;,]", location) if isinstance(location, str) else list(location)
    first = servers[0] if servers else ""
    return first if urlsplit(first).scheme in REDIS_SCHEMES else None


@functools.cache
def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def clear_test_caches() -> None:
    """Empty every configured cache of this run's keys; other keys in a shared Redis stay."""
    servers: set[str] = set()
    for alias, config in settings.CACHES.items():
        url = redis_primary(config)
        if url is None:  # local memory, or another store of this process only
            caches[alias].clear()
        else:  # aliases may share a Redis (config.cache): each is scanned once
            servers.add(url)
    for url in servers:
        client = redis_client(url)
        try:
            keys = list(client.scan_iter(match=f"{RUN_PREFIX}:*", count=1000))
            if keys:
                client.delete(*keys)
        except (redis.ConnectionError, redis.TimeoutError):
            # A cache a test pointed at a Redis that is down (the outage tests): nothing to clear.
            continue


def cache_on_redis(settings: Settings, url: str, *, key_prefix: str, timeout: float) -> None:
    """Every cache alias on the Redis at `url`, as REDIS_URL puts them, with widget reads and
    sessions cached, each call waiting at most `timeout` seconds and tried on Redis every time
    (no retry interval)."""
    settings.CACHES = redis_caches(
        url,
        key_prefix=key_prefix,
        connect_timeout=timeout,
        socket_timeout=timeout,
        retry_interval=0,
    )
    settings.WIDGETS_CACHE_SECONDS = settings.ACCOUNTS_SESSION_CACHE_SECONDS = 60
