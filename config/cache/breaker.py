"""A per-process circuit breaker for the shared cache, one per Redis location.

After a failed call it is open: the cache aliases skip Redis and use their fallbacks for
`retry_interval` seconds, so an outage costs one timeout per interval, not one per call; then a
single call tries Redis again, and the first one that succeeds closes it. Opening logs one
WARNING, closing one INFO: an outage is two log lines, not a traceback per request.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

# Beyond this many, further keys written during an outage are not remembered: each then serves
# the value Redis held before the outage until that value's own timeout.
MAX_STALE_KEYS = 10_000
# A cache key and its version, as the cache methods take them.
StaleKey = tuple[Any, int | None]


class Breaker:
    def __init__(self, retry_interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.retry_interval = retry_interval
        self.clock = clock
        self.is_open = False
        self.retry_at = 0.0
        # Keys whose write or delete an outage dropped: Redis may still hold an older value.
        self.stale: dict[StaleKey, None] = {}
        self.lock = threading.Lock()

    def allows(self) -> bool:
        """Whether a call may try Redis: always while closed; once per interval while open."""
        if not self.is_open:
            return True
        with self.lock:
            now = self.clock()
            if now < self.retry_at:
                return False
            self.retry_at = now + self.retry_interval  # other calls wait for this one's answer
            return True

    def open(self, error: Exception) -> None:
        with self.lock:
            self.retry_at = self.clock() + self.retry_interval
            if self.is_open:
                return
            self.is_open = True
        logger.warning(
            "Shared cache unreachable (%s): caches fall back to the database and limits to "
            "this process's memory; retrying every %gs.",
            error.__class__.__name__,
            self.retry_interval,
        )

    def close(self) -> None:
        if not self.is_open:
            return
        with self.lock:
            if not self.is_open:
                return
            self.is_open = False
        logger.info("Shared cache reachable again: shared caches and limits are back in use.")

    def remember(self, key: Any, version: int | None) -> None:
        with self.lock:
            if len(self.stale) < MAX_STALE_KEYS:
                self.stale[key, version] = None

    def stale_keys(self) -> list[StaleKey]:
        with self.lock:
            return list(self.stale)

    def forget(self, keys: list[StaleKey]) -> None:
        with self.lock:
            for key in keys:
                self.stale.pop(key, None)


breakers: dict[str, Breaker] = {}
breakers_lock = threading.Lock()


def breaker_for(location: str, retry_interval: float) -> Breaker:
    """The process's breaker for the Redis at `location`, shared by every alias and thread."""
    with breakers_lock:
        if location not in breakers:
            breakers[location] = Breaker(retry_interval)
        return breakers[location]
