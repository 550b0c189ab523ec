"""The authentication endpoints under /api/v1/auth/: sign up, sign in, refresh, the current user
and the password change. Signing out and sessions are in `session_views`."""

from typing import Any, cast

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from . import lifecycle, lifecycle_schema, schema
from .authentication import PublicEndpointAuthentication, SessionJWTAuthentication
from .lifecycle_serializers import PasswordSerializer
from .models import Session, User
from .serializers import (
    CredentialsSerializer,
    CurrentUserSerializer,
    PasswordChangeSerializer,
    RefreshSerializer,
    RegisterSerializer,
    RegistrationSerializer,
    UserSerializer,
)
from .services import change_password, rotate_refresh_token, start_session
from .throttles import RateLimit, RegistrationRateThrottle, enforce
from .tokens import SESSION_ID_CLAIM, SessionAccessToken, SessionRefreshToken

# Token responses must not be stored by any cache (RFC 6749, section 5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class EmailTaken(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A user with this email already exists."
    default_code = "email_taken"


class EmailNotVerified(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "Confirm your email address first: open the link mailed to it."
    default_code = "email_not_verified"

    def __init__(self) -> None:
        super().__init__({"detail": self.default_detail, "code": self.default_code})


def verification_required(user: User) -> bool:
    return settings.ACCOUNTS_EMAIL_VERIFICATION == "mandatory" and not user.email_verified


class Endpoint(generics.GenericAPIView):
    def validated_data(self) -> dict[str, Any]:
        serializer = self.get_serializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class PublicEndpoint(Endpoint):
    authentication_classes = [PublicEndpointAuthentication]
    permission_classes = [AllowAny]


# Endpoints that act on the session of the Bearer token presented (not on a browser session).
class BearerEndpoint(Endpoint):
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
                lifecycle.queue_verification(user.email, request)
                if verification_required(user):
                    body = {"user": UserSerializer(user).data}
                else:
                    tokens = start_session(user, request)
                    body = RegistrationSerializer({"user": user, **tokens.as_data()}).data
        except IntegrityError as exc:
            raise EmailTaken({"email": [EmailTaken.default_detail]}) from exc
        return Response(body, status=status.HTTP_201_CREATED, headers=NO_STORE)


@schema.login
class LoginView(PublicEndpoint):
    serializer_class = CredentialsSerializer

    def post(self, request: Request) -> Response:
        data = self.validated_data()
        # The one door for passwords (accounts.backends): limits, then one hash whatever the
        # outcome; over a limit it raises LoginThrottled, a 429.
        user = authenticate(request._request, email=data["email"], password=data["password"])
        if user is None:
            raise AuthenticationFailed("No active account found with these credentials.")
        # Only once the password is right: a wrong one answers 401 whatever the account's state.
        if verification_required(user):
            raise EmailNotVerified()
        return Response(start_session(user, request).as_data(), headers=NO_STORE)


@schema.refresh
class RefreshView(PublicEndpoint):
    serializer_class = RefreshSerializer

    def post(self, request: Request) -> Response:
        refresh = refresh_token(self.validated_data()["refresh"])
        limit = RateLimit("refresh", refresh[SESSION_ID_CLAIM])
        enforce(limit)
        limit.hit()
        return Response(rotate_refresh_token(refresh, request).as_data(), headers=NO_STORE)


def refresh_token(raw: str) -> SessionRefreshToken:
    try:
        return SessionRefreshToken(raw)  # type: ignore[arg-type]
    except TokenError as exc:
        raise InvalidToken(exc.args[0]) from exc


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

    @lifecycle_schema.delete_account
    def delete(self, request: Request) -> Response:
        PasswordSerializer(data=request.data, context={"request": request}).is_valid(
            raise_exception=True
        )
        lifecycle.delete_account(self.get_object(), request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.password
class PasswordChangeView(BearerEndpoint):
    serializer_class = PasswordChangeSerializer

    def post(self, request: Request) -> Response:
        # The current password is checked through the login door, under the same limits.
        data = self.validated_data()
        tokens = change_password(self.user, data["new_password"], request)
        return Response(tokens.as_data(), headers=NO_STORE)
