"""Rate limits counted in the shared cache, so they hold across every server process.

DRF's stock throttles count every request, keep a timestamp list that concurrent processes
overwrite, and cannot count only failures. These count events in fixed windows with the cache's
atomic `incr`, and let the caller decide what counts: failed password checks (reserved before
the check by `accounts.backends`, the one door for passwords), refreshes of one session.

Every cache access of the limits goes through the module's one `cache` reference: the `limits`
alias, which keeps counting in each process's memory while Redis is unreachable (config/cache/),
so no limit is switched off by an outage.
"""

import contextlib
import hashlib
import math
import re
import time
from typing import Any, cast

from django.core.cache import BaseCache, caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.connection import ConnectionProxy
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

RATE_PATTERN = re.compile(r"^(?P<limit>\d+)/(?P<count>\d*)(?P<unit>[smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Resolved at each use, like django.core.cache.cache, so a changed CACHES setting is seen.
cache = cast(BaseCache, ConnectionProxy(caches, "limits"))


def parse_rate(rate: str) -> tuple[int, int]:
    """`"10/15m"` -> (10 events, 900 seconds); the unit is one of s, m, h, d."""
    match = RATE_PATTERN.match(rate.replace(" ", ""))
    if match is None:
        raise ImproperlyConfigured(f"Throttle rate {rate!r} is not like '10/15m' or '20/h'.")
    return int(match["limit"]), int(match["count"] or 1) * UNIT_SECONDS[match["unit"]]


def client_ip(request: Request | HttpRequest) -> str:
    """The client's address, through exactly `NUM_PROXIES` trusted hops of X-Forwarded-For."""
    # DRF's reading of X-Forwarded-For, which needs only `META`: Django's login views pass an
    # HttpRequest.
    return BaseThrottle().get_ident(cast(Request, request))


class RateLimit:
    """At most `limit` events per `duration` seconds for one (scope, identity) pair."""

    def __init__(self, scope: str, identity: str) -> None:
        self.limit, self.duration = parse_rate(str(api_settings.DEFAULT_THROTTLE_RATES[scope]))
        # Hashed: identities are client-supplied (emails) and cache keys must stay short and safe.
        digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()
        self.window = int(time.time() // self.duration)
        self.key = f"throttle:{scope}:{self.window}:{digest}"

    def wait(self) -> int | None:
        """Seconds until the next event is allowed, or None when it is allowed now."""
        if cache.get(self.key, 0) < self.limit:
            return None
        return self.retry_after()

    def retry_after(self) -> int:
        return max(1, math.ceil((self.window + 1) * self.duration - time.time()))

    def hit(self) -> int:
        """Count one event; the count it makes."""
        cache.add(self.key, 0, timeout=self.duration)
        try:
            return int(cache.incr(self.key))
        except ValueError:  # expired between add and incr: this event opens a new count
            cache.add(self.key, 1, timeout=self.duration)
            return 1

    def release(self) -> None:
        """Give back one event counted by `hit`."""
        with contextlib.suppress(ValueError):  # the window it was counted in has ended
            cache.decr(self.key)

    def first_refusal(self) -> bool:
        """True once per window: enough to log that the limit refused someone."""
        return bool(cache.add(f"{self.key}:refused", 1, timeout=self.duration))


class LoginThrottled(Throttled):
    """A password check refused by a login limit. DRF answers it as a 429; the HTML login pages
    through `accounts.middleware.LoginThrottledMiddleware`."""

    def __init__(self, wait: int, limit: RateLimit) -> None:
        super().__init__(wait=wait)
        self.retry_after = wait
        self.limit = limit


def login_limits(request: HttpRequest | None, email: str) -> list[RateLimit]:
    """Failed password checks per email (in any case) and, with a request, per client IP."""
    limits = [RateLimit("login_email", email.lower())]
    if request is not None:
        limits.append(RateLimit("login_ip", client_ip(request)))
    return limits


def reserve(limits: list[RateLimit]) -> None:
    """Count an attempt against every limit before it is made, so concurrent attempts cannot all
    pass a check that none of them has counted yet; over any limit, give every count back and
    raise LoginThrottled. A successful attempt gives its counts back with `release`."""
    counted: list[RateLimit] = []
    for limit in limits:
        counted.append(limit)
        if limit.hit() > limit.limit:
            for taken in counted:
                taken.release()
            raise LoginThrottled(wait=limit.retry_after(), limit=limit)


def enforce(*limits: RateLimit) -> None:
    """Raise 429 (Retry-After: the longest wait) when any of the limits is reached."""
    waits = [wait for limit in limits if (wait := limit.wait()) is not None]
    if waits:
        raise Throttled(wait=max(waits))


def spend(*limits: RateLimit) -> None:
    """`enforce`, then count this request against every one of the limits."""
    enforce(*limits)
    for limit in limits:
        limit.hit()


class RegistrationRateThrottle(BaseThrottle):
    """Every registration attempt counts against the client's IP."""

    scope = "register"

    def allow_request(self, request: Request, view: Any) -> bool:
        limit = RateLimit(self.scope, client_ip(request))
        self.retry_after = limit.wait()
        if self.retry_after is not None:
            return False
        limit.hit()
        return True

    def wait(self) -> int | None:
        return self.retry_after
