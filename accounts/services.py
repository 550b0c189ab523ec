"""Writes that span sessions, users, the security log and the blacklist app.

Every revocation (logout, logout-all, password change, session delete, the admin action, the
`revoke_sessions` command, deactivation, a replayed refresh token) goes through
`revoke_sessions`, and every change it makes is logged in the same transaction.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from .browser_sessions import end_browser_sessions
from .events import Actor, Kind, client_details, record_event
from .models import BrowserSession, Session, User
from .session_cache import forget_sessions
from .tasks import queue_mail
from .tokens import SESSION_ID_CLAIM, SessionRefreshToken, TokenPair

# How stale `last_used_at` may get: writing it on every request would cost a write per read.
LAST_USED_RESOLUTION = timedelta(minutes=1)

AnyRequest = Request | HttpRequest


@transaction.atomic
def start_session(user: User, request: AnyRequest) -> TokenPair:
    """Open a session for a user whose credentials were just checked, and issue its tokens."""
    session = Session(user=user, **client_details(request))
    tokens = TokenPair.for_session(session)
    session.save(force_insert=True)
    record_event(Kind.LOGIN, request=request, user=user, session=session)
    return tokens


def rotate_refresh_token(refresh: SessionRefreshToken, request: AnyRequest) -> TokenPair:
    """Exchange the session's current refresh token for a new pair; exactly one exchange wins.

    The token it replaced, presented again within JWT_REFRESH_REUSE_INTERVAL, gets the token that
    exchange issued (the very same string). Any other token was used before: someone holds a
    copy, so the whole session is revoked.
    """
    jti = refresh[api_settings.JTI_CLAIM]
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(
                pk=refresh[SESSION_ID_CLAIM], user__public_id=refresh[api_settings.USER_ID_CLAIM]
            )
            .first()
        )
        now = timezone.now()
        if (
            session is None
            or not session.is_live
            or session.ends_at <= now
            or not session.user.is_active
        ):
            raise InvalidToken("Token is invalid or its session has ended.")
        if jti == session.refresh_jti and _consume(refresh):
            tokens = TokenPair.for_session(session)
            session.previous_refresh_jti, session.rotated_at, session.last_used_at = jti, now, now
            session.save(
                update_fields=[
                    "refresh_jti",
                    "previous_refresh_jti",
                    "rotated_at",
                    "expires_at",
                    "last_used_at",
                ]
            )
            return tokens
        if jti == session.previous_refresh_jti and _within_reuse_interval(session, now):
            # The outstanding list keeps every token issued: re-read, not re-issued.
            current = OutstandingToken.objects.filter(jti=session.refresh_jti).first()
            if current is None:
                raise InvalidToken("Token was already used.")
            return TokenPair.for_refresh(SessionRefreshToken(current.token))  # type: ignore[arg-type]
        record_event(Kind.REFRESH_REPLAYED, request=request, user=session.user, session=session)
        revoke_sessions(session.user, actor=Actor.SYSTEM, request=request, session=session)
    raise InvalidToken("Token was already used; its session is now revoked.")


def _within_reuse_interval(session: Session, now: datetime) -> bool:
    interval: timedelta = settings.JWT_REFRESH_REUSE_INTERVAL
    rotated_at = session.rotated_at
    return bool(interval) and rotated_at is not None and now - rotated_at <= interval


def _consume(refresh: SessionRefreshToken) -> bool:
    """Blacklist the token; False when another request already did (the one-to-one row decides)."""
    try:
        with transaction.atomic():
            outstanding = OutstandingToken.objects.get(jti=refresh[api_settings.JTI_CLAIM])
            BlacklistedToken.objects.create(token=outstanding)
    except (IntegrityError, OutstandingToken.DoesNotExist):
        return False
    return True


@transaction.atomic
def revoke_sessions(
    user: User,
    *,
    actor: str,
    request: AnyRequest | None = None,
    session: Session | BrowserSession | None = None,
    kind: str = Kind.SESSION_REVOKED,
) -> int:
    """End `session` (a token or a browser session of `user`) or, without one, every session of
    the user: browser sessions end in every process at once, since the session auth hash
    changes. Logs `kind` (by `actor`); returns how many live sessions ended."""
    if isinstance(session, BrowserSession):
        ended = end_browser_sessions(BrowserSession.objects.filter(pk=session.pk))
    elif session is not None:
        ended = _revoke_token_sessions(Session.objects.filter(pk=session.pk))
    else:
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        user.refresh_from_db(fields=["session_generation"])
        ended = end_browser_sessions(user.browser_sessions.all())
        ended += _revoke_token_sessions(user.sessions.all())
    record_event(kind, request=request, user=user, session=session, actor=actor)
    return ended


def _revoke_token_sessions(sessions: QuerySet[Session]) -> int:
    """Revoke the sessions and blacklist their refresh tokens; returns how many were live."""
    pks = list(sessions.values_list("pk", flat=True))
    targets = Session.objects.filter(pk__in=pks)
    forget_sessions(pks)
    # Update first: it waits for a refresh holding the row lock, so the jti read next is final.
    revoked = targets.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    outstanding = OutstandingToken.objects.filter(
        jti__in=targets.exclude(refresh_jti="").values("refresh_jti"),
        blacklistedtoken__isnull=True,
    )
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return revoked


@transaction.atomic
def deactivate_user(user: User, *, actor: str, request: AnyRequest | None = None) -> int:
    """Deactivate the user and end every session of theirs; returns how many ended."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    record_event(Kind.USER_DEACTIVATED, request=request, user=user, actor=actor)
    return revoke_sessions(user, actor=actor, request=request)


@transaction.atomic
def set_password(
    user: User,
    password: str,
    request: AnyRequest | None,
    *,
    kind: str = Kind.PASSWORD_CHANGED,
    actor: str = Actor.USER,
) -> None:
    """Every new password, chosen by its owner, through a reset link or by a command (`demo`):
    every session ends, the change is logged as `kind` by `actor`, and the owner is told, so a
    takeover does not go unnoticed."""
    user.set_password(password)
    user.save(update_fields=["password", "email_verified"])
    record_event(kind, request=request, user=user, actor=actor)
    revoke_sessions(user, actor=actor, request=request)
    queue_mail("password_changed", public_id=str(user.public_id))


@transaction.atomic
def change_password(user: User, password: str, request: AnyRequest) -> TokenPair:
    """Set the password, end every session, and open a new one for the caller."""
    set_password(user, password, request)
    return start_session(user, request)


def touch(session: Session) -> None:
    """Record use of the session, at most once per LAST_USED_RESOLUTION."""
    now = timezone.now()
    if now - session.last_used_at >= LAST_USED_RESOLUTION:
        Session.objects.filter(pk=session.pk).update(last_used_at=now)
        session.last_used_at = now
        forget_sessions([session.pk])
