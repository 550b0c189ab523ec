"""The session endpoints under /api/v1/auth/: sign out, list and end sessions, the security log."""

import uuid

from django.db.models import QuerySet
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings

from . import schema
from .browser_sessions import live_browser_sessions
from .events import Actor, Kind
from .models import BrowserSession, SecurityEvent, Session
from .pagination import PageNumberPagination
from .serializers import LogoutSerializer, SecurityEventSerializer, SessionSerializer
from .services import revoke_sessions
from .tokens import SESSION_ID_CLAIM, SessionRefreshToken
from .views import BearerEndpoint, refresh_token


@schema.logout
class LogoutView(BearerEndpoint):
    """With a Bearer token: its session. With `{"refresh": ...}` (RFC 7009: a client whose access
    token has expired can still sign out): that token's session, which must be the Bearer
    token's user's when both are sent."""

    serializer_class = LogoutSerializer
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        raw = self.validated_data().get("refresh")
        if raw is None:
            if request.auth is None:
                raise NotAuthenticated()
            session = self.session
        else:
            session = self.session_of(refresh_token(raw))
        revoke_sessions(
            session.user, actor=Actor.USER, request=request, session=session, kind=Kind.LOGOUT
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def session_of(self, refresh: SessionRefreshToken) -> Session:
        session = (
            Session.objects.live()
            .select_related("user")
            .filter(
                pk=refresh[SESSION_ID_CLAIM], user__public_id=refresh[api_settings.USER_ID_CLAIM]
            )
            .first()
        )
        caller = self.request.user
        if session is None or (caller.is_authenticated and caller.pk != session.user_id):
            raise InvalidToken("Token is invalid, its session has ended, or it is not yours.")
        return session


@schema.logout_all
class LogoutAllView(BearerEndpoint):
    def post(self, request: Request) -> Response:
        revoke_sessions(self.user, actor=Actor.USER, request=request, kind=Kind.LOGOUT_ALL)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionsOfUser(BearerEndpoint):
    serializer_class = SessionSerializer

    def get_queryset(self) -> QuerySet[Session]:
        return self.user.sessions.live()

    def all_sessions(self) -> list[Session | BrowserSession]:
        """Token and browser sessions, newest first."""
        sessions: list[Session | BrowserSession] = [
            *self.get_queryset(),
            *live_browser_sessions(self.user),
        ]
        return sorted(sessions, key=lambda session: session.created_at, reverse=True)


@schema.sessions
class SessionListView(SessionsOfUser):
    def get(self, request: Request) -> Response:
        context = {**self.get_serializer_context(), "session_id": self.session.pk}
        return Response(SessionSerializer(self.all_sessions(), many=True, context=context).data)


@schema.session_detail
class SessionDetailView(SessionsOfUser):
    def delete(self, request: Request, pk: str) -> Response:
        try:
            key = uuid.UUID(pk)
        except ValueError:
            key = None
        found: Session | BrowserSession | None = None
        if key is not None:
            found = self.get_queryset().filter(pk=key).first()
            found = found or live_browser_sessions(self.user).filter(pk=key).first()
        if found is None:
            raise NotFound("No live session of yours has this id.")
        revoke_sessions(self.user, actor=Actor.USER, request=request, session=found)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.events
class SecurityEventListView(BearerEndpoint, generics.ListAPIView):
    serializer_class = SecurityEventSerializer
    pagination_class = PageNumberPagination

    def get_queryset(self) -> QuerySet[SecurityEvent]:
        return self.user.security_events.all()
