"""The API's own pages: the browsable front page at /api/v1/ and the OpenAPI document."""

from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

# Link name -> URL name. Session detail needs an id, so it is reached from the sessions list.
ENDPOINTS = {
    "register": "accounts:register",
    "login": "accounts:login",
    "refresh": "accounts:refresh",
    "logout": "accounts:logout",
    "logout-all": "accounts:logout-all",
    "sessions": "accounts:sessions",
    "events": "accounts:events",
    "user": "accounts:user",
    "password": "accounts:password",
    "widgets": "widgets:widget-list",
}


class ApiRootView(APIView):
    """The Widgets API, version 1.

    Sign in with the "Log in" link to use the forms here, or send a Bearer token from
    `auth/login/`. The OpenAPI documentation is at `/api/docs/` (Swagger UI) and `/api/redoc/`.
    """

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(
            {name: reverse(url_name, request=request) for name, url_name in ENDPOINTS.items()}
        )


class SchemaView(SpectacularAPIView):
    """The document as YAML (or JSON with `?format=json`); its errors in JSON, like every error
    under /api/, rather than in the format negotiated for the document."""

    def handle_exception(self, exc: Exception) -> Response:
        response: Response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
