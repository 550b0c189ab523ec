"""The current request's id, shared with every log line emitted while the request is served."""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
# Read from META: `request.headers` would copy every header for this one on every request.
META_KEY = "HTTP_X_REQUEST_ID"
# The router's ids (UUIDs) and most tracing ids fit; anything else could forge log lines.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


def request_id_from(incoming: str | None) -> str:
    """Keep a caller's id when it is sane, so one id follows a request across services."""
    if incoming and SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Stamp each record with the id of the request being served (None outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
