"""Serializer fields that say exactly what they accept, and accept only JSON strings."""

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.request import Request
from rest_framework.reverse import reverse
from rest_framework.utils import html

from . import conf, deadlines
from .models import NAME_RULE, validate_info_url, validate_name

ACCEPTED_DEADLINES = ", ".join(
    f"{label} ({datetime.date(2026, 12, 31).strftime(pattern)})"
    for label, pattern in deadlines.DEADLINE_FORMATS
)


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers and booleans instead of turning them into text."""

    default_error_messages = {"invalid": "Must be a string."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class WidgetNameField(StrictCharField):
    default_error_messages = {
        "blank": f"This field may not be blank. {NAME_RULE}",
        "max_length": f"Ensure this field has no more than {{max_length}} characters. {NAME_RULE}",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("validators", [validate_name])
        # Refused, not trimmed: "name\n" is not a name.
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        # DRF reads an empty optional field of a form body as "not sent", so `name=` would keep
        # the old name on PUT and PATCH; it is a blank name, refused as it is in JSON.
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class InfoUrlField(StrictCharField, serializers.URLField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)
        # URLField's own validator allows ftp too; ours allows http and https only.
        self.validators = [v for v in self.validators if not isinstance(v, type(validate_info_url))]
        self.validators.append(validate_info_url)


@extend_schema_field(
    {
        "type": "string",
        "format": "date",
        "description": f"A date, today or later. Accepted formats: {ACCEPTED_DEADLINES}.",
        "example": "2026-12-31",
    }
)
class DeadlineField(serializers.Field):
    """A date in ISO 8601 or a common US form; represented as YYYY-MM-DD."""

    default_error_messages = {
        "invalid": f"Enter a date in one of these formats: {ACCEPTED_DEADLINES}.",
    }

    def to_internal_value(self, data: Any) -> datetime.date:
        parsed = deadlines.parse_deadline(data) if isinstance(data, str) else None
        if parsed is None:
            self.fail("invalid")
        return parsed

    def to_representation(self, value: datetime.date) -> str:
        return value.isoformat()


class UTCDateTimeField(serializers.DateTimeField):
    """ISO 8601 in UTC with a `Z`, whatever TIME_ZONE and DRF's DATETIME_FORMAT are."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(format=ISO_8601, default_timezone=datetime.UTC, **kwargs)


def utc_iso(value: datetime.datetime) -> str:
    """What UTCDateTimeField shows for an aware datetime (USE_TZ is on: `deadlines` needs it)."""
    return value.astimezone(datetime.UTC).isoformat().removesuffix("+00:00") + "Z"


def owner_schema() -> dict[str, Any]:
    id_type = {
        "UUIDField": {"type": "string", "format": "uuid"},
        "AutoField": {"type": "integer"},
        "BigAutoField": {"type": "integer"},
        "IntegerField": {"type": "integer"},
    }.get(conf.owner_id_field().get_internal_type(), {"type": "string"})
    return {
        "type": "object",
        "nullable": True,
        "readOnly": True,
        "description": "The admin who created the widget; null once that user is deleted.",
        "properties": {"public_id": id_type, "email": {"type": "string", "format": "email"}},
        "required": ["public_id", "email"],
    }


DETAIL_VIEW = "widgets:widget-detail"
NAME_PLACEHOLDER = "widget-name-placeholder"


def detail_url_prefix(request: Request) -> str:
    """Any widget's absolute URL is this plus its name: one `reverse()` per response.

    The detail route ends with the name, and a name needs no escaping in a path (letters,
    digits, "-" and "_"). The app's routes have no format suffixes, so no format changes it.
    """
    url = reverse(DETAIL_VIEW, kwargs={"name": NAME_PLACEHOLDER}, request=request)
    return url.removesuffix(NAME_PLACEHOLDER)


class WidgetUrlField(serializers.HyperlinkedIdentityField):
    """The widget's absolute URL (see `detail_url_prefix`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(view_name=DETAIL_VIEW, lookup_field="name", **kwargs)

    def get_url(self, obj: Any, view_name: str, request: Any, format: str | None) -> str:
        return detail_url_prefix(request) + obj.name


def public_id_json(value: Any) -> int | str:
    """An owner's public id as JSON shows it: integers as numbers, anything else (UUID) as text."""
    return value if isinstance(value, int) else str(value)


@extend_schema_field(owner_schema())
class OwnerField(serializers.Field):
    """The owner as {"public_id", "email"}, read from the fields `conf` names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self.id_field = conf.owner_id_field().attname
        self.email_field = conf.owner_email_field()

    def get_attribute(self, instance: Any) -> Any:
        return instance.owner

    def to_representation(self, value: Any) -> dict[str, Any] | None:
        return {
            "public_id": public_id_json(getattr(value, self.id_field)),
            "email": getattr(value, self.email_field),
        }
