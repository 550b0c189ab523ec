"""Which user fields the app shows, so that it works with any user model.

`WIDGETS_OWNER_ID_FIELD` names the user field published as the owner's `public_id`; by default
it is `public_id` when the user model has one (an id that is safe to publish) and the primary
key otherwise (django.contrib.auth's `User`). The email comes from `User.get_email_field_name()`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models


def owner_id_field() -> models.Field:
    user_model = get_user_model()
    configured = getattr(settings, "WIDGETS_OWNER_ID_FIELD", None)
    name = configured or "public_id"
    # Django's documented Model _meta API: the public way to find a field of a model (any user
    # model) by name.
    try:
        field = user_model._meta.get_field(name)
    except FieldDoesNotExist as exc:
        if configured:
            message = f"WIDGETS_OWNER_ID_FIELD: the user model has no field {name!r}."
            raise ImproperlyConfigured(message) from exc
        return user_model._meta.pk  # the same documented _meta API
    if not isinstance(field, models.Field) or field.is_relation:
        raise ImproperlyConfigured(f"WIDGETS_OWNER_ID_FIELD: {name!r} is not a plain field.")
    return field


def owner_email_field() -> str:
    return get_user_model().get_email_field_name()
