"""Reads show a row directly; that must give exactly what the write fields give a Widget."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from widgets.models import Widget
from widgets.selectors import widget_by_name
from widgets.serializers import WidgetReadSerializer, WidgetSerializer
from widgets.tests.factories import WidgetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def both_ways(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The widget as a read shows it (a row) and as a write shows it (a Widget)."""
    context = {"request": Request(APIRequestFactory().get("/"))}
    row = widget_by_name(name)
    widget = Widget.objects.with_owner().get_by_name(name)
    direct = WidgetReadSerializer(context=context).to_representation(row)
    by_fields = WidgetSerializer(context=context).to_representation(widget)
    return direct, by_fields


@pytest.mark.parametrize(
    "deadline",
    [date(2026, 5, 31), date(2026, 6, 1), date(2026, 6, 2), date(9999, 12, 30)],
    ids=["passed", "today", "tomorrow", "far"],
)
def test_a_row_is_shown_as_the_fields_show_the_widget(deadline):
    WidgetFactory(name="same", deadline=deadline)
    direct, by_fields = both_ways("same")
    assert list(direct) == list(by_fields)
    assert direct == by_fields


def test_timestamps_keep_their_microseconds_and_read_in_utc_whatever_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    WidgetFactory(name="stamped")
    stamp = datetime(2026, 6, 1, 12, 0, 0, 1234, tzinfo=UTC)
    Widget.objects.filter(name="stamped").update(created_at=stamp, updated_at=stamp)
    direct, by_fields = both_ways("stamped")
    assert direct == by_fields
    assert direct["created_at"] == "2026-06-01T12:00:00.001234Z"


def test_a_widget_whose_owner_was_deleted_shows_no_owner(admin):
    WidgetFactory(name="orphan", owner=admin)
    admin.delete()
    direct, by_fields = both_ways("orphan")
    assert direct == by_fields
    assert direct["owner"] is None
