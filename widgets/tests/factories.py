from datetime import timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from widgets import deadlines
from widgets.models import Widget


class UserFactory(DjangoModelFactory):
    """A user of whatever model AUTH_USER_MODEL names, signed in by email or username."""

    class Meta:
        model = get_user_model()

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    is_staff = False

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        email = kwargs.pop("email")
        user = model_class(**kwargs)
        setattr(user, model_class.USERNAME_FIELD, email)
        setattr(user, model_class.get_email_field_name(), email)
        user.set_unusable_password()
        user.save()
        return user


class AdminFactory(UserFactory):
    is_staff = True


class WidgetFactory(DjangoModelFactory):
    class Meta:
        model = Widget

    name = factory.Sequence(lambda n: f"widget-{n}")
    info_url = factory.Sequence(lambda n: f"https://example.com/widgets/{n}")
    deadline = factory.LazyFunction(lambda: deadlines.today() + timedelta(days=30))
    owner = factory.SubFactory(AdminFactory)
