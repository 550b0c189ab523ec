"""Settings read from the environment: each case loads config/settings.py afresh."""

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTINGS_FILE = Path(settings.BASE_DIR) / "config" / "settings.py"
VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DATABASE_URL",
    "DATABASE_STATEMENT_TIMEOUT_MS",
    "DATABASE_CONNECT_TIMEOUT",
    "REDIS_URL",
    "REDIS_CONNECT_TIMEOUT_MS",
    "REDIS_SOCKET_TIMEOUT_MS",
    "REDIS_RETRY_INTERVAL",
    "JWT_SESSION_MAX_AGE",
    "JWT_REFRESH_REUSE_INTERVAL",
    "SECURITY_EVENT_RETENTION_DAYS",
    "EMAIL_URL",
    "ACCOUNTS_EMAIL_VERIFICATION",
    "PASSWORD_RESET_TIMEOUT",
    "ACCOUNTS_FRONTEND_URL",
    "CORS_ALLOWED_ORIGINS",
]
PRODUCTION = {"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_ALLOWED_HOSTS": "api.example.com"}


def load_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("fresh_settings", SETTINGS_FILE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Only what a shell needs: other tests may have put variables of their own in os.environ.
    names = ("PATH", "HOME", "LANG", "DJANGO_ENV_FILE")
    clean = {name: os.environ[name] for name in names if name in os.environ}
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_mode_without_a_secret_key_fails_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_settings(monkeypatch)


def test_manage_check_without_debug_or_secret_key_exits_non_zero_naming_the_variable() -> None:
    result = manage("check", env={})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_deploy_check_passes_with_production_like_variables() -> None:
    env = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "api.example"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr


def test_debug_mode_runs_without_a_secret_key_on_local_hosts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    debug = load_settings(monkeypatch, DJANGO_DEBUG="1")

    assert debug.DEBUG is True
    assert debug.SECRET_KEY.startswith("django-insecure-")
    assert debug.ALLOWED_HOSTS == ["localhost", "127.0.0.1", "[::1]"]
    assert not hasattr(debug, "SECURE_SSL_REDIRECT")
    assert debug.LOGGING["handlers"]["stdout"]["formatter"] == "text"


def test_production_mode_switches_the_hardening_on(monkeypatch: pytest.MonkeyPatch) -> None:
    production = load_settings(monkeypatch, **PRODUCTION)

    assert production.DEBUG is False
    assert production.ALLOWED_HOSTS == ["api.example.com"]
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS == 31536000
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert production.SECURE_HSTS_PRELOAD is True
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production.LOGGING["handlers"]["stdout"]["formatter"] == "json"


def test_the_ssl_redirect_can_be_switched_off_for_a_local_production_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production = load_settings(monkeypatch, DJANGO_SECURE_SSL_REDIRECT="0", **PRODUCTION)

    assert production.SECURE_SSL_REDIRECT is False
    assert production.SECURE_HSTS_SECONDS == 31536000


def test_a_malformed_number_fails_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECURE_HSTS_SECONDS"):
        load_settings(monkeypatch, DJANGO_SECURE_HSTS_SECONDS="a year", **PRODUCTION)


def test_session_lifetimes_default_to_thirty_days_and_ten_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = load_settings(monkeypatch, **PRODUCTION)

    lifetimes = (loaded.JWT_SESSION_MAX_AGE, loaded.JWT_REFRESH_REUSE_INTERVAL)
    assert lifetimes == (timedelta(days=30), timedelta(seconds=10))
    assert loaded.SECURITY_EVENT_RETENTION_DAYS == 90


@pytest.mark.parametrize(
    ("name", "value"), [("JWT_SESSION_MAX_AGE", "0"), ("JWT_REFRESH_REUSE_INTERVAL", "-1")]
)
def test_a_session_lifetime_below_its_minimum_fails_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=name):
        load_settings(monkeypatch, **{name: value}, **PRODUCTION)


def test_the_default_database_is_sqlite_in_the_project_root_with_health_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = load_settings(monkeypatch, **PRODUCTION).DATABASES["default"]

    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(Path(settings.BASE_DIR) / "db.sqlite3")
    assert db["CONN_HEALTH_CHECKS"] is True
    assert db["CONN_MAX_AGE"] == 600


def test_postgresql_gets_connect_and_statement_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    db = load_settings(
        monkeypatch,
        DATABASE_URL="postgres://app:pw@db.example:5432/widgets",
        DATABASE_STATEMENT_TIMEOUT_MS="2500",
        **PRODUCTION,
    ).DATABASES["default"]

    assert db["ENGINE"] == "config.postgresql"
    assert db["OPTIONS"] == {"connect_timeout": 3, "options": "-c statement_timeout=2500"}


def test_redis_url_makes_every_cache_alias_redis_with_short_timeouts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caches = load_settings(
        monkeypatch,
        REDIS_URL="redis://cache.example:6379/1",
        REDIS_SOCKET_TIMEOUT_MS="500",
        REDIS_RETRY_INTERVAL="2",
        **PRODUCTION,
    ).CACHES

    assert caches["default"]["BACKEND"] == "config.cache.backends.SharedCache"
    assert caches["limits"]["BACKEND"] == "config.cache.backends.SharedCounters"
    assert caches["readiness"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    for alias in caches.values():
        assert alias["LOCATION"] == "redis://cache.example:6379/1"
        assert alias["OPTIONS"] == {"socket_connect_timeout": 0.3, "socket_timeout": 0.5}
        assert alias["RETRY_INTERVAL"] == 2


def test_without_redis_url_every_cache_alias_is_one_local_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caches = load_settings(monkeypatch, **PRODUCTION).CACHES

    assert set(caches) == {"default", "limits", "readiness"}
    assert {alias["BACKEND"] for alias in caches.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }
    assert len({alias["LOCATION"] for alias in caches.values()}) == 1


def test_every_variable_the_settings_read_is_documented() -> None:
    sources = [
        SETTINGS_FILE,
        *(SETTINGS_FILE.with_name(name) for name in ("gunicorn.py", "env.py")),
    ]
    read = {
        name
        for source in sources
        for name in re.findall(
            r"""(?:environ\.get|env_\w+)\(\s*["']([A-Z_]+)["']""", source.read_text()
        )
    }
    example = (Path(settings.BASE_DIR) / ".env.example").read_text()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()

    assert read >= {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"}
    assert {name for name in read if f"\n{name}=" not in example} == set()
    assert {name for name in read if f"`{name}`" not in readme} == set()


def test_email_url_configures_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    mail = load_settings(
        monkeypatch, EMAIL_URL="smtp://ada:s%40cret@smtp.example.com:587/?tls=True", **PRODUCTION
    )

    assert mail.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    assert (mail.EMAIL_HOST, mail.EMAIL_PORT) == ("smtp.example.com", 587)
    assert (mail.EMAIL_HOST_USER, mail.EMAIL_HOST_PASSWORD) == ("ada", "s@cret")
    assert mail.EMAIL_USE_TLS is True
    assert mail.EMAIL_TIMEOUT == 10


def test_debug_without_email_url_prints_mail_on_the_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    debug = load_settings(monkeypatch, DJANGO_DEBUG="1")
    production = load_settings(monkeypatch, **PRODUCTION)

    assert debug.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    assert production.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"


def test_account_settings_default_to_optional_verification_and_an_hour_long_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    defaults = load_settings(monkeypatch, **PRODUCTION)

    assert defaults.ACCOUNTS_EMAIL_VERIFICATION == "optional"
    assert defaults.PASSWORD_RESET_TIMEOUT == 3600
    assert defaults.ACCOUNTS_FRONTEND_URL == ""


def test_an_unknown_verification_policy_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="ACCOUNTS_EMAIL_VERIFICATION"):
        load_settings(monkeypatch, ACCOUNTS_EMAIL_VERIFICATION="sometimes", **PRODUCTION)
