"""The test run shares a Redis with others without touching their keys."""

import os
import uuid

import pytest
import redis
from django.core.cache import cache, caches
from django.test import override_settings

from config.tests.caches import RUN_PREFIX, clear_test_caches, namespaced

# CI exports REDIS_URL; locally the default server (only keys of this test are written).
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def shared_redis() -> str:
    return os.environ.get("REDIS_URL") or LOCAL_REDIS


def test_clearing_the_test_caches_keeps_keys_someone_else_wrote_to_the_same_redis(
    shared_redis: str,
) -> None:
    someone_else = redis.Redis.from_url(shared_redis)
    theirs = f"widgets-api:1:someone-else-{uuid.uuid4().hex}"
    someone_else.set(theirs, "kept", ex=60)
    redis_caches = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": shared_redis,
            "KEY_PREFIX": namespaced(alias),
        }
        for alias in ("default", "second")
    }
    try:
        with override_settings(CACHES=redis_caches):
            cache.set("ours", 1)
            caches["second"].set("ours", 2)

            clear_test_caches()

            assert cache.get("ours") is None
            assert caches["second"].get("ours") is None
        assert someone_else.get(theirs) == b"kept"
    finally:
        someone_else.delete(theirs)


def test_every_cache_of_the_run_writes_under_the_run_prefix() -> None:
    assert cache.make_key("probe").startswith(f"{RUN_PREFIX}:")
    assert os.environ["CACHE_KEY_PREFIX"].startswith(f"{RUN_PREFIX}:")


def test_a_cache_on_a_redis_that_is_down_has_nothing_to_clear() -> None:
    down = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }

    with override_settings(CACHES={"default": down}):
        clear_test_caches()
