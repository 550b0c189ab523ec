"""Token classes: simplejwt's, bound to an `accounts.Session` through the `sid` claim."""

import uuid
from dataclasses import dataclass
from typing import Any, Self

from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from .models import Session

SESSION_ID_CLAIM = "sid"


class SessionClaimsMixin:
    """Reject tokens that name no user or no session: every token we issue names both by UUID."""

    payload: dict[str, Any]

    def verify(self) -> None:
        try:
            super().verify()  # type: ignore[misc]
        except (OverflowError, ValueError) as exc:  # an `exp` beyond any calendar
            raise TokenError("Token has an invalid time claim") from exc
        for claim in (api_settings.USER_ID_CLAIM, SESSION_ID_CLAIM):
            try:
                uuid.UUID(self.payload[claim])
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise TokenError(f"Token has no valid '{claim}' claim") from exc


class SessionAccessToken(SessionClaimsMixin, AccessToken):
    # Set by the authentication class once the session row is loaded.
    session: Session | None = None


class SessionRefreshToken(SessionClaimsMixin, RefreshToken):  # type: ignore[misc]
    access_token_class = SessionAccessToken

    def check_blacklist(self) -> None:
        """Skipped: `services.rotate_refresh_token` decides consumption under a row lock."""

    @classmethod
    def for_session(cls, session: Session) -> Self:
        """A refresh token of `session`, recorded in the blacklist app's outstanding list; it
        expires after the idle timeout (REFRESH_TOKEN_LIFETIME), and never after the session's
        `ends_at` (login plus JWT_SESSION_MAX_AGE)."""
        token = cls()
        token.set_exp(
            lifetime=min(api_settings.REFRESH_TOKEN_LIFETIME, session.ends_at - token.current_time)
        )
        token[api_settings.USER_ID_CLAIM] = str(session.user.public_id)
        token[SESSION_ID_CLAIM] = str(session.pk)
        OutstandingToken.objects.create(
            user=session.user,
            jti=token[api_settings.JTI_CLAIM],
            token=str(token),
            created_at=token.current_time,
            expires_at=datetime_from_epoch(token["exp"]),
        )
        return token


@dataclass(frozen=True)
class TokenPair:
    access: AccessToken
    refresh: SessionRefreshToken
    expires_in: int

    @classmethod
    def for_refresh(cls, refresh: SessionRefreshToken) -> "TokenPair":
        """A new access token of the refresh token's session, expiring no later than it."""
        access = refresh.access_token
        expires_in = int(api_settings.ACCESS_TOKEN_LIFETIME.total_seconds())
        if access["exp"] > refresh["exp"]:  # the session ends sooner (JWT_SESSION_MAX_AGE)
            access["exp"] = refresh["exp"]
            expires_in = max(0, int(refresh["exp"] - access.current_time.timestamp()))
        return cls(access=access, refresh=refresh, expires_in=expires_in)

    @classmethod
    def for_session(cls, session: Session) -> "TokenPair":
        refresh = SessionRefreshToken.for_session(session)
        session.refresh_jti = refresh[api_settings.JTI_CLAIM]
        session.expires_at = datetime_from_epoch(refresh["exp"])
        return cls.for_refresh(refresh)

    def as_data(self) -> dict[str, object]:
        return {
            "access": str(self.access),
            "refresh": str(self.refresh),
            "token_type": api_settings.AUTH_HEADER_TYPES[0],
            "expires_in": self.expires_in,
        }
