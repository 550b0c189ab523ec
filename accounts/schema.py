"""OpenAPI documentation of the auth endpoints (drf-spectacular).

Generic error answers (400, 401, 403, 404, 429) are added to every operation by
`config.schema`; only what is specific to an endpoint is declared here.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from .serializers import (
    CredentialsSerializer,
    LogoutSerializer,
    PasswordChangeSerializer,
    RefreshSerializer,
    RegisterSerializer,
    RegistrationSerializer,
    SessionSerializer,
    TokenPairSerializer,
)

TAGS = ["auth"]
EXAMPLE_TOKENS = {
    "access": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl",
    "refresh": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl",
    "token_type": "Bearer",
    "expires_in": 900,
}
CREDENTIALS_EXAMPLE = OpenApiExample(
    "Credentials",
    value={"email": "ada@example.com", "password": "correct horse battery staple"},
    request_only=True,
)
TOKENS_EXAMPLE = OpenApiExample("Tokens", value=EXAMPLE_TOKENS, response_only=True)
NO_CONTENT = OpenApiResponse(description="Done; nothing to return.")
TOKEN_PAIR = OpenApiResponse(TokenPairSerializer, description="A new token pair.")
# Listed without a body: config.schema gives them the standard error body and headers.
THROTTLED = OpenApiResponse(description="Too many attempts; retry after `Retry-After` seconds.")

register = extend_schema(
    tags=TAGS,
    auth=[],
    summary="Create an account and sign in",
    description="Opens the first session of the new account. Sign-ups are limited per address.",
    request=RegisterSerializer,
    responses={
        201: RegistrationSerializer,
        409: OpenApiResponse(
            inline_serializer(
                "EmailTaken", fields={"email": serializers.ListField(child=serializers.CharField())}
            ),
            description="A user with this email already exists (in any case).",
        ),
    },
    examples=[
        CREDENTIALS_EXAMPLE,
        OpenApiExample(
            "Registered",
            value={
                "user": {
                    "public_id": "0b9a5e0c-3f0e-4d2b-9d8c-6c1f3a2b1e4d",
                    "email": "ada@example.com",
                    "admin": False,
                    "registered_on": "2026-01-02T03:04:05.678901Z",
                },
                **EXAMPLE_TOKENS,
            },
            response_only=True,
            status_codes=["201"],
        ),
    ],
)
login = extend_schema(
    tags=TAGS,
    auth=[],
    summary="Sign in: open a session",
    description=(
        "Opens a session: every token it issues can be revoked at once. Failed attempts are "
        "limited per email and per client address."
    ),
    request=CredentialsSerializer,
    responses={
        200: TokenPairSerializer,
        401: OpenApiResponse(
            description="Unknown email, wrong password or inactive account: the same answer."
        ),
        429: THROTTLED,
    },
    examples=[CREDENTIALS_EXAMPLE, TOKENS_EXAMPLE],
)
refresh = extend_schema(
    tags=TAGS,
    auth=[],
    summary="Exchange a refresh token for a new pair",
    description=(
        "The refresh token is single-use: presenting it again revokes its whole session, "
        "since a reused refresh token means a copy is in someone else's hands. One exception "
        "keeps concurrent callers (two tabs, a retried request) signed in: the token just "
        "exchanged, presented again within `JWT_REFRESH_REUSE_INTERVAL` seconds (default 10) "
        "of the exchange, is answered with the same refresh token that exchange issued and a "
        "new access token. No refresh extends a session past its login plus "
        "`JWT_SESSION_MAX_AGE` (default 30 days); after that, log in again."
    ),
    request=RefreshSerializer,
    responses={
        200: TOKEN_PAIR,
        401: OpenApiResponse(description="Invalid, expired, used or revoked refresh token."),
        429: THROTTLED,
    },
    examples=[TOKENS_EXAMPLE],
)


def revocation(summary: str, description: str) -> Any:
    """A bodiless POST that revokes sessions and answers 204."""
    return extend_schema(
        tags=TAGS,
        summary=summary,
        description=description,
        request=None,
        responses={204: NO_CONTENT},
    )


logout = extend_schema(
    tags=TAGS,
    summary="Sign out: revoke one session",
    description=(
        "Revokes the session of the Bearer token, or the session of the refresh token in the "
        'body (`{"refresh": ...}`), which needs no Bearer token: a client whose access token '
        "has expired can still sign out (RFC 7009). Every access and refresh token of the "
        "session stops working at once. An invalid refresh token, one of an ended session, or "
        "another user's (with a Bearer token) is a 401; so is a request with no token at all."
    ),
    request=LogoutSerializer,
    responses={204: NO_CONTENT},
)
logout_all = revocation(
    "Sign out everywhere: revoke every session",
    "Every token of every session of the user, and every browser (cookie) session, stops "
    "working at once.",
)
sessions = extend_schema(
    tags=TAGS,
    responses=SessionSerializer(many=True),
    summary="List your live sessions",
    description=(
        "Every way you are signed in, newest first: `token` sessions (one per login) and "
        "`browser` sessions (admin or browsable API logins). `current` marks the session of "
        "the token presented."
    ),
)
session_detail = extend_schema(
    tags=TAGS,
    summary="Revoke one of your sessions",
    description=(
        "Ends a token or a browser session. Another user's session, or a revoked or expired "
        "one, is not found."
    ),
    parameters=[
        OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Session id.")
    ],
    responses={204: NO_CONTENT},
)
current_user = extend_schema(
    tags=TAGS,
    summary="The signed-in user",
    description="`admin` is read from the database on every request.",
)
events = extend_schema(
    tags=TAGS,
    summary="Your security log",
    description=(
        "Your account's security events, newest first: logins, failed logins (with the email "
        "tried), logins refused by a limit, logouts, revoked sessions (`actor`: who revoked "
        "them), detected refresh token replays, password changes and deactivation. Kept for "
        "`SECURITY_EVENT_RETENTION_DAYS` (default 90)."
    ),
)
password = extend_schema(
    tags=TAGS,
    summary="Change your password",
    description=(
        "Revokes every session (browser sessions too) and answers with a fresh token pair. "
        "Wrong current passwords count against the failed-login limits of the login."
    ),
    request=PasswordChangeSerializer,
    responses={200: TOKEN_PAIR, 429: THROTTLED},
)
