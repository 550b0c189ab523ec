"""The error answers config.schema.AutoSchema documents, decided from what each view declares."""

from typing import Any

import pytest
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import AllowAny, BasePermission, IsAdminUser, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework_simplejwt.authentication import JWTAuthentication


class ProjectJWTAuthentication(JWTAuthentication):
    """Stands for the project's own subclass of simplejwt's class."""


class SignupThrottle(AnonRateThrottle):
    rate = "5/min"


class ThingSerializer(serializers.Serializer):
    name = serializers.CharField()


class ThingView(generics.GenericAPIView):
    serializer_class = ThingSerializer
    authentication_classes = [ProjectJWTAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"name": "x"})

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"name": "x"})


class PublicSignupView(ThingView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [SignupThrottle]


class AdminThingView(ThingView):
    permission_classes = [IsAdminUser]


class ThingDetailView(ThingView):
    http_method_names = ["get", "delete"]

    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(status=204)


class NobodyAuthentication(BaseAuthentication):
    """Like a public endpoint's authenticator: never refuses credentials, only names the scheme."""

    def authenticate(self, request: Request) -> None:
        return None

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


class LoginView(PublicSignupView):
    authentication_classes = [NobodyAuthentication]
    throttle_classes = []

    @extend_schema(responses={200: ThingSerializer, 401: OpenApiResponse(description="Wrong.")})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"name": "x"})


class OwnerOnly(BasePermission):
    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return bool(obj.owner == request.user)


class NeedsModelPermissions(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("things.view_thing"))


class OwnedThingView(ThingDetailView):
    permission_classes = [IsAuthenticated, OwnerOnly]


class PermissionThingView(ThingView):
    permission_classes = [NeedsModelPermissions]


class ConflictView(ThingView):
    @extend_schema(responses={201: ThingSerializer, 409: OpenApiResponse(description="Taken.")})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"name": "x"}, status=201)


urlpatterns = [
    path("api/v1/things/", ThingView.as_view()),
    path("api/v1/signup/", PublicSignupView.as_view()),
    path("api/v1/admin-things/", AdminThingView.as_view()),
    path("api/v1/things/<str:name>/", ThingDetailView.as_view()),
    path("api/v1/conflicts/", ConflictView.as_view()),
    path("api/v1/login/", LoginView.as_view()),
    path("api/v1/owned/<str:name>/", OwnedThingView.as_view()),
    path("api/v1/permission-things/", PermissionThingView.as_view()),
]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The test views' document, every authenticator they declare in it: the project's
    AUTHENTICATION_WHITELIST (its own classes) would leave theirs out."""
    with patched_settings({"AUTHENTICATION_WHITELIST": None}):
        return SchemaGenerator(patterns=urlpatterns).get_schema(request=None, public=True)


def statuses(schema: dict[str, Any], path: str, method: str) -> set[str]:
    return set(schema["paths"][path][method]["responses"])


def test_a_public_endpoint_without_authenticators_answers_no_401_or_403(
    schema: dict[str, Any],
) -> None:
    assert statuses(schema, "/api/v1/signup/", "post") == {"200", "400", "415", "429", "503"}


def test_a_read_that_needs_a_token_answers_401_but_no_400_403_or_404(
    schema: dict[str, Any],
) -> None:
    assert statuses(schema, "/api/v1/things/", "get") == {"200", "401", "503"}


def test_a_write_with_session_auth_can_be_refused_for_csrf(
    schema: dict[str, Any],
) -> None:
    assert statuses(schema, "/api/v1/things/", "post") == {"200", "400", "401", "403", "415", "503"}


def test_an_admin_only_read_answers_403_to_other_users(schema: dict[str, Any]) -> None:
    assert "403" in statuses(schema, "/api/v1/admin-things/", "get")


def test_a_detail_path_answers_404_and_its_read_has_no_400(schema: dict[str, Any]) -> None:
    assert statuses(schema, "/api/v1/things/{name}/", "get") == {"200", "401", "404", "503"}
    assert "404" in statuses(schema, "/api/v1/things/{name}/", "delete")


def test_a_response_the_view_documents_itself_is_kept(schema: dict[str, Any]) -> None:
    responses = schema["paths"]["/api/v1/conflicts/"]["post"]["responses"]

    assert responses["409"]["description"] == "Taken."
    assert "400" in responses


def test_error_bodies_and_headers_are_described(schema: dict[str, Any]) -> None:
    responses = schema["paths"]["/api/v1/things/"]["post"]["responses"]
    signup = schema["paths"]["/api/v1/signup/"]["post"]["responses"]
    schemas = schema["components"]["schemas"]

    assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True
    assert responses["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert responses["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    assert signup["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer"
    assert schemas["Error"]["required"] == ["detail"]
    assert schemas["ValidationError"]["additionalProperties"]["type"] == "array"


def test_a_subclass_of_simplejwt_authentication_is_bearer_jwt(
    schema: dict[str, Any],
) -> None:
    assert schema["components"]["securitySchemes"]["jwtAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    assert {"jwtAuth": []} in schema["paths"]["/api/v1/things/"]["get"]["security"]


def test_an_error_a_view_lists_without_a_body_gets_the_standard_body_and_headers(
    schema: dict[str, Any],
) -> None:
    responses = schema["paths"]["/api/v1/login/"]["post"]["responses"]

    assert set(responses) == {"200", "400", "401", "415", "503"}
    assert responses["401"]["description"] == "Wrong."
    assert responses["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "WWW-Authenticate" in responses["401"]["headers"]


def test_an_object_permission_can_refuse_on_a_detail_path(schema: dict[str, Any]) -> None:
    assert "403" in statuses(schema, "/api/v1/owned/{name}/", "get")
    assert "403" not in statuses(schema, "/api/v1/things/{name}/", "get")


def test_a_permission_that_needs_a_real_user_is_taken_to_refuse(schema: dict[str, Any]) -> None:
    assert {"401", "403"} <= statuses(schema, "/api/v1/permission-things/", "get")
