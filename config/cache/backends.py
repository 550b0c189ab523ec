"""Django's Redis cache backend, with a fallback for while Redis is unreachable.

Each alias subclasses Django's `RedisCache` and routes every public method through `either`:
Redis while the process's breaker (config.cache.breaker) is closed, the alias's fallback while
it is open or when the call fails to reach Redis. django-redis can only turn errors into misses
(DJANGO_REDIS_IGNORE_EXCEPTIONS), which would switch the limits off; and this needs no
dependency beyond Django's own backend.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .breaker import Breaker, breaker_for

P = ParamSpec("P")
T = TypeVar("T")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# The in-memory counts of an outage: enough that flooding it with identities cannot push the
# count of the one under attack out.
FALLBACK_MAX_ENTRIES = 100_000


class ReusedRedisClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call, and building one (its
    table of response callbacks) costs more than the call's round trip; this one builds one per
    connection pool and reuses it, as redis-py allows (a client is thread-safe: it holds only
    the pool, which hands each call a connection of its own)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own pool for this call (a replica for reads, when there are several): no
        # public method hands it out, and Django keeps each pool for the life of the client.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # not in the stubs
        client = self.clients.get(id(pool))
        if client is None:
            client = self.clients[id(pool)] = redis.Redis(connection_pool=pool)
        return client


class FallbackRedisCache(RedisCache):
    """Django's RedisCache; while Redis is unreachable each call goes to `fallback` instead."""

    fallback: BaseCache

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        # The client class is an attribute Django sets and reads in RedisCache, with no setting
        # to choose it: the one way to keep Django's backend and reuse its Redis clients.
        self._class = ReusedRedisClient
        self.breaker = breaker_for(server, float(params.get("RETRY_INTERVAL", 5)))

    def either(
        self, shared: Callable[P, T], local: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        if self.breaker.allows():
            try:
                self.settle()
                result = shared(*args, **kwargs)
            except UNREACHABLE as error:
                self.breaker.open(error)
            else:
                self.breaker.close()
                return result
        return local(*args, **kwargs)

    def settle(self) -> None:
        """Before a call to Redis: undo what an outage left behind."""

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return self.either(super().add, self.fallback.add, key, value, timeout, version)

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        return self.either(super().get, self.fallback.get, key, default, version)

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self.either(super().set, self.fallback.set, key, value, timeout, version)

    def touch(
        self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self.either(super().touch, self.fallback.touch, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self.either(super().delete, self.fallback.delete, key, version)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self.either(super().get_many, self.fallback.get_many, list(keys), version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self.either(super().has_key, self.fallback.has_key, key, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self.either(super().incr, self.fallback.incr, key, delta, version)

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        return self.either(super().set_many, self.fallback.set_many, data, timeout, version)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self.either(super().delete_many, self.fallback.delete_many, list(keys), version)

    def clear(self) -> None:
        self.either(super().clear, self.fallback.clear)


class Unreachable(DummyCache):
    """Every read misses and every write is dropped. Each key it is asked about is remembered,
    so that what Redis kept for it from before the outage, which a dropped write may have
    changed, is deleted once Redis answers again."""

    def __init__(self, breaker: Breaker, params: dict[str, Any]) -> None:
        super().__init__("unreachable", params)
        self.breaker = breaker

    def make_key(self, key: Any, version: int | None = None) -> str:
        self.breaker.remember(key, version)
        return super().make_key(key, version)


class SharedCache(FallbackRedisCache):
    """The `default` alias, for caches of what the database holds: while Redis is unreachable
    they miss, and their callers read the database."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.fallback = Unreachable(self.breaker, params)

    def settle(self) -> None:
        if not self.breaker.stale:
            return
        stale = self.breaker.stale_keys()
        by_version: defaultdict[int | None, list[Any]] = defaultdict(list)
        for key, version in stale:
            by_version[version].append(key)
        for version, keys in by_version.items():
            # Django's own method: this alias's would route an unreachable Redis to the fallback.
            RedisCache.delete_many(self, keys, version)
        self.breaker.forget(stale)


class SharedCounters(FallbackRedisCache):
    """The `limits` alias, for the failure counters: while Redis is unreachable this process
    counts on its own, so every limit still holds, per process; then the shared counts rule."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        # Named by the server, so every thread of the process counts in one store.
        self.fallback = LocMemCache(
            f"fallback:{server}", {**params, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}}
        )
