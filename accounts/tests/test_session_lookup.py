import uuid
from datetime import timedelta

import pytest
from django.db.models import Model
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import Session
from accounts.session_lookup import session_with_user

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def field_values(instance: Model) -> dict[str, object]:
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def test_the_lookup_gives_the_objects_the_orm_gives() -> None:
    created = SessionFactory.create(
        revoked_at=timezone.now() - timedelta(minutes=5), ip_address="192.0.2.7"
    )
    expected = Session.objects.select_related("user").get(pk=created.pk)

    session = session_with_user(str(created.pk))

    assert session is not None
    # Equal values of equal types: UUIDs, aware datetimes and booleans, not the database's text.
    assert field_values(session) == field_values(expected)
    assert {k: type(v) for k, v in field_values(session).items()} == {
        k: type(v) for k, v in field_values(expected).items()
    }
    assert field_values(session.user) == field_values(expected.user)
    assert session.user_id == expected.user.pk
    assert session._state.adding is False
    assert session.user._state.adding is False


def test_an_unknown_session_id_finds_nothing() -> None:
    SessionFactory()

    assert session_with_user(uuid.uuid4()) is None


def test_the_lookup_is_one_query(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    session = SessionFactory.create()

    with django_assert_num_queries(1):
        found = session_with_user(session.pk)
        assert found is not None
        assert found.user.email == session.user.email
