"""The JSON log line, shared by Django's LOGGING and gunicorn's own logs: one object per line."""

from typing import Any


def json_formatter() -> dict[str, Any]:
    """A logging.config formatter entry (fresh each call: dictConfig consumes what it is given)."""
    return {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(message)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": True,
    }
