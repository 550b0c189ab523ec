"""Test-only URLs: views that fail on purpose, in front of the project's own URLs."""

from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail that must not reach the client")


def lose_database(request: HttpRequest) -> HttpResponse:
    raise OperationalError("could not connect to server")


class LookUpUserAuthentication(BaseAuthentication):
    """Authenticates with a query, as every real authentication class does."""

    def authenticate(self, request: Request) -> None:
        get_user_model().objects.filter(pk=0).exists()


class AuthenticatedView(APIView):
    authentication_classes = [LookUpUserAuthentication]
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


class CrashingView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        if request.query_params.get("found") == "no":
            raise NotFound
        raise RuntimeError("secret detail that must not reach the client")


urlpatterns = [
    path("api/test/crash/", crash),
    path("api/test/crash-in-drf/", CrashingView.as_view()),
    path("html/crash/", crash),
    path("api/test/lose-database/", lose_database),
    path("api/test/authenticated/", AuthenticatedView.as_view()),
    *urlpatterns,
]
