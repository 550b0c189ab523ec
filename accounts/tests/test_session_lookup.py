import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import Session

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


class RecordingRouter:
    """Sends every read to the default database, and remembers what it was asked."""

    asked: list[type] = []

    def db_for_read(self, model: type, **hints: Any) -> str:
        self.asked.append(model)
        return "default"


def test_a_live_session_is_found_with_its_user_in_one_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    session = SessionFactory.create()

    with django_assert_num_queries(1):
        found = Session.objects.live_with_user(str(session.pk))
        assert found is not None
        assert (found.pk, found.user.email) == (session.pk, session.user.email)


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now() - timedelta(minutes=5)},
        {"user__is_active": False},
    ],
    ids=["revoked", "inactive-user"],
)
def test_a_revoked_session_or_one_of_an_inactive_user_is_not_live(change: dict[str, Any]) -> None:
    session = SessionFactory.create(**change)

    assert Session.objects.live_with_user(session.pk) is None


@pytest.mark.parametrize("session_id", [uuid.uuid4(), "not-a-uuid"], ids=["unknown", "malformed"])
def test_an_unknown_or_malformed_session_id_finds_nothing(session_id: Any) -> None:
    SessionFactory()

    assert Session.objects.live_with_user(session_id) is None


def test_the_lookup_reads_from_the_database_the_routers_pick(settings: Settings) -> None:
    session = SessionFactory.create()
    settings.DATABASE_ROUTERS = [f"{__name__}.RecordingRouter"]
    RecordingRouter.asked.clear()

    assert Session.objects.live_with_user(session.pk) is not None
    assert Session in RecordingRouter.asked
