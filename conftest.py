"""Fixtures shared by every app's tests."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from pytest_django import Settings
from rest_framework.test import APIClient

from config.tests.servers import GunicornServers


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Settings) -> None:
    """Argon2 is slow by design; tests that measure hashing opt back in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Throttle counters and cached revocations must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


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
