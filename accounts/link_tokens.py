"""The tokens of mailed links, bound to the account's current state.

Django's `PasswordResetTokenGenerator`: an HMAC of the account's state and a timestamp, valid for
`PASSWORD_RESET_TIMEOUT` seconds. The state is the password hash, the email and its verification,
so a reset, a password change, an email change or a verification voids every older link; that is
also what makes each link single-use.
"""

import binascii
import uuid
from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User

PASSWORD_RESET = "password-reset"  # noqa: S105 (a purpose, not a password)
EMAIL_VERIFICATION = "email-verification"
EMAIL_CHANGE = "email-change"


class InvalidLink(Exception):
    """Unknown account, malformed, altered, expired or used token: callers cannot tell which."""


class AccountStateTokenGenerator(PasswordResetTokenGenerator):
    def __init__(self, purpose: str) -> None:
        # A token made for one purpose is worthless for another.
        self.key_salt = f"accounts.link_tokens.{purpose}"
        super().__init__()

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        # Django's documented extension point; its default would also bind the last login time,
        # which a browser login changes and a token login does not.
        return f"{user.pk}{user.password}{user.email}{user.email_verified}{timestamp}"


GENERATORS = {
    purpose: AccountStateTokenGenerator(purpose)
    for purpose in (PASSWORD_RESET, EMAIL_VERIFICATION, EMAIL_CHANGE)
}


def uid_of(user: User) -> str:
    return urlsafe_base64_encode(user.public_id.bytes)


def make_token(purpose: str, user: User) -> str:
    return GENERATORS[purpose].make_token(user)


def user_for(purpose: str, uid: object, token: object) -> User:
    """The active user whose link this is, or InvalidLink."""
    try:
        public_id = uuid.UUID(bytes=urlsafe_base64_decode(str(uid)))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InvalidLink from exc
    user = User.objects.filter(public_id=public_id, is_active=True).first()
    if (
        user is None
        or not isinstance(token, str)
        or not GENERATORS[purpose].check_token(user, token)
    ):
        raise InvalidLink
    return user


def make_signed_token(purpose: str, user: User, **claims: str) -> str:
    """One opaque token carrying the uid, the state token and `claims` (the new email)."""
    payload = {"uid": uid_of(user), "token": make_token(purpose, user), **claims}
    return signing.dumps(payload, salt=f"accounts.link_tokens.{purpose}", compress=True)


def read_signed_token(purpose: str, token: str) -> tuple[User, dict[str, Any]]:
    """The user and the claims of a token from `make_signed_token`, or InvalidLink."""
    try:
        payload = signing.loads(token, salt=f"accounts.link_tokens.{purpose}")
    except signing.BadSignature as exc:
        raise InvalidLink from exc
    if not isinstance(payload, dict):
        raise InvalidLink
    return user_for(purpose, payload.get("uid"), payload.get("token")), payload
