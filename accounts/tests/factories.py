from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Session, User

PASSWORD = "tulip-Orbit-7-kayak"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(PASSWORD)


class AdminFactory(UserFactory):
    is_staff = True


class SessionFactory(factory.django.DjangoModelFactory):
    """A bare session row; sessions with tokens come from logging in through the API."""

    class Meta:
        model = Session

    user = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
