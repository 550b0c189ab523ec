"""Settings for the Widgets API, read from the environment (12-factor).

Every variable is documented in `.env.example` and in the README's "Configuration" table.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url  # type: ignore[import-untyped]  # ships no type hints
from django.core.exceptions import ImproperlyConfigured

from config.cache import local_caches, redis_caches
from config.env import load_env_file
from config.log_format import json_formatter

BASE_DIR = Path(__file__).resolve().parent.parent

# Before any variable is read: `.env`, when present, fills in what the environment leaves unset.
load_env_file()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (debug mode only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    # Before the blacklist app, so accounts' `flushexpiredtokens` (which also drops sessions) wins.
    "accounts",
    "rest_framework_simplejwt.token_blacklist",
    "widgets",
]

MIDDLEWARE = [
    # First, so every answer (redirects and errors included) is logged with its request id.
    "config.middleware.RequestLogMiddleware",
    # Before anything that may answer (redirects, static files), as django-cors-headers asks.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A login page refused by the login limits answers 429 (accounts/backends.py).
    "accounts.middleware.LoginThrottledMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project overrides of library templates (the offline Redoc page).
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project root unless DATABASE_URL names another one (empty, as in a
# copy of .env.example, names none).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A DATABASE_URL of postgres:// runs on this project's backend, config/postgresql: Django's
    # own with one public method overridden, is_usable(), so that the health check before each
    # request's first query polls the socket instead of sending SELECT 1 to the server.
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    # A runaway query or an unreachable server must not hold a worker past the router's timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 3),
            "options": f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 5000)}",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # While Redis is unreachable the API keeps answering: caches miss, limits count in each
    # process (config/cache/). Each call waits at most these milliseconds for it, and a process
    # that found it unreachable tries it again after REDIS_RETRY_INTERVAL seconds.
    CACHES = redis_caches(
        REDIS_URL,
        key_prefix=os.environ.get("CACHE_KEY_PREFIX", "widgets-api"),
        connect_timeout=env_int("REDIS_CONNECT_TIMEOUT_MS", 300) / 1000,
        socket_timeout=env_int("REDIS_SOCKET_TIMEOUT_MS", 300) / 1000,
        retry_interval=env_int("REDIS_RETRY_INTERVAL", 5),
    )
else:
    CACHES = local_caches()
# Widget reads (rows and counts, widgets/selectors.py) are cached only in a cache every process
# shares; writes through the ORM show in the next read, others within this many seconds.
WIDGETS_CACHE_SECONDS = 60 if REDIS_URL else 0
# The session each authenticated request checks is cached too (accounts/session_cache.py), only
# in a shared cache: every revocation and every change to a session or its user makes the next
# request in every process read it from the database again; an unchanged copy lives this long.
ACCOUNTS_SESSION_CACHE_SECONDS = 60 if REDIS_URL else 0

AUTH_USER_MODEL = "accounts.User"
# Every password check (API login, admin and browsable API login, password change) goes through
# this backend, which counts failures against the login limits (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
# accounts.User.email is unique through a constraint on Lower("email"), which these checks
# cannot see.
SILENCED_SYSTEM_CHECKS = ["auth.E003", "auth.W004"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Account mails (accounts/mail.py) are sent by a background worker (`manage.py db_worker`), from
# jobs stored in the database: no extra service, and a mail queued in a rolled-back request is
# never sent.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# SMTP from EMAIL_URL (smtp://user:password@host:587/?tls=True). Without it, debug prints each mail
# where the worker runs, so every flow can be followed on the first day; production needs it.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
EMAIL_CONFIG = dj_email_url.parse(EMAIL_URL) if EMAIL_URL else {}
EMAIL_BACKEND = EMAIL_CONFIG.get(
    "EMAIL_BACKEND",
    f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend",
)
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
# A mail server that accepts the connection and then hangs must not hold the worker for ever.
EMAIL_TIMEOUT = EMAIL_CONFIG.get("EMAIL_TIMEOUT") or 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Named in the subject of every mail.
SITE_NAME = os.environ.get("SITE_NAME", "Widgets API")
# Seconds a password reset, verification or email change link stays valid.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
# "optional": unverified accounts work as verified ones; "mandatory": they cannot log in.
ACCOUNTS_EMAIL_VERIFICATION = os.environ.get("ACCOUNTS_EMAIL_VERIFICATION", "optional").lower()
if ACCOUNTS_EMAIL_VERIFICATION not in {"optional", "mandatory"}:
    raise ImproperlyConfigured(
        "ACCOUNTS_EMAIL_VERIFICATION must be 'optional' or 'mandatory', "
        f"got {ACCOUNTS_EMAIL_VERIFICATION!r}."
    )
# Where mail links go: {ACCOUNTS_FRONTEND_URL}/reset-password?uid=...&token=... and so on; unset,
# to this project's own pages under /accounts/.
ACCOUNTS_FRONTEND_URL = os.environ.get("ACCOUNTS_FRONTEND_URL", "").rstrip("/")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Every path answers with and without its trailing slash, so no redirect is ever needed.
APPEND_SLASH = False

# API bodies are well under 1 KiB and admin forms a few KiB; anything larger is refused (413).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# Production hardening: on whenever debug is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Probes may call the process directly over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# CORS (django-cors-headers): browser apps served from these origins (https://app.example.com)
# may call the API with a Bearer token; none by default. No cookies cross origins, so the
# session-authenticated pages (admin, browsable API) stay same-origin.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
# Response headers such an app may read: page links, a created widget's URL, when to retry,
# and the id to quote in a bug report.
CORS_EXPOSE_HEADERS = ["Link", "Location", "Retry-After", "X-Request-ID"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: its Bearer challenge makes anonymous API requests 401, not 403.
        "accounts.authentication.SessionJWTAuthentication",
        # After JWT, so the browsable API can sign in with a session; CSRF is enforced for it.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        # DRF's, with over-deep and non-Unicode JSON answered by a 400, not a 500, and a form
        # body that does not parse by a 400, not an empty form.
        "config.parsers.JSONParser",
        "config.parsers.FormParser",
        "config.parsers.MultiPartParser",
    ],
    # drf-spectacular's, plus the error answers (401, 403, 429, ...) each view can give.
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # How many proxy hops in front of us append to X-Forwarded-For; the platform's router is one.
    "NUM_PROXIES": env_int("NUM_PROXIES", 1),
    # Counted in the `limits` cache (accounts.throttles); "10/15m" is 10 per 15 minutes.
    "DEFAULT_THROTTLE_RATES": {
        "login_email": os.environ.get("THROTTLE_LOGIN_EMAIL", "10/15m"),
        "login_ip": os.environ.get("THROTTLE_LOGIN_IP", "50/15m"),
        "register": os.environ.get("THROTTLE_REGISTER", "20/h"),
        "refresh": os.environ.get("THROTTLE_REFRESH", "60/m"),
        # Requests that queue a mail (password reset, verification, email change), per address
        # and per client IP; and attempts at a mailed link's token, per client IP.
        "mail_email": os.environ.get("THROTTLE_MAIL_EMAIL", "5/h"),
        "mail_ip": os.environ.get("THROTTLE_MAIL_IP", "30/h"),
        "link_ip": os.environ.get("THROTTLE_LINK_IP", "30/15m"),
    },
}

# Only what simplejwt's token classes and our own code read: login, refresh (with rotation and
# the blacklist), the user lookup and the token class checked on each request are accounts'
# own (tokens.py, services.py, authentication.py), so simplejwt's keys for its views and
# serializers (ROTATE_REFRESH_TOKENS, BLACKLIST_AFTER_ROTATION, UPDATE_LAST_LOGIN, USER_ID_FIELD,
# AUTH_TOKEN_CLASSES) would have no effect here.
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env_int("JWT_ACCESS_TOKEN_LIFETIME", 900)),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=env_int("JWT_REFRESH_TOKEN_LIFETIME", 7 * 86400)),
    "ALGORITHM": "HS256",
    "SIGNING_KEY": os.environ.get("JWT_SIGNING_KEY") or SECRET_KEY,
    # PyJWT rejects tokens without `iss` or `aud` when these are set, so they must never be empty.
    "ISSUER": os.environ.get("JWT_ISSUER") or "widgets-api",
    "AUDIENCE": os.environ.get("JWT_AUDIENCE") or "widgets-api",
    # The user's public UUID (tokens.py); every token also names its session (`sid`).
    "USER_ID_CLAIM": "sub",
    "AUTH_HEADER_TYPES": ("Bearer",),
}


def env_seconds(name: str, default: int, minimum: int) -> timedelta:
    seconds = env_int(name, default)
    if seconds < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {seconds}.")
    return timedelta(seconds=seconds)


# No refresh extends a session past its login plus this age (accounts.tokens).
JWT_SESSION_MAX_AGE = env_seconds("JWT_SESSION_MAX_AGE", 30 * 86400, minimum=1)
# A refresh token presented again this soon after its exchange gets the token the exchange
# issued, instead of counting as a replay (two tabs, a retried request); 0 turns this off.
JWT_REFRESH_REUSE_INTERVAL = env_seconds("JWT_REFRESH_REUSE_INTERVAL", 10, minimum=0)
# `flushexpiredtokens` deletes security events older than this.
SECURITY_EVENT_RETENTION_DAYS = env_int("SECURITY_EVENT_RETENTION_DAYS", 90)

SPECTACULAR_SETTINGS = {
    "TITLE": "Widgets API",
    "DESCRIPTION": (
        "A REST API for widgets, with JWT authentication.\n\n"
        "Register or log in under `auth`, then send the access token as "
        "`Authorization: Bearer <access>` (in Swagger UI: **Authorize**). Anyone signed in reads "
        'widgets; only admins write them. Errors are JSON: `{"detail": ...}`, or for invalid '
        "input an object naming each field (or query parameter) with its messages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs are public, and a stale token in the browser must not make the schema a 401.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Only the Bearer scheme is documented: Swagger UI's Authorize then offers the one box an
    # access token goes in. The browser session (also accepted) comes from logging in to the
    # admin or the browsable API, never from a pasted value.
    "AUTHENTICATION_WHITELIST": ["accounts.authentication.SessionJWTAuthentication"],
    "COMPONENT_SPLIT_REQUEST": True,
    "TAGS": [
        {"name": "auth", "description": "Accounts, tokens and sessions."},
        {"name": "widgets", "description": "Widgets: anyone signed in reads, admins write."},
    ],
    # Served from our own static files (drf-spectacular-sidecar): the docs work offline, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {
        "persistAuthorization": True,
        "deepLinking": True,
        "displayRequestDuration": True,
        "filter": True,
        # No badge from validator.swagger.io: it would send the schema's URL to a third party.
        "validatorUrl": None,
    },
}

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
# One line per record on stdout: JSON in production, text in debug. Every line carries the id of
# the request it belongs to; config.middleware.RequestLogMiddleware logs one line per request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.request_id.RequestIdFilter"},
        "client_error": {"()": "config.log_levels.ClientErrorFilter"},
    },
    "formatters": {
        "json": json_formatter(),
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "text" if DEBUG else "json",
        },
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # The request line already reports 4xx answers; Django would log them a second time.
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # runserver's own access log repeats the request line too.
        "django.server": {"handlers": ["null"], "propagate": False},
        # A foreign Host header is the client's error (a 400): a WARNING, with no traceback.
        "django.security.DisallowedHost": {
            "handlers": ["stdout"],
            "filters": ["client_error"],
            "propagate": False,
        },
    },
}
