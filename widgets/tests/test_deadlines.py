from datetime import UTC, date, datetime, timedelta

import pytest
from pytest_django import Settings

from widgets import deadlines


@pytest.mark.parametrize(
    ("remaining", "expected"),
    [
        (timedelta(days=3, hours=4, minutes=5), "3 days 4 hours 5 minutes"),
        (timedelta(days=1, hours=1, minutes=1), "1 day 1 hour 1 minute"),
        (timedelta(days=2), "2 days"),
        (timedelta(hours=2, minutes=30), "2 hours 30 minutes"),
        (timedelta(days=1, minutes=2), "1 day 2 minutes"),
        (timedelta(seconds=30), "1 minute"),
        (timedelta(minutes=59, seconds=1), "1 hour"),
        (timedelta(0), "No time remaining"),
        (timedelta(seconds=-5), "No time remaining"),
    ],
)
def test_time_remaining_reads_as_words_with_right_plurals(remaining, expected):
    assert deadlines.format_time_remaining(remaining) == expected


@pytest.mark.parametrize(
    "text", ["2026-12-31", "12/31/2026", "12/31/26", "Dec 31 2026", " 2026-12-31 "]
)
def test_every_accepted_format_parses_to_the_same_date(text):
    assert deadlines.parse_deadline(text) == date(2026, 12, 31)


@pytest.mark.parametrize(
    "text", ["", "31/12/2026", "2026-02-30", "tomorrow", "2026-12-31T00:00", "9" * 50]
)
def test_anything_else_does_not_parse(text):
    assert deadlines.parse_deadline(text) is None


def test_a_deadline_ends_at_midnight_after_its_day_in_time_zone(settings: Settings) -> None:
    settings.TIME_ZONE = "America/New_York"
    end = deadlines.end_of_day(date(2026, 6, 1))
    assert end.astimezone(UTC) == datetime(2026, 6, 2, 4, 0, tzinfo=UTC)
