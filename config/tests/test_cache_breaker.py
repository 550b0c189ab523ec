"""The breaker: one failure opens it for the retry interval, one call then tries Redis again,
and an outage logs one WARNING and one INFO however many calls it spans."""

import logging

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from config.cache import breaker as breaker_module
from config.cache.breaker import Breaker


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_failure_skips_redis_for_the_retry_interval_then_lets_one_call_try_it() -> None:
    clock = Clock()
    breaker = Breaker(retry_interval=5, clock=clock)
    assert breaker.allows()

    breaker.open(RedisConnectionError())
    clock.now += 4.9
    assert not breaker.allows()
    clock.now += 0.1
    assert breaker.allows()
    assert not breaker.allows()  # the others wait for that call's answer

    breaker.open(RedisConnectionError())  # still down: another interval
    clock.now += 4.9
    assert not breaker.allows()
    clock.now += 0.1
    assert breaker.allows()
    breaker.close()
    assert all(breaker.allows() for _ in range(3))


def test_an_outage_is_one_warning_and_one_info_line(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="config.cache.breaker")
    breaker = Breaker(retry_interval=0)

    breaker.close()
    for _ in range(3):
        breaker.open(RedisConnectionError())
    for _ in range(3):
        breaker.close()

    assert [(r.levelname, r.getMessage()[:26]) for r in caplog.records] == [
        ("WARNING", "Shared cache unreachable ("),
        ("INFO", "Shared cache reachable aga"),
    ]


def test_keys_dropped_in_an_outage_are_remembered_once_each_up_to_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(breaker_module, "MAX_STALE_KEYS", 2)
    breaker = Breaker(retry_interval=0)

    for key in ["a", "a", "b", "c"]:
        breaker.remember(key, None)
    assert breaker.stale_keys() == [("a", None), ("b", None)]

    breaker.forget([("a", None)])
    assert breaker.stale_keys() == [("b", None)]
