"""The authentication endpoints under /api/v1/auth/."""

from typing import Any, cast

from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, AuthenticationFailed, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from . import schema
from .authentication import PublicEndpointAuthentication, SessionJWTAuthentication
from .models import Session, User
from .serializers import (
    CredentialsSerializer,
    CurrentUserSerializer,
    PasswordChangeSerializer,
    RefreshSerializer,
    RegisterSerializer,
    RegistrationSerializer,
    SessionSerializer,
)
from .services import revoke_sessions, rotate_refresh_token, start_session
from .throttles import RateLimit, RegistrationRateThrottle, client_ip, enforce
from .tokens import SESSION_ID_CLAIM, SessionAccessToken, SessionRefreshToken

# Token responses must not be stored by any cache (RFC 6749, section 5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class EmailTaken(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A user with this email already exists."
    default_code = "email_taken"


class PublicEndpoint(generics.GenericAPIView):
    authentication_classes = [PublicEndpointAuthentication]
    permission_classes = [AllowAny]

    def validated_data(self) -> dict[str, Any]:
        serializer = self.get_serializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# Endpoints that act on the session of the Bearer token presented (not on a browser session).
class BearerEndpoint(generics.GenericAPIView):
    authentication_classes = [SessionJWTAuthentication]
    permission_classes = [IsAuthenticated]
    # Endpoints without a body still need one: OPTIONS asks it to describe their POST.
    serializer_class = serializers.Serializer

    @property
    def user(self) -> User:
        return cast(User, self.request.user)

    @property
    def session(self) -> Session:
        session = cast(SessionAccessToken, self.request.auth).session
        assert session is not None  # set by SessionJWTAuthentication, the only authenticator here
        return session


@schema.register
class RegisterView(PublicEndpoint):
    serializer_class = RegisterSerializer
    throttle_classes = [RegistrationRateThrottle]

    def post(self, request: Request) -> Response:
        data = self.validated_data()
        email, password = data["email"], data["password"]
        if User.objects.with_email(email).exists():
            raise EmailTaken({"email": [EmailTaken.default_detail]})
        try:
            # The Lower("email") constraint is the final judge between concurrent sign-ups.
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=password)
                tokens = start_session(user, request)
        except IntegrityError as exc:
            raise EmailTaken({"email": [EmailTaken.default_detail]}) from exc
        body = RegistrationSerializer({"user": user, **tokens.as_data()}).data
        return Response(body, status=status.HTTP_201_CREATED, headers=NO_STORE)


@schema.login
class LoginView(PublicEndpoint):
    serializer_class = CredentialsSerializer

    def post(self, request: Request) -> Response:
        data = self.validated_data()
        email, password = data["email"], data["password"]
        limits = [
            RateLimit("login_email", User.objects.normalize_email(email).lower()),
            RateLimit("login_ip", client_ip(request)),
        ]
        enforce(*limits)
        # Django's ModelBackend: one password hash whatever the outcome (a dummy one for an
        # unknown email, the real check for an inactive user), so timing tells nothing.
        user = authenticate(request._request, email=email, password=password)
        if user is None:
            for limit in limits:
                limit.hit()
            raise AuthenticationFailed("No active account found with these credentials.")
        return Response(start_session(user, request).as_data(), headers=NO_STORE)


@schema.refresh
class RefreshView(PublicEndpoint):
    serializer_class = RefreshSerializer

    def post(self, request: Request) -> Response:
        try:
            refresh = SessionRefreshToken(self.validated_data()["refresh"])
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        limit = RateLimit("refresh", refresh[SESSION_ID_CLAIM])
        enforce(limit)
        limit.hit()
        return Response(rotate_refresh_token(refresh).as_data(), headers=NO_STORE)


@schema.logout
class LogoutView(BearerEndpoint):
    def post(self, request: Request) -> Response:
        revoke_sessions(Session.objects.filter(pk=self.session.pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.logout_all
class LogoutAllView(BearerEndpoint):
    def post(self, request: Request) -> Response:
        revoke_sessions(self.user.sessions.all())
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.sessions
class SessionListView(BearerEndpoint, generics.ListAPIView):
    serializer_class = SessionSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Session]:
        return self.user.sessions.live()

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "session_id": self.session.pk}


@schema.session_detail
class SessionDetailView(BearerEndpoint, generics.DestroyAPIView):
    serializer_class = SessionSerializer

    def get_queryset(self) -> QuerySet[Session]:
        return self.user.sessions.live()

    def perform_destroy(self, instance: Session) -> None:
        revoke_sessions(Session.objects.filter(pk=instance.pk))


@schema.current_user
class CurrentUserView(generics.RetrieveAPIView):
    serializer_class = CurrentUserSerializer

    def get_object(self) -> User:
        return cast(User, self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if isinstance(self.request.auth, SessionAccessToken):
            remaining = self.request.auth["exp"] - timezone.now().timestamp()
            context["token_expires_in"] = max(0, int(remaining))
        return context


@schema.password
class PasswordChangeView(BearerEndpoint):
    serializer_class = PasswordChangeSerializer

    def post(self, request: Request) -> Response:
        # A stolen access token must not become a way to guess the password.
        limit = RateLimit("login_email", self.user.email.lower())
        enforce(limit)
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if "current_password" in serializer.errors:
                limit.hit()
            raise ValidationError(dict(serializer.errors))
        with transaction.atomic():
            self.user.set_password(serializer.validated_data["new_password"])
            self.user.save(update_fields=["password"])
            revoke_sessions(self.user.sessions.all())
            tokens = start_session(self.user, request)
        return Response(tokens.as_data(), headers=NO_STORE)
