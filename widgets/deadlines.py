"""Time rules of a deadline: it passes at the end of its day in the project's TIME_ZONE."""

import math
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# Tried in order; the first is ISO 8601, the others are the forms people type.
DEADLINE_FORMATS = (
    ("YYYY-MM-DD", "%Y-%m-%d"),
    ("MM/DD/YYYY", "%m/%d/%Y"),
    ("MM/DD/YY", "%m/%d/%y"),
    ("Mon DD YYYY", "%b %d %Y"),
)
# Longer than any accepted form: no need to hand it to the parser.
MAX_DEADLINE_LENGTH = 20


def today(now: datetime | None = None) -> date:
    """The date in TIME_ZONE now (or at `now`), whatever time zone a request activated."""
    return timezone.localdate(now, timezone=timezone.get_default_timezone())


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in TIME_ZONE, when a deadline on `day` has passed."""
    next_day = day + timedelta(days=1)
    return datetime.combine(next_day, time.min, tzinfo=timezone.get_default_timezone())


def has_passed(day: date, today: date) -> bool:
    """True once the deadline's day has ended in TIME_ZONE: it lies before today."""
    return day < today


def time_remaining(day: date, now: datetime) -> str:
    """'3 days 4 hours 5 minutes' until the end of the deadline day, or 'No time remaining'."""
    return format_time_remaining(end_of_day(day) - now)


def parse_deadline(text: str) -> date | None:
    """The date in one of DEADLINE_FORMATS, or None."""
    text = text.strip()
    if len(text) > MAX_DEADLINE_LENGTH:
        return None
    for _label, pattern in DEADLINE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def format_time_remaining(remaining: timedelta) -> str:
    """'3 days 4 hours 5 minutes', zero parts left out, rounded up to a whole minute."""
    if remaining <= timedelta(0):
        return "No time remaining"
    minutes = math.ceil(remaining.total_seconds() / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    return " ".join(plural(count, unit) for count, unit in parts if count)
