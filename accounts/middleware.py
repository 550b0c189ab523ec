"""Answers a login page whose password check a login limit refused (accounts.backends)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .throttles import LoginThrottled


class LoginThrottledMiddleware:
    """DRF answers LoginThrottled itself (a 429 with Retry-After); Django's login views (admin,
    browsable API) let it through to here, which answers with a page saying so, also a 429."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, LoginThrottled):
            return None
        minutes = max(1, round(exception.retry_after / 60))
        response = render(
            request, "accounts/login_throttled.html", {"minutes": minutes}, status=429
        )
        response["Retry-After"] = str(exception.retry_after)
        return response
