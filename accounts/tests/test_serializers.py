"""The user serializers build their representation by hand; DRF's fields must agree with it."""

from datetime import UTC, datetime

import pytest
from rest_framework import serializers

from accounts.models import User
from accounts.serializers import CurrentUserSerializer, UserSerializer

from .factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def by_fields(serializer: serializers.Serializer, user: User) -> dict[str, object]:
    """What DRF's generic representation makes of the declared fields."""
    return dict(serializers.Serializer.to_representation(serializer, user))


@pytest.mark.parametrize("factory", [UserFactory, AdminFactory])
def test_the_user_representation_is_what_its_declared_fields_give(
    factory: type[UserFactory],
) -> None:
    user = factory.create(date_joined=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC))
    serializer = UserSerializer(user)

    assert serializer.data == by_fields(serializer, user)
    assert serializer.data["registered_on"] == "2026-01-02T03:04:05.678901Z"


@pytest.mark.parametrize("expires_in", [None, 0, 899])
def test_the_current_user_representation_is_what_its_declared_fields_give(
    expires_in: int | None,
) -> None:
    user = UserFactory.create()
    serializer = CurrentUserSerializer(user, context={"token_expires_in": expires_in})

    assert serializer.data == by_fields(serializer, user)
    assert list(serializer.data) == list(serializer.fields)
