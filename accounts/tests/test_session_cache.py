"""A cached session answers while nothing changed; every revocation and change ends it at once."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from accounts import services, session_cache
from accounts.events import Actor
from accounts.models import Session, User

from .conftest import Tokens

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]
Bearer = Callable[[str], APIClient]


def reads_user(client: APIClient) -> int:
    return int(client.get(reverse("accounts:user")).status_code)


@pytest.fixture
def client(tokens: Tokens, bearer: Bearer) -> APIClient:
    """A client whose session is in the cache."""
    client = bearer(tokens["access"])
    assert reads_user(client) == 200
    assert reads_user(client) == 200
    return client


def test_a_cached_session_is_checked_without_a_query(
    client: APIClient, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        assert reads_user(client) == 200


def test_a_revocation_applies_to_the_next_request(client: APIClient) -> None:
    assert client.post(reverse("accounts:logout")).status_code == 204
    assert reads_user(client) == 401


@pytest.mark.parametrize(
    "change",
    [
        lambda user: services.deactivate_user(user, actor=Actor.ADMIN),
        lambda user: services.revoke_sessions(user, actor=Actor.ADMIN),
        lambda user: user.delete(),
        lambda user: (
            Session.objects.filter(user=user).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            )
            and call_command("flushexpiredtokens", verbosity=0)
        ),
    ],
    ids=["deactivated", "all-revoked", "user-deleted", "expired-and-flushed"],
)
def test_every_path_that_ends_a_session_ends_its_cached_copy(
    client: APIClient, user: User, change: Callable[[User], Any]
) -> None:
    change(user)
    assert reads_user(client) == 401


def test_a_demotion_applies_to_the_next_request(
    admin: User, login: Callable[..., Tokens], bearer: Bearer
) -> None:
    client = bearer(login(admin)["access"])
    assert client.get(reverse("accounts:user")).json()["admin"] is True
    admin.is_staff = False
    admin.save()
    assert client.get(reverse("accounts:user")).json()["admin"] is False


def test_a_copy_stored_under_a_replaced_version_is_never_served(client: APIClient) -> None:
    session = Session.objects.get()
    # A reader that read the session while it was live, and stored it after the revocation
    # replaced the version: its copy carries the old version.
    stale = Session.objects.live_with_user(session.pk)
    services.revoke_sessions(session.user, actor=Actor.USER, session=session)
    cache.set(session_cache.entry_key(session.pk), (uuid.uuid4().hex, stale), 60)
    assert reads_user(client) == 401


def test_a_revoked_session_is_never_stored(client: APIClient) -> None:
    session = Session.objects.get()
    services.revoke_sessions(session.user, actor=Actor.USER, session=session)
    assert session_cache.live_session(str(session.pk)) is None
    entry = cache.get(session_cache.entry_key(session.pk))
    assert entry is None or entry[0] != cache.get(session_cache.version_key(session.pk))


class BrokenCache:
    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("cache down")

    add = set = set_many = get_many


def test_with_the_cache_down_the_database_answers_and_revokes(
    tokens: Tokens, bearer: Bearer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_cache, "cache", BrokenCache())
    client = bearer(tokens["access"])
    assert reads_user(client) == 200
    assert client.post(reverse("accounts:logout")).status_code == 204
    assert reads_user(client) == 401
