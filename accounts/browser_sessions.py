"""Browser (cookie) sessions: recorded at login so that they can be listed and ended.

Django's session table cannot be searched by user without decoding every row, so each cookie
login leaves a `BrowserSession` row keyed by its session key. Sessions are stored in the
database (Django's default engine), so ending one deletes it for every process at once.
"""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import OuterRef, QuerySet, Subquery
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from .events import Actor, Kind, client_details, record_event
from .models import BrowserSession, User


def session_store() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


def live_browser_sessions(user: User) -> QuerySet[BrowserSession]:
    """The user's browser sessions that have not expired, each with its `expires_at`."""
    stored = session_store().get_model_class().objects  # type: ignore[attr-defined]
    expiry = stored.filter(session_key=OuterRef("session_key")).values("expire_date")[:1]
    return user.browser_sessions.annotate(expire_date=Subquery(expiry)).filter(
        expire_date__gt=timezone.now()
    )


def end_browser_sessions(rows: QuerySet[BrowserSession]) -> int:
    """Delete the sessions from the session store and their rows; how many were live."""
    store = session_store()
    ended = 0
    for key in rows.values_list("session_key", flat=True):
        if store().exists(key):
            store().delete(key)
            ended += 1
    rows.delete()
    return ended


def delete_stale_browser_sessions() -> int:
    """Rows whose session has expired or is gone; `flushexpiredtokens` calls this."""
    stored = session_store().get_model_class().objects  # type: ignore[attr-defined]
    live_keys = stored.filter(expire_date__gt=timezone.now()).values("session_key")
    deleted, _ = BrowserSession.objects.exclude(session_key__in=live_keys).delete()
    return deleted


@receiver(user_logged_in, dispatch_uid="accounts.browser_login")
def record_browser_login(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    # A second login in the same browser session keeps its key (Django cycles it only when the
    # session had no user): the row then stands for the new login.
    row, _ = BrowserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "created_at": timezone.now(), **client_details(request)},
    )
    record_event(Kind.LOGIN, request=request, user=user, session=row)


@receiver(user_logged_out, dispatch_uid="accounts.browser_logout")
def record_browser_logout(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    session = getattr(request, "session", None)
    if session is None or session.session_key is None or user is None:
        return
    row = BrowserSession.objects.filter(session_key=session.session_key).first()
    BrowserSession.objects.filter(session_key=session.session_key).delete()
    record_event(Kind.LOGOUT, request=request, user=user, session=row, actor=Actor.USER)
