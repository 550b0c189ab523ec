"""Health checks for the platform: liveness (the process answers) and readiness (its backends do).

Plain Django views: no authentication, so a stale token header cannot turn a probe into a 401,
and nothing in the answers names a host, a version or a secret.
"""

import logging
import uuid
from typing import cast

from django.core.cache import BaseCache, caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils.connection import ConnectionProxy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
# Redis itself, not the fallbacks the other aliases answer with while it is unreachable.
cache = cast(BaseCache, ConnectionProxy(caches, "readiness"))


def database_status() -> str:
    # The connection's connect_timeout and statement_timeout bound how long this can take.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Readiness: database unavailable: %s", exc.__class__.__name__)
        return UNAVAILABLE
    return OK


def cache_status() -> str:
    # A unique key, so concurrent probes from many processes cannot vouch for one another.
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, OK, timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    # Every cache backend raises errors of its own (redis.ConnectionError, TimeoutError, ...).
    except Exception as exc:
        logger.warning("Readiness: cache unavailable: %s", exc.__class__.__name__)
        return UNAVAILABLE
    return OK if answered == OK else UNAVAILABLE


@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": OK})


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    parts = {"database": database_status(), "cache": cache_status()}
    healthy = all(state == OK for state in parts.values())
    return JsonResponse(
        {"status": OK if healthy else UNAVAILABLE, **parts}, status=200 if healthy else 503
    )
