"""Requests and answers of the account lifecycle endpoints (accounts.lifecycle_views)."""

from rest_framework import serializers

from .models import User
from .serializers import (
    TOKEN_MAX_LENGTH,
    NewPasswordField,
    PasswordField,
    TextField,
    is_current_password,
)

# Django's reset tokens are about 40 characters, our uids 22; anything longer is not ours.
UID_MAX_LENGTH = 64


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)

    def validate_email(self, value: str) -> str:
        return User.objects.normalize_email(value)


class AcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()


class LinkTokenSerializer(serializers.Serializer):
    token = TextField(max_length=TOKEN_MAX_LENGTH, help_text="The `token` of the mailed link.")


class EmailVerifiedSerializer(serializers.Serializer):
    email_verified = serializers.BooleanField()


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = TextField(max_length=UID_MAX_LENGTH, help_text="The `uid` of the mailed link.")
    token = TextField(max_length=UID_MAX_LENGTH, help_text="The `token` of the mailed link.")
    new_password = NewPasswordField()


class PasswordSerializer(serializers.Serializer):
    """The current password, asked before a change that cannot be undone; checked through the
    login door, so a wrong one counts against the failed-login limits."""

    password = PasswordField(help_text="The current password.")

    def validate_password(self, value: str) -> str:
        if not is_current_password(self.context["request"], value):
            raise serializers.ValidationError("The password is not correct.")
        return value


class EmailChangeSerializer(PasswordSerializer):
    new_email = serializers.EmailField(max_length=254)

    def validate_new_email(self, value: str) -> str:
        return User.objects.normalize_email(value)
