"""Translate widgets to and from JSON: reads show rows, writes go through the fields."""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnDict

from . import deadlines
from .fields import (
    DeadlineField,
    InfoUrlField,
    OwnerField,
    UTCDateTimeField,
    WidgetNameField,
    WidgetUrlField,
    detail_url_prefix,
    public_id_json,
    utc_iso,
)
from .models import Row, Widget


# One clock reading per response, so every widget of a page is judged at one instant. (A
# comment: drf-spectacular would publish a docstring as the description of every serializer.)
class ResponseClock:
    context: dict[str, Any]

    @property
    def now(self) -> datetime:
        if "now" not in self.context:
            self.context["now"] = timezone.now()
        return self.context["now"]

    @property
    def today(self) -> date:
        if "today" not in self.context:
            self.context["today"] = deadlines.today(self.now)
        return self.context["today"]


# Writes take and answer a widget through these fields; reads show the same JSON from rows
# (WidgetReadSerializer). No docstring: drf-spectacular would publish it as the schema's.
class WidgetSerializer(ResponseClock, serializers.ModelSerializer[Widget]):
    name = WidgetNameField(help_text="Unique regardless of case; kept as written.")
    info_url = InfoUrlField(help_text="An http or https URL, at most 255 characters.")
    deadline = DeadlineField()
    deadline_passed = serializers.SerializerMethodField()
    time_remaining = serializers.SerializerMethodField()
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()
    owner = OwnerField()
    url = WidgetUrlField()

    class Meta:
        model = Widget
        fields = [
            "name",
            "info_url",
            "deadline",
            "deadline_passed",
            "time_remaining",
            "created_at",
            "updated_at",
            "owner",
            "url",
        ]

    def get_deadline_passed(self, widget: Widget) -> bool:
        return deadlines.has_passed(widget.deadline, self.today)

    def get_time_remaining(self, widget: Widget) -> str:
        """'3 days 4 hours 5 minutes' until the end of the deadline day, or 'No time remaining'."""
        return deadlines.time_remaining(widget.deadline, self.now)

    def validate_deadline(self, value: date) -> date:
        unchanged = isinstance(self.instance, Widget) and value == self.instance.deadline
        today = deadlines.today()
        if not unchanged and value < today:
            raise serializers.ValidationError(
                f"The deadline was read as {value.isoformat()}, which is in the past: it must be "
                f"today ({today.isoformat()}, {timezone.get_default_timezone_name()}) or later."
            )
        return value


class WidgetUpdateSerializer(WidgetSerializer):
    """PUT and PATCH: the widget keeps its name unless the body gives a new one."""

    name = WidgetNameField(required=False, help_text="A new name renames the widget.")


class WidgetReadSerializer(ResponseClock, serializers.BaseSerializer):
    """A widget as reads show it, from the `Row` they load (see `selectors`): read-only, and the
    JSON of `WidgetSerializer` (tests/test_representation.py holds the two equal), built
    without its field machinery, which would cost more than the read itself."""

    @property
    def data(self) -> ReturnDict:
        # As Serializer.data: the browsable API finds the instance for its edit forms through it.
        return ReturnDict(super().data, serializer=self)

    @cached_property
    def per_response(self) -> tuple[datetime, date, str]:
        """`now`, `today` and the URL prefix, looked up once rather than for every widget."""
        return self.now, self.today, detail_url_prefix(self.context["request"])

    def to_representation(self, instance: Row) -> dict[str, Any]:
        now, today, url_prefix = self.per_response
        deadline = instance["deadline"]
        owner = None
        if instance["owner_id"] is not None:
            public_id = public_id_json(instance["owner_public_id"])
            owner = {"public_id": public_id, "email": instance["owner_email"]}
        return {
            "name": instance["name"],
            "info_url": instance["info_url"],
            "deadline": deadline.isoformat(),
            "deadline_passed": deadlines.has_passed(deadline, today),
            "time_remaining": deadlines.time_remaining(deadline, now),
            "created_at": utc_iso(instance["created_at"]),
            "updated_at": utc_iso(instance["updated_at"]),
            "owner": owner,
            "url": url_prefix + instance["name"],
        }
