"""Translate auth requests and responses; the rules live in models, services and views."""

from typing import Any, cast

from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from .models import BrowserSession, SecurityEvent, Session, User

# Long passphrases are welcome; longer input is refused before any hashing work is done.
PASSWORD_MAX_LENGTH = 1024
# Tokens we issue are a few hundred characters.
TOKEN_MAX_LENGTH = 4096


@extend_schema_field({"type": "string", "pattern": "^[^\\x00]*$"})
class TextField(serializers.CharField):
    """A CharField whose schema says what every DRF CharField does: NUL characters are refused.

    Taken exactly as sent, like the tokens and ids it carries: DRF's trimming would turn a value
    of whitespace alone (" ", U+0085), which the schema allows, into a blank one refused as such.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)


class PasswordField(TextField):
    """A password exactly as sent (never trimmed), bounded before hashing."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("write_only", True)
        kwargs.setdefault("max_length", PASSWORD_MAX_LENGTH)
        kwargs.setdefault("style", {"input_type": "password"})
        super().__init__(**kwargs)


class NewPasswordField(PasswordField):
    """A password to set. Its shortest length is the one AUTH_PASSWORD_VALIDATORS configure
    (MinimumLengthValidator), refused with that validator's message: so the schema's
    `minLength` says what the server enforces."""

    def __init__(self, **kwargs: Any) -> None:
        shortest = max(
            (
                validator
                for validator in password_validation.get_default_password_validators()
                if isinstance(validator, password_validation.MinimumLengthValidator)
            ),
            key=lambda validator: validator.min_length,
            default=None,
        )
        if shortest is not None:
            kwargs.setdefault("min_length", shortest.min_length)
            kwargs.setdefault("error_messages", {"min_length": shortest.get_error_message()})
        super().__init__(**kwargs)


def validate_new_password(password: str, user: User) -> str:
    """Django's password validators, with the user for the similarity check."""
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(list(exc.messages)) from exc
    return password


class CredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = PasswordField()


class RegisterSerializer(CredentialsSerializer):
    password = NewPasswordField()

    def validate_email(self, value: str) -> str:
        return User.objects.normalize_email(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            validate_new_password(attrs["password"], User(email=attrs["email"]))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"password": exc.detail}) from exc
        return attrs


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Bearer token for the Authorization header.")
    refresh = serializers.CharField(help_text="Single-use: exchange it at auth/refresh/.")
    token_type = serializers.ChoiceField(choices=["Bearer"])
    expires_in = serializers.IntegerField(help_text="Seconds until the access token expires.")


# Shared by every representation: DateTimeField.to_representation reads only its settings.
DATE_TIME = serializers.DateTimeField()


class UserSerializer(serializers.Serializer):
    # The declared fields describe a user (schema, browsable API); `to_representation` builds
    # the same dict directly. DRF would copy every declared field for each serializer instance,
    # an eighth of the CPU of GET auth/user/ (make bench, py-spy). A test holds the two equal.
    public_id = serializers.UUIDField(read_only=True)
    email = serializers.EmailField(read_only=True, label="Email address")
    admin = serializers.BooleanField(source="is_staff", read_only=True)
    registered_on = serializers.DateTimeField(source="date_joined", read_only=True)
    email_verified = serializers.BooleanField(
        read_only=True, help_text="Whether the owner opened a link mailed to this address."
    )

    def to_representation(self, user: User) -> dict[str, Any]:
        return {
            "public_id": str(user.public_id),
            "email": user.email,
            "admin": user.is_staff,
            "registered_on": DATE_TIME.to_representation(user.date_joined),
            "email_verified": user.email_verified,
        }


class RegistrationSerializer(TokenPairSerializer):
    user = UserSerializer()


class CurrentUserSerializer(UserSerializer):
    token_expires_in = serializers.SerializerMethodField(
        help_text="Seconds until the access token of this request expires; "
        "null when signed in with a browser session."
    )

    def get_token_expires_in(self, user: User) -> int | None:
        return self.context.get("token_expires_in")

    def to_representation(self, user: User) -> dict[str, Any]:
        return {
            **super().to_representation(user),
            "token_expires_in": self.get_token_expires_in(user),
        }


class RefreshSerializer(serializers.Serializer):
    refresh = TextField(max_length=TOKEN_MAX_LENGTH, write_only=True)


class LogoutSerializer(serializers.Serializer):
    # Blank is a token like any other (an invalid one, a 401), not "no token": a form sends
    # empty fields, and DRF would otherwise read an empty one as absent.
    refresh = TextField(
        max_length=TOKEN_MAX_LENGTH,
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="A refresh token of the session to end; without it, the Bearer token's.",
    )


class PasswordChangeSerializer(serializers.Serializer):
    current_password = PasswordField()
    new_password = NewPasswordField()

    def validate_current_password(self, value: str) -> str:
        if not is_current_password(self.context["request"], value):
            raise serializers.ValidationError("The current password is not correct.")
        return value

    def validate_new_password(self, value: str) -> str:
        return validate_new_password(value, self.context["request"].user)


def is_current_password(request: Request, password: str) -> bool:
    """The password check of every endpoint that asks for the current password: through the
    login door (`authenticate()`), so it counts against the same limits as a login."""
    user = cast(User, request.user)
    checked = authenticate(request._request, email=user.email, password=password)
    return checked is not None and checked.pk == user.pk


class SessionSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.ChoiceField(
        choices=["token", "browser"],
        read_only=True,
        help_text="`token`: signed in with tokens (login); `browser`: a cookie session "
        "(admin or browsable API login).",
    )
    created_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Null for browser sessions."
    )
    expires_at = serializers.DateTimeField(
        read_only=True,
        help_text="When the session ends unless used (token sessions: refreshed) before; it "
        "never outlives its login by more than the session's maximum age.",
    )
    user_agent = serializers.CharField(read_only=True)
    ip_address = serializers.IPAddressField(read_only=True, allow_null=True)
    current = serializers.SerializerMethodField()

    def get_current(self, session: Session | BrowserSession) -> bool:
        return session.pk == self.context.get("session_id")


class SecurityEventSerializer(serializers.ModelSerializer):
    actor = serializers.ChoiceField(
        choices=SecurityEvent.Actor.choices,
        allow_blank=True,
        read_only=True,
        help_text="Who ended the session(s), for revocations; blank for other events.",
    )
    session_id = serializers.UUIDField(allow_null=True, read_only=True)
    ip_address = serializers.IPAddressField(allow_null=True, read_only=True)

    class Meta:
        model = SecurityEvent
        fields = ["kind", "created_at", "email", "session_id", "actor", "ip_address", "user_agent"]
        read_only_fields = fields
