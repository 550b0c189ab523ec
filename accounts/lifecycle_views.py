"""The account lifecycle endpoints under /api/v1/auth/: verification, reset, email change.

Requests that queue a mail answer 202 with one body whatever the address, and do the same work
for every address: the account is looked up by the job that sends the mail, not here.
"""

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from . import lifecycle, lifecycle_schema, link_tokens
from .lifecycle_serializers import (
    EmailChangeSerializer,
    EmailSerializer,
    LinkTokenSerializer,
    PasswordResetConfirmSerializer,
)
from .models import User
from .serializers import UserSerializer, validate_new_password
from .services import start_session
from .throttles import RateLimit, client_ip, spend
from .views import NO_STORE, BearerEndpoint, EmailTaken, PublicEndpoint

INVALID_LINK = "This link is invalid or has expired."


def accepted(detail: str) -> Response:
    return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


def spend_mail_limits(request: Request, email: str) -> None:
    spend(RateLimit("mail_email", email.lower()), RateLimit("mail_ip", client_ip(request)))


class LinkEndpoint(PublicEndpoint):
    """Answers a mailed link: attempts are counted per client IP, failures all look alike."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method == "POST":  # not OPTIONS, which only describes the endpoint
            spend(RateLimit("link_ip", client_ip(request)))


@lifecycle_schema.verify_email
class VerifyEmailView(LinkEndpoint):
    serializer_class = LinkTokenSerializer

    def post(self, request: Request) -> Response:
        try:
            user, _ = link_tokens.read_signed_token(
                link_tokens.EMAIL_VERIFICATION, self.validated_data()["token"]
            )
        except link_tokens.InvalidLink as exc:
            raise ValidationError({"token": [INVALID_LINK]}) from exc
        lifecycle.verify_email(user, request)
        return Response({"email_verified": True})


class MailRequestView(PublicEndpoint):
    """Queue a mail to the address in the body, whose account the job looks up."""

    serializer_class = EmailSerializer
    queue: Callable[[str, HttpRequest], None]
    detail: str

    def post(self, request: Request) -> Response:
        email = self.validated_data()["email"]
        spend_mail_limits(request, email)
        type(self).queue(email, request)
        return accepted(self.detail)


@lifecycle_schema.resend_verification
class ResendVerificationView(MailRequestView):
    queue = staticmethod(lifecycle.queue_verification)
    detail = "If an unverified account has this email, a link is on its way to it."


@lifecycle_schema.password_reset
class PasswordResetView(MailRequestView):
    queue = staticmethod(lifecycle.queue_password_reset)
    detail = "If an account has this email, a reset link is on its way to it."


@lifecycle_schema.password_reset_confirm
class PasswordResetConfirmView(LinkEndpoint):
    serializer_class = PasswordResetConfirmSerializer

    def post(self, request: Request) -> Response:
        data = self.validated_data()
        try:
            user = link_tokens.user_for(link_tokens.PASSWORD_RESET, data["uid"], data["token"])
        except link_tokens.InvalidLink as exc:
            raise ValidationError({"token": [INVALID_LINK]}) from exc
        try:
            validate_new_password(data["new_password"], user)
        except ValidationError as exc:
            raise ValidationError({"new_password": exc.detail}) from exc
        with transaction.atomic():
            lifecycle.reset_password(user, data["new_password"], request)
            tokens = start_session(user, request)
        return Response(tokens.as_data(), headers=NO_STORE)


@lifecycle_schema.email_change
class EmailChangeView(BearerEndpoint):
    serializer_class = EmailChangeSerializer

    def post(self, request: Request) -> Response:
        new_email = self.validated_data()["new_email"]
        if new_email.lower() == self.user.email.lower():
            raise EmailTaken({"new_email": ["This is already your email address."]})
        spend_mail_limits(request, new_email)
        lifecycle.request_email_change(self.user, new_email, request)
        return accepted(f"A confirmation link is on its way to {new_email}.")


@lifecycle_schema.email_change_confirm
class EmailChangeConfirmView(LinkEndpoint):
    serializer_class = LinkTokenSerializer

    def post(self, request: Request) -> Response:
        try:
            user, claims = link_tokens.read_signed_token(
                link_tokens.EMAIL_CHANGE, self.validated_data()["token"]
            )
        except link_tokens.InvalidLink as exc:
            raise ValidationError({"token": [INVALID_LINK]}) from exc
        new_email = str(claims.get("email", ""))
        taken = EmailTaken({"email": [EmailTaken.default_detail]})
        if User.objects.with_email(new_email).exclude(pk=user.pk).exists():
            raise taken
        try:
            lifecycle.change_email(user, new_email, request)
        except IntegrityError as exc:  # the Lower("email") constraint settles a race
            raise taken from exc
        return Response(UserSerializer(user).data)
