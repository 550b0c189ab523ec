import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

# Django's own salt for the session auth hash, so the value stays what Django would compute
# for a user whose sessions were never revoked.
SESSION_AUTH_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


class UserQuerySet(models.QuerySet["User"]):
    def with_email(self, email: str) -> "UserQuerySet":
        """Users whose email equals `email` in any case; served by the Lower("email") index."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=Lower(models.Value(email)))


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def with_email(self, email: str) -> UserQuerySet:
        return self.get_queryset().with_email(self.normalize_email(email))

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """Trim, and lowercase the domain; the local part keeps its case for display."""
        return super().normalize_email((email or "").strip())

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.password = make_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        """Sign in (admin site, createsuperuser) with any case of the email."""
        return self.with_email(username or "").get()


class User(AbstractBaseUser, PermissionsMixin):
    """A user who signs in with an email; the API shows only `public_id`, never the row id."""

    email = models.EmailField("email address", max_length=254)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    is_staff = models.BooleanField(
        "admin", default=False, help_text="Admins may write widgets and sign in to the admin site."
    )
    is_active = models.BooleanField(default=True)
    # True once the owner followed a link mailed to this address (verification, reset, change).
    email_verified = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of the session auth hash: raising it ends every browser session of the user in every
    # process at their next request, without touching the session table.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["date_joined", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message="A user with this email already exists.",
            )
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def session_auth_hash(self, secret: str | bytes | None = None) -> str:
        value = self.password
        if self.session_generation:  # 0 keeps Django's hash: existing sessions survive upgrade
            value = f"{value}:{self.session_generation}"
        return salted_hmac(
            SESSION_AUTH_HASH_SALT, value, secret=secret, algorithm="sha256"
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self.session_auth_hash()

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self.session_auth_hash(secret=fallback_secret)


class SessionQuerySet(models.QuerySet["Session"]):
    def live_with_user(self, session_id: uuid.UUID | str) -> "Session | None":
        """The unrevoked session `session_id` of an active user, with that user, in one query
        on the database the routers pick for reads; None when there is no such session."""
        try:
            return self.select_related("user").get(
                pk=session_id, revoked_at__isnull=True, user__is_active=True
            )
        except (self.model.DoesNotExist, ValidationError):
            return None

    def live(self) -> "SessionQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def expired(self) -> "SessionQuerySet":
        return self.filter(expires_at__lte=timezone.now())


class Session(models.Model):
    """One login: every token it issues carries this id, and revoking the row revokes them all."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)
    # Moves forward with every refresh: the session lives as long as its newest refresh token.
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The one refresh token of this session that may still be exchanged.
    refresh_jti = models.CharField(max_length=255, blank=True, editable=False)
    # The token it replaced, and when: presented again within JWT_REFRESH_REUSE_INTERVAL it is
    # answered with the current token (a lost response, two tabs); any other token is a replay.
    previous_refresh_jti = models.CharField(max_length=255, blank=True, editable=False)
    rotated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} since {self.created_at:%Y-%m-%d %H:%M}"

    kind = "token"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def ends_at(self) -> datetime:
        """No refresh extends the session past this: its login plus JWT_SESSION_MAX_AGE."""
        return self.created_at + settings.JWT_SESSION_MAX_AGE


class BrowserSession(models.Model):
    """A cookie login (admin, browsable API), so the user can list and end it: the session table
    itself cannot be searched by user without decoding every row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="browser_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    kind = "browser"
    # A cookie session is not tracked per request.
    last_used_at: datetime | None = None

    def __str__(self) -> str:
        return f"{self.user} in a browser since {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self) -> datetime | None:
        """From the session store: annotated by `browser_sessions.live_browser_sessions`."""
        return getattr(self, "expire_date", None)


class SecurityEvent(models.Model):
    """Who signed in, from where, and what ended which session. Never a password or a token."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Login"
        LOGIN_FAILED = "login_failed", "Failed login"
        LOGIN_THROTTLED = "login_throttled", "Login refused by a limit"
        LOGOUT = "logout", "Logout"
        LOGOUT_ALL = "logout_all", "Logout everywhere"
        SESSION_REVOKED = "session_revoked", "Session revoked"
        REFRESH_REPLAYED = "refresh_replayed", "Refresh token replay detected"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        USER_DEACTIVATED = "user_deactivated", "User deactivated"
        VERIFICATION_SENT = "verification_sent", "Verification mail asked for"
        EMAIL_VERIFIED = "email_verified", "Email verified"
        PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset asked for"
        PASSWORD_RESET = "password_reset", "Password reset"
        EMAIL_CHANGE_REQUESTED = "email_change_requested", "Email change asked for"
        EMAIL_CHANGED = "email_changed", "Email changed"
        ACCOUNT_DELETED = "account_deleted", "Account deleted"

    class Actor(models.TextChoices):
        USER = "user", "The user"
        ADMIN = "admin", "An admin"
        COMMAND = "command", "A management command"
        SYSTEM = "system", "The server"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Kept when the user is deleted: the log outlives the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
    )
    email = models.CharField(max_length=254, blank=True, help_text="The email tried or used.")
    # The session's id (token or browser); not a foreign key, since sessions are deleted.
    session_id = models.UUIDField(null=True, blank=True)
    actor = models.CharField(max_length=16, choices=Actor.choices, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="accounts_event_user_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"
