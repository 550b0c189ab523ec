"""Fixtures shared by every app's tests."""

import os
import signal
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django import Settings
from rest_framework.test import APIClient

from config.tests.caches import cache_on_redis, clear_test_caches, namespaced, run_namespace
from config.tests.servers import GunicornServers
from config.tests.smtp import HOST, MailServer

WORKER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Settings) -> None:
    """Argon2 is slow by design; tests that measure hashing opt back in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def cache_namespace() -> Iterator[None]:
    """The run's cache keys carry a prefix of its own, so a shared Redis keeps everyone else's."""
    with run_namespace():
        yield
        clear_test_caches()


@pytest.fixture(autouse=True)
def empty_cache(cache_namespace: None) -> Iterator[None]:
    """Throttle counters, cached reads and cached sessions must not leak from test to test."""
    clear_test_caches()
    yield
    clear_test_caches()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def gunicorn_servers(transactional_db: None, tmp_path: Path) -> Iterator[GunicornServers]:
    """Start gunicorn servers of the project (`gunicorn_servers.start()`) on free loopback ports,
    against the test database; each is stopped after the test, whatever happens."""
    servers = GunicornServers(tmp_path)
    yield servers
    servers.stop_all()


@pytest.fixture
def mail_server(settings: Settings) -> Iterator[MailServer]:
    """A real SMTP server on loopback, which the project's SMTP settings point at."""
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = HOST, server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    server.start()
    yield server
    server.stop()


@pytest.fixture
def run_worker(transactional_db: None) -> Callable[[], None]:
    """Run `db_worker` (the Procfile's `worker`) until no queued job is due.

    The requests of a test that uses it commit (transactional_db), so their jobs are queued.
    """

    def run_worker() -> None:
        # The worker installs its own shutdown handlers; the test run keeps pytest's.
        handlers = {signum: signal.getsignal(signum) for signum in WORKER_SIGNALS}
        try:
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        finally:
            for signum, handler in handlers.items():
                signal.signal(signum, handler)

    return run_worker


@pytest.fixture
def plain_static_files(settings: Settings) -> None:
    """HTML pages link static files; only a deployment collects them into a manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def shared_cache(settings: Settings) -> Iterator[None]:
    """The cache as production has it with REDIS_URL: Redis (CI's, else the local server's),
    under a key prefix of this test's own, with widget reads and sessions cached in it."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    cache_on_redis(settings, url, key_prefix=namespaced(f"shared-{uuid.uuid4().hex}"), timeout=2)
    yield
    clear_test_caches()
