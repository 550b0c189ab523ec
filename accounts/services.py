"""Writes that span sessions, users and the blacklist app: starting, rotating, revoking sessions.

Every revocation (logout, logout-all, password change, session delete, the admin action, the
`revoke_sessions` command, a replayed refresh token) goes through `revoke_sessions`.
"""

import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework.request import Request
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from .models import Session, User
from .throttles import client_ip
from .tokens import SESSION_ID_CLAIM, SessionRefreshToken

# How stale `last_used_at` may get: writing it on every request would cost a write per read.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenPair:
    access: AccessToken
    refresh: SessionRefreshToken

    @classmethod
    def for_session(cls, session: Session) -> "TokenPair":
        refresh = SessionRefreshToken.for_session(session)
        session.refresh_jti = refresh[api_settings.JTI_CLAIM]
        session.expires_at = datetime_from_epoch(refresh["exp"])
        return cls(access=refresh.access_token, refresh=refresh)

    def as_data(self) -> dict[str, object]:
        return {
            "access": str(self.access),
            "refresh": str(self.refresh),
            "token_type": api_settings.AUTH_HEADER_TYPES[0],
            "expires_in": int(api_settings.ACCESS_TOKEN_LIFETIME.total_seconds()),
        }


def client_details(request: Request) -> dict[str, str | None]:
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    ip: str | None = client_ip(request)
    try:
        ipaddress.ip_address(ip or "")
    except ValueError:
        ip = None
    return {
        "user_agent": "".join(ch for ch in user_agent if ch.isprintable())[:255],
        "ip_address": ip,
    }


@transaction.atomic
def start_session(user: User, request: Request) -> TokenPair:
    """Open a session for a user whose credentials were just checked, and issue its tokens."""
    session = Session(user=user, **client_details(request))
    tokens = TokenPair.for_session(session)
    session.save(force_insert=True)
    return tokens


def rotate_refresh_token(refresh: SessionRefreshToken) -> TokenPair:
    """Exchange the session's current refresh token for a new pair; exactly one exchange wins.

    A refresh token that is not the session's current one was used before: someone holds a copy,
    so the whole session is revoked.
    """
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(
                pk=refresh[SESSION_ID_CLAIM], user__public_id=refresh[api_settings.USER_ID_CLAIM]
            )
            .first()
        )
        if session is None or not session.is_live or not session.user.is_active:
            raise InvalidToken("Token is invalid or its session has ended.")
        replayed = session.refresh_jti != refresh[api_settings.JTI_CLAIM] or not _consume(refresh)
        if not replayed:
            tokens = TokenPair.for_session(session)
            session.last_used_at = timezone.now()
            session.save(update_fields=["refresh_jti", "expires_at", "last_used_at"])
            return tokens
        revoke_sessions(Session.objects.filter(pk=session.pk))
    raise InvalidToken("Token was already used; its session is now revoked.")


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
def revoke_sessions(sessions: QuerySet[Session]) -> int:
    """Revoke the sessions and blacklist their refresh tokens; returns how many were live."""
    pks = list(sessions.values_list("pk", flat=True))
    targets = Session.objects.filter(pk__in=pks)
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


def touch(session: Session) -> None:
    """Record use of the session, at most once per LAST_USED_RESOLUTION."""
    now = timezone.now()
    if now - session.last_used_at >= LAST_USED_RESOLUTION:
        Session.objects.filter(pk=session.pk).update(last_used_at=now)
        session.last_used_at = now
