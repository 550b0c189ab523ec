"""OpenAPI documentation of the account lifecycle endpoints (drf-spectacular).

As in accounts.schema, the generic errors come from `config.schema`; listed here without a body,
a status gets the standard one.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers

from .lifecycle_serializers import (
    AcceptedSerializer,
    EmailChangeSerializer,
    EmailSerializer,
    EmailVerifiedSerializer,
    LinkTokenSerializer,
    PasswordResetConfirmSerializer,
    PasswordSerializer,
)
from .schema import NO_CONTENT, TAGS, THROTTLED, TOKEN_PAIR
from .serializers import UserSerializer

ACCEPTED = OpenApiResponse(
    AcceptedSerializer,
    description="Queued. The same answer, after the same work, whether or not the address has an "
    "account: the account is looked up when the mail is sent.",
)
INVALID_LINK = OpenApiResponse(
    description="Invalid input. `token`: the link is unknown, altered, expired or used (one "
    "answer for all of these)."
)
WRONG_PASSWORD = OpenApiResponse(
    description="Invalid input. `password`: not the current password; each wrong one counts "
    "against the failed-login limits."
)
LINK_THROTTLED = OpenApiResponse(
    description="Too many link attempts from this address; retry after `Retry-After` seconds."
)
MAIL_THROTTLED = OpenApiResponse(
    description="Too many mails asked for this email or from this client address; retry after "
    "`Retry-After` seconds."
)


def conflict(name: str, field: str, description: str) -> OpenApiResponse:
    """A 409 whose body names `field` with its messages."""
    body = inline_serializer(
        name, fields={field: serializers.ListField(child=serializers.CharField())}
    )
    return OpenApiResponse(body, description=description)


verify_email = extend_schema(
    tags=TAGS,
    auth=[],
    summary="Confirm your email address",
    description="With the `token` of the link mailed at sign-up (or by `verify-email/resend/`).",
    request=LinkTokenSerializer,
    responses={200: EmailVerifiedSerializer, 400: INVALID_LINK, 429: LINK_THROTTLED},
)
resend_verification = extend_schema(
    tags=TAGS,
    auth=[],
    summary="Mail the verification link again",
    description="Sent only if an active, unverified account has this email.",
    request=EmailSerializer,
    responses={202: ACCEPTED, 429: MAIL_THROTTLED},
)
password_reset = extend_schema(
    tags=TAGS,
    auth=[],
    summary="Mail a password reset link",
    description="Sent only if an active account has this email. The link works once, for "
    "`PASSWORD_RESET_TIMEOUT` seconds, and no longer once the password or the email changes.",
    request=EmailSerializer,
    responses={202: ACCEPTED, 429: MAIL_THROTTLED},
)
password_reset_confirm = extend_schema(
    tags=TAGS,
    auth=[],
    summary="Choose a new password with a reset link",
    description="With the `uid` and `token` of the mailed link. Every session of the user, "
    "token and browser, ends; the email counts as verified; the answer opens a new session.",
    request=PasswordResetConfirmSerializer,
    responses={
        200: TOKEN_PAIR,
        400: OpenApiResponse(
            description="Invalid input. `token`: the link is unknown, altered, expired or used; "
            "`new_password`: too weak, with the validators' reasons."
        ),
        429: LINK_THROTTLED,
    },
)
email_change = extend_schema(
    tags=TAGS,
    summary="Change your email address",
    description="Mails a confirmation link to the new address and a notice to the current one; "
    "the email changes only when the link is used (`email/confirm/`).",
    request=EmailChangeSerializer,
    responses={
        202: ACCEPTED,
        400: WRONG_PASSWORD,
        409: conflict(
            "EmailUnchanged", "new_email", "`new_email` is already your email (in any case)."
        ),
        429: THROTTLED,
    },
)
email_change_confirm = extend_schema(
    tags=TAGS,
    auth=[],
    summary="Confirm a change of email address",
    description="With the `token` of the link mailed to the new address. The old address is "
    "told of the change.",
    request=LinkTokenSerializer,
    responses={
        200: UserSerializer,
        400: INVALID_LINK,
        409: conflict(
            "EmailChangeTaken", "email", "Another account has this email now (in any case)."
        ),
        429: LINK_THROTTLED,
    },
)
delete_account = extend_schema(
    tags=TAGS,
    summary="Delete your account",
    description='Send the current password as the JSON body, `{"password": "..."}` (OpenAPI '
    "3.0 cannot describe a DELETE body). The user and every session of theirs are gone at once; "
    "their widgets stay, with no owner.",
    request=PasswordSerializer,
    responses={204: NO_CONTENT, 400: WRONG_PASSWORD, 429: THROTTLED},
)
