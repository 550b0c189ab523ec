"""The session every authenticated request checks, kept in the shared cache between changes.

An entry holds a live session with its user, stored under the version of that session which
was current before the session was read from the database, and it is served only while that
version is still the current one. Everything that ends or changes a session or its user
replaces the version of each session concerned, at once and again when its transaction
commits: `services.revoke_sessions` (every revocation: logout, logout-all, password changes,
deactivation, the admin action and the command, a replayed refresh), and every save or delete
of a Session or a User (refresh rotation, demotion, email changes, account deletion, expired
sessions flushed). An entry read before such a change committed therefore carries a version
nobody asks for any more, and the next request in every process reads the database again.

The database stays the truth: on a miss, on a cache error, and for a session that is not live
(which is never stored). Off unless `ACCOUNTS_SESSION_CACHE_SECONDS` is set: the cache must be
shared by every process (Redis), or one process could serve a session another one revoked.
"""

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from .models import Session, User

logger = logging.getLogger(__name__)


def cache_seconds() -> int:
    return int(getattr(settings, "ACCOUNTS_SESSION_CACHE_SECONDS", 0))


def version_key(session_id: Any) -> str:
    return f"accounts:session-version:{session_id}"


def entry_key(session_id: Any) -> str:
    return f"accounts:session:{session_id}"


def live_session(session_id: str) -> Session | None:
    """`Session.objects.live_with_user(session_id)`, from the cache while nothing changed."""
    seconds = cache_seconds()
    if not seconds:
        return Session.objects.live_with_user(session_id)
    versions, entries = version_key(session_id), entry_key(session_id)
    try:
        found = cache.get_many([versions, entries])
    except Exception:
        logger.warning("Session cache unavailable; reading the session from the database.")
        return Session.objects.live_with_user(session_id)
    version = found.get(versions)
    stored_under, session = found.get(entries, (None, None))
    if version is not None and stored_under == version:
        return session
    session = Session.objects.live_with_user(session_id)
    if session is not None:
        try:
            if version is None:
                # Added, never set: a version another process just replaced must stay replaced.
                # Nothing is stored under it this time, since it was not there before the read.
                cache.add(versions, uuid.uuid4().hex, seconds)
            else:
                cache.set(entries, (version, session), seconds)
        except Exception:
            logger.warning("Session cache unavailable; the session was not stored.")
    return session


def renew_versions(session_ids: list[Any]) -> None:
    try:
        cache.set_many({version_key(pk): uuid.uuid4().hex for pk in session_ids}, cache_seconds())
    except Exception:
        logger.exception("Session cache unavailable; cached sessions live until they expire.")


def forget_sessions(session_ids: Iterable[Any]) -> None:
    """Every cached copy of these sessions is stale from now on, and after the commit."""
    ids = list(session_ids)
    if ids and cache_seconds():
        renew_versions(ids)
        transaction.on_commit(lambda: renew_versions(ids))


def session_changed(instance: Session, created: bool = False, **kwargs: Any) -> None:
    """A receiver of Session's post_save and post_delete (a new session has no copy yet)."""
    if not created:
        forget_sessions([instance.pk])


def user_changed(instance: User, created: bool = False, **kwargs: Any) -> None:
    """A receiver of User's post_save and pre_delete (before its sessions are deleted with it)."""
    if cache_seconds() and not created:
        forget_sessions(Session.objects.filter(user=instance).values_list("pk", flat=True))


post_save.connect(session_changed, sender=Session, dispatch_uid="session-cache-session-saved")
post_delete.connect(session_changed, sender=Session, dispatch_uid="session-cache-session-deleted")
post_save.connect(user_changed, sender=User, dispatch_uid="session-cache-user-saved")
pre_delete.connect(user_changed, sender=User, dispatch_uid="session-cache-user-deleted")
