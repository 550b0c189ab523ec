"""The cache aliases, and what each does while the shared cache (Redis) is unreachable.

- `default` caches (the widget count, any read cache): reads miss, so callers go to the database.
- `limits` counts the failure limits (accounts.throttles): in this process's memory meanwhile, so
  they still limit, each process on its own.
- `readiness` is the same Redis without any fallback, for `/health/ready/` to see it as it is.

Without Redis every alias is one in-process memory store.
"""

from typing import Any

ALIASES = ("default", "limits", "readiness")


def redis_caches(
    url: str,
    *,
    key_prefix: str,
    connect_timeout: float,
    socket_timeout: float,
    retry_interval: float,
) -> dict[str, dict[str, Any]]:
    """The CACHES setting for a Redis at `url`: one server, one key prefix for every alias."""
    shared = {
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        # Handed to redis-py's connection pool: a Redis that accepts connections and never
        # answers costs a request these many seconds, not the worker's timeout.
        "OPTIONS": {"socket_connect_timeout": connect_timeout, "socket_timeout": socket_timeout},
        # Seconds to leave an unreachable Redis alone before trying it again (config.cache.breaker).
        "RETRY_INTERVAL": retry_interval,
    }
    return {
        "default": {"BACKEND": "config.cache.backends.SharedCache", **shared},
        "limits": {"BACKEND": "config.cache.backends.SharedCounters", **shared},
        "readiness": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **shared},
    }


def local_caches() -> dict[str, dict[str, Any]]:
    # One LOCATION, so one store: clearing the default cache clears the counters too, as it does
    # with Redis, where every alias lives in one database.
    return {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}
        for alias in ALIASES
    }
