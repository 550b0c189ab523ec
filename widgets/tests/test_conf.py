"""The owner's id field is configurable, so the app fits any user model."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django_filters import rest_framework as filters

from widgets import conf
from widgets.filters import owner_filter
from widgets.models import Widget


def test_a_configured_field_is_the_owners_public_id(settings):
    settings.WIDGETS_OWNER_ID_FIELD = "email"
    assert conf.owner_id_field().name == "email"
    assert isinstance(owner_filter(), filters.CharFilter)


def test_without_configuration_public_id_is_used_or_else_the_primary_key(settings):
    user_model = get_user_model()
    expected = "public_id" if hasattr(user_model, "public_id") else user_model._meta.pk.name
    assert conf.owner_id_field().name == expected


@pytest.mark.parametrize("name", ["no_such_field", "groups"])
def test_a_configured_field_that_cannot_serve_is_a_configuration_error(settings, name):
    settings.WIDGETS_OWNER_ID_FIELD = name
    with pytest.raises(ImproperlyConfigured, match="WIDGETS_OWNER_ID_FIELD"):
        conf.owner_id_field()


def test_an_integer_id_gets_a_number_filter(settings):
    settings.WIDGETS_OWNER_ID_FIELD = "id"
    assert isinstance(owner_filter(), filters.NumberFilter)
    assert Widget._meta.get_field("owner").related_model is get_user_model()
