"""Translate widgets to and from JSON."""

from datetime import date, datetime

from django.utils import timezone
from rest_framework import serializers

from . import deadlines
from .fields import (
    DeadlineField,
    InfoUrlField,
    OwnerField,
    UTCDateTimeField,
    WidgetNameField,
    WidgetUrlField,
)
from .models import Widget


class WidgetSerializer(serializers.ModelSerializer[Widget]):
    name = WidgetNameField(help_text="Unique regardless of case; kept as written.")
    info_url = InfoUrlField(help_text="An http or https URL, at most 255 characters.")
    deadline = DeadlineField()
    deadline_passed = serializers.SerializerMethodField()
    time_remaining = serializers.SerializerMethodField()
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()
    owner = OwnerField()
    url = WidgetUrlField(view_name="widgets:widget-detail", lookup_field="name")

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

    def get_deadline_passed(self, widget: Widget) -> bool:
        return widget.deadline_passed(self.today)

    def get_time_remaining(self, widget: Widget) -> str:
        """'3 days 4 hours 5 minutes' until the end of the deadline day, or 'No time remaining'."""
        return widget.time_remaining(self.now)

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
