"""Bearer authentication that checks the token's session on every request."""

from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings

from .models import User
from .services import touch
from .session_cache import live_session
from .tokens import SESSION_ID_CLAIM, SessionAccessToken

REALM = "api"


def bearer_challenge(request: Request) -> str:
    """RFC 6750's challenge; `error="invalid_token"` when the client did send a Bearer token."""
    challenge = f'Bearer realm="{REALM}"'
    header = request.META.get(api_settings.AUTH_HEADER_NAME, "")
    if header.split(" ", 1)[0] in api_settings.AUTH_HEADER_TYPES:
        challenge += ', error="invalid_token"'
    return challenge


class SessionJWTAuthentication(JWTAuthentication):
    """simplejwt's signature, expiry, type, `iss` and `aud` checks, then the live session with its
    active user, from the shared cache or in one indexed query: revocation, deactivation and
    demotion apply to the very next request in every process (see `session_cache`)."""

    www_authenticate_realm = REALM

    def authenticate_header(self, request: Request) -> str:
        return bearer_challenge(request)

    def get_header(self, request: Request) -> bytes:
        try:
            return super().get_header(request)
        except UnicodeEncodeError as exc:
            raise AuthenticationFailed("Authorization header is not valid.") from exc

    def get_validated_token(self, raw_token: bytes) -> SessionAccessToken:
        try:
            return SessionAccessToken(raw_token)  # type: ignore[arg-type]
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc

    def get_user(self, validated_token: SessionAccessToken) -> User:  # type: ignore[override]
        session = live_session(validated_token[SESSION_ID_CLAIM])
        if (
            session is None
            or str(session.user.public_id) != validated_token[api_settings.USER_ID_CLAIM]
        ):
            raise InvalidToken("Token is revoked, or its user is inactive or gone.")
        touch(session)
        validated_token.session = session
        return session.user


class PublicEndpointAuthentication(BaseAuthentication):
    """Authenticates nobody, so a stale token cannot block login or refresh; its only job is the
    401 challenge (without one, DRF turns 401 into 403)."""

    def authenticate(self, request: Request) -> None:
        return None

    def authenticate_header(self, request: Request) -> str:
        return f'Bearer realm="{REALM}"'
