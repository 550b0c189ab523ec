"""The API's exception handler: DRF's, plus a JSON 503 when the database is unreachable and a
JSON 413 for a body over `DATA_UPLOAD_MAX_MEMORY_SIZE`."""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

# What psycopg2 raises, wrapped by Django, when the server is down, unreachable or restarting.
DATABASE_ERRORS = (OperationalError, InterfaceError)
UNAVAILABLE_HEADERS = {"Retry-After": "5"}


def database_unavailable(exc: Exception) -> dict[str, str]:
    """Log an outage and return the body to answer with.

    Only the exception's class is logged: its message names hosts, users and databases.
    """
    logger.warning("Database unavailable: %s", exc.__class__.__name__)
    return {"detail": "Service temporarily unavailable"}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "payload_too_large"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # Django raises it when a parser reads the body; left alone it would be a bare 400.
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    response = exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, DATABASE_ERRORS):
        return Response(
            database_unavailable(exc),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers=UNAVAILABLE_HEADERS,
        )
    return None
