"""Project-wide views: JSON error pages for the API."""

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from config.exceptions import DATABASE_ERRORS, UNAVAILABLE_HEADERS, database_unavailable

JSON_PREFIXES = ("/api/", "/health/")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(JSON_PREFIXES)


# Exempt: nothing here changes anything, and a CSRF check would answer an unknown URL that a
# Bearer client sends a POST or DELETE to with Django's HTML 403 page instead of this 404.
@csrf_exempt
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Answer unknown URLs under /api/ with JSON; debug mode skips handler404, this does not."""
    return JsonResponse({"detail": "Not found."}, status=404)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """A JSON 500 under the API; a JSON 503 when it is the database that failed (in a middleware,
    say, where no view's exception handling could catch it)."""
    if wants_json(request):
        exc = sys.exc_info()[1]
        if isinstance(exc, DATABASE_ERRORS):
            return JsonResponse(database_unavailable(exc), status=503, headers=UNAVAILABLE_HEADERS)
        return JsonResponse({"detail": "Internal server error."}, status=500)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return JsonResponse(
            {"detail": "You do not have permission to perform this action."}, status=403
        )
    return defaults.permission_denied(request, exception)
