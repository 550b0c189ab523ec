"""The shared cache reuses one Redis client per connection pool instead of one per call."""

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.usefixtures("shared_cache")


@pytest.mark.parametrize("alias", ["default", "limits"])
def test_every_call_of_a_cache_goes_through_one_client(alias: str) -> None:
    cache = caches[alias]
    # Kept, not only their ids: a discarded client's id may be given to the next one.
    clients = [cache._cache.get_client(write=write) for write in (True, False, True)]  # type: ignore[attr-defined]

    cache.set("reused", 1)
    assert cache.incr("reused") == 2
    assert cache.get_many(["reused", "absent"]) == {"reused": 2}
    assert all(client is clients[0] for client in clients)
