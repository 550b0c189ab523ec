"""Widget reads: the detail, a page of the list (filtered or not) and its count.

What a read loads (rows, see `WidgetQuerySet.rows()`, and counts) is kept in Django's cache
under the version it was loaded at, and served only while that is still the current version.
Every create, update and delete of a widget, and every change to a user (an owner's email
shows in the rows), replaces the version at once and again when its transaction commits, so
a read that loaded data before the commit carries a version nobody asks for any more. The
version and the entry are fetched in one round trip; a hit costs no database query.

Off unless `WIDGETS_CACHE_SECONDS` is set: the cache must be shared by every process (Redis,
Memcached), or one process would keep serving what another one changed. Writes that bypass
the ORM's signals (raw SQL, `bulk_create` outside `seed_widgets`) show after that many
seconds at the latest. When the cache fails, reads go to the database.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from rest_framework.settings import api_settings

from . import deadlines
from .filters import WidgetFilter
from .models import Row, Widget, WidgetQuerySet

logger = logging.getLogger(__name__)
VERSION_KEY = "widgets:version"
# The query parameters that shape a list (and so its cache key); paging is added per page.
LIST_PARAMETERS = sorted([*WidgetFilter.base_filters, api_settings.SEARCH_PARAM])
Loaded = TypeVar("Loaded")
# Rows low to high of a list, and whether of the list reversed.
Bounds = tuple[int, int, bool]


def cache_seconds() -> int:
    return int(getattr(settings, "WIDGETS_CACHE_SECONDS", 0))


def widget_rows() -> WidgetQuerySet:
    """What every read loads: rows, with the owner's fields."""
    return Widget.objects.rows()


def widget_by_name(name: str) -> Row:
    """The widget named `name` in any case, as a row; raises Widget.DoesNotExist."""

    def load() -> Row:
        return cast(Row, widget_rows().get_by_name(name))

    return cached(f"widgets:detail:{name.lower()}", load)


class WidgetList:
    """The list a request asks for: `queryset` (filtered, searched, ordered) and the query
    parameters it was built from, which key its pages in the cache."""

    def __init__(self, queryset: WidgetQuerySet, params: Mapping[str, str]) -> None:
        self.queryset = queryset
        shape = "&".join(f"{name}={params[name]}" for name in LIST_PARAMETERS if name in params)
        # Today's date too: `deadline_passed` answers differently tomorrow with no write.
        digest = hashlib.sha256(f"{deadlines.today()}?{shape}".encode()).hexdigest()
        self.key = f"widgets:list:{digest}"

    def page(
        self, number: int, size: int, bounds: Callable[[int, bool], Bounds]
    ) -> tuple[int, list[Row]]:
        """The count of the list and page `number` of `size` rows, in one round trip to the
        cache. `bounds(count, ordered)` says which rows the page holds: rows low to high of the
        list, or of the list reversed when backwards (cheaper at the far end); it may raise."""

        def load() -> tuple[int, list[Row]]:
            count = self.queryset.count()
            low, high, backwards = bounds(count, self.queryset.ordered)
            ordered = self.queryset.reverse() if backwards else self.queryset
            rows = list(cast("QuerySet[Widget, Row]", ordered)[low:high])
            if backwards:
                rows.reverse()
            return count, rows

        return cached(f"{self.key}:{number}:{size}", load)


def cached(key: str, load: Callable[[], Loaded]) -> Loaded:
    """What `load()` returns, from the cache when it was stored under the current version."""
    seconds = cache_seconds()
    if not seconds:
        return load()
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or new_version()
        loaded_under, value = found.get(key, (None, None))
    except Exception:
        logger.warning("Widget cache unavailable; reading from the database.")
        return load()
    if loaded_under == version:
        return value
    value = load()
    try:
        cache.set(key, (version, value), seconds)
    except Exception:
        logger.warning("Widget cache unavailable; a read was not stored.")
    return value


def new_version() -> str:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def renew_version() -> None:
    try:
        new_version()
    except Exception:
        logger.warning("Widget cache unavailable; a cached read may be stale.")


def widgets_changed(**kwargs: Any) -> None:
    """Called on every widget write and user change; a signal receiver too."""
    if cache_seconds():
        renew_version()
        transaction.on_commit(renew_version)
