"""Middleware for operations: request ids with one log line per request, JSON 503 on DB outages."""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import LazyObject

from config.exceptions import DATABASE_ERRORS, UNAVAILABLE_HEADERS, database_unavailable
from config.request_id import HEADER, META_KEY, current_request_id, request_id_from
from config.views import wants_json

logger = logging.getLogger("config.request")


def user_public_id(request: HttpRequest) -> str | None:
    """The public id of the user the request was authenticated as, if anything authenticated it:
    a Bearer token (DRF sets `request.user`) or a browser session (admin, browsable API).

    A still-lazy `request.user` is left alone: resolving it would cost a query (and fail during
    a database outage) just to write a log line.
    """
    user = vars(request).get("user")
    if isinstance(user, LazyObject):
        # AuthenticationMiddleware's lazy session user. Django has no public way to ask whether
        # it was resolved; once it is, django.contrib.auth.middleware.get_user keeps the user
        # on the request as `_cached_user`, which is read here instead of resolving it.
        user = vars(request).get("_cached_user")
    if user is None:
        return None
    public_id = getattr(user, "public_id", None)
    return str(public_id) if public_id is not None else None


class RequestLogMiddleware:
    """Give each request an id (`X-Request-ID`) and log it once: method, path, status, duration.

    The path is logged without its query string, and nothing of the headers or the body is:
    they carry passwords and tokens.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.META.get(META_KEY))
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[HEADER] = request_id
            logger.info(
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user": user_public_id(request),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class DatabaseUnavailableMiddleware:
    """Answer a JSON 503 instead of a 500 when a view under /api/ or /health/ loses the database.

    DRF views get the same answer from `config.exceptions`; this covers the rest.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, DATABASE_ERRORS) and wants_json(request)):
            return None
        return JsonResponse(
            database_unavailable(exception), status=503, headers=UNAVAILABLE_HEADERS
        )
