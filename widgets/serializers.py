"""Translate widgets to and from JSON."""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework import serializers

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


class WidgetSerializer(serializers.ModelSerializer[Widget]):
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

    @property
    def now(self) -> datetime:
        """One clock reading per response, so every widget of a page is judged at one instant."""
        if "now" not in self.context:
            self.context["now"] = timezone.now()
        return self.context["now"]

    @property
    def today(self) -> date:
        if "today" not in self.context:
            self.context["today"] = deadlines.today(self.now)
        return self.context["today"]

    @cached_property
    def per_response(self) -> tuple[datetime, date, str]:
        """`now`, `today` and the URL prefix, looked up once rather than for every widget."""
        return self.now, self.today, detail_url_prefix(self.context["request"])

    def get_deadline_passed(self, widget: Widget) -> bool:
        return deadlines.has_passed(widget.deadline, self.today)

    def get_time_remaining(self, widget: Widget) -> str:
        """'3 days 4 hours 5 minutes' until the end of the deadline day, or 'No time remaining'."""
        return deadlines.time_remaining(widget.deadline, self.now)

    def to_representation(self, instance: Widget | Row) -> dict[str, Any]:
        """A `Row` (what reads load) directly; a `Widget` (after a write) field by field.

        The same JSON either way (tests/test_representation.py), but the direct way skips
        ModelSerializer.get_fields() (0.5 ms a response) and DRF's per-field calls (0.1 ms a
        widget), most of the cost of a read.
        """
        if isinstance(instance, Widget):
            return super().to_representation(instance)
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
