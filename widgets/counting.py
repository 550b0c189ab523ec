"""A cached count of all widgets, for the unfiltered list.

On a large table `COUNT(*)` costs more than the page itself, and the unfiltered list is the
most common request. Its count is kept in the cache with the version it was taken under, and
served only while that is the current version, which every create or delete replaces: at
once, and again when the transaction commits, so a count taken by a reader before the commit
carries a version nobody asks for any more. Both keys are read in one round trip.

Off unless `WIDGETS_COUNT_CACHE_SECONDS` is set: the cache must be shared by every process
(Redis, Memcached), or one process would keep serving a count another one changed. Writes
that bypass the ORM's signals (raw SQL, `bulk_create` outside `seed_widgets`) show up after
that many seconds at the latest.
"""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)
VERSION_KEY = "widgets:count-version"
COUNT_KEY = "widgets:count"


def cache_seconds() -> int:
    return int(getattr(settings, "WIDGETS_COUNT_CACHE_SECONDS", 0))


def new_version() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def cached_count(count: Callable[[], int]) -> int:
    seconds = cache_seconds()
    if not seconds:
        return count()
    try:
        cached = cache.get_many([VERSION_KEY, COUNT_KEY])
        version = cached.get(VERSION_KEY) or new_version()
        counted_under, value = cached.get(COUNT_KEY, (None, None))
        if counted_under != version:
            value = count()
            cache.set(COUNT_KEY, (version, value), seconds)
    except Exception:
        logger.warning("Widget count cache unavailable; counting in the database.")
        return count()
    return int(value)


def renew_version() -> None:
    try:
        new_version()
    except Exception:
        logger.warning("Widget count cache unavailable; a cached count may be stale.")


def forget_count() -> None:
    """Called on every create and delete."""
    if cache_seconds():
        renew_version()
        transaction.on_commit(renew_version)
