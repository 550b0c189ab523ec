"""How the OpenAPI document describes the API: the Bearer scheme and every error it can answer.

drf-spectacular documents the success responses from each view's serializers. The errors come from
DRF itself (authentication, permissions, validation, throttles) and from the project's exception
handler, so they are added here from what each view declares: its authenticators, permissions,
throttles, request body, query and path parameters. Responses a view documents itself win.
"""

from types import SimpleNamespace
from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework_simplejwt.authentication import JWTAuthentication

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, for a person."}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Each key names a field of the body (or a query parameter) and lists its errors, all at "
        "once; `non_field_errors` holds errors about the body as a whole, and `detail` explains "
        "a body that could not be parsed."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
RETRY_AFTER = {
    "schema": {"type": "integer", "minimum": 0},
    "description": "Seconds to wait before trying again.",
    "required": True,
}
WWW_AUTHENTICATE = {
    "schema": {"type": "string"},
    "description": 'The scheme to authenticate with: `Bearer realm="api"`, plus '
    '`error="invalid_token"` when the token sent was refused.',
    "required": True,
}

# status: (description, schema component name, response headers)
ERRORS: dict[int, tuple[str, str, dict[str, Any]]] = {
    400: ("Invalid input; nothing was changed.", "ValidationError", {}),
    401: (
        "No credentials, or credentials that are invalid, expired or revoked.",
        "Error",
        {"WWW-Authenticate": WWW_AUTHENTICATE},
    ),
    403: (
        "Signed in but not allowed: a write by a user who is not an admin, or a browser session "
        "without its CSRF token.",
        "Error",
        {},
    ),
    404: ("No such object, or a page past the last one.", "Error", {}),
    415: ("The body is not JSON, form data or multipart.", "Error", {}),
    429: ("Too many requests.", "Error", {"Retry-After": RETRY_AFTER}),
    503: (
        "The database is unreachable; nothing was changed.",
        "Error",
        {"Retry-After": RETRY_AFTER},
    ),
}
SCHEMAS = {"Error": ERROR, "ValidationError": VALIDATION_ERROR}

# Who a permission check sees, to learn whether it can answer 401 (anonymous) or 403 (non-admin).
ANONYMOUS = SimpleNamespace(
    is_authenticated=False, is_active=False, is_staff=False, is_superuser=False
)
NON_ADMIN = SimpleNamespace(
    is_authenticated=True, is_active=True, is_staff=False, is_superuser=False
)
# Authenticators that answer 401 to credentials they refuse, even where anyone may call.
CHECKS_CREDENTIALS = (JWTAuthentication, BasicAuthentication, TokenAuthentication)


class JWTScheme(SimpleJWTScheme):
    """simplejwt's Bearer scheme, for its authentication class and the project's subclass of it."""

    match_subclasses = True
    priority = 1


class AutoSchema(SpectacularAutoSchema):
    """Adds the error answers; a view that lists one without a body (to say that it can answer
    it and why, such as a 401 for wrong credentials) gets the standard body and headers."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        declared = {int(code) for code in responses if code.isdigit()} & ERRORS.keys()
        for status in sorted(self.error_statuses(operation) | declared):
            standard = self.error_response(status)
            response = responses.setdefault(str(status), standard)
            if "content" not in response:
                response["content"] = standard["content"]
                headers = {**standard.get("headers", {}), **response.get("headers", {})}
                if headers:
                    response["headers"] = headers
        return operation

    def error_statuses(self, operation: dict[str, Any]) -> set[int]:
        parameters = operation.get("parameters", [])
        query = {p["name"] for p in parameters if p["in"] == "query"}
        has_path_parameters = any(p["in"] == "path" for p in parameters)
        has_body = "requestBody" in operation
        authenticators = self.view.get_authenticators()
        page_parameter = getattr(getattr(self.view, "paginator", None), "page_query_param", None)

        # config.exceptions answers any request with 503 while the database is down.
        statuses = {503}
        if has_body or query:
            statuses.add(400)
        if has_body:
            statuses.add(415)
        if authenticators and (
            self.refuses(ANONYMOUS, has_path_parameters)
            or any(isinstance(a, CHECKS_CREDENTIALS) for a in authenticators)
        ):
            statuses.add(401)
        if self.refuses(NON_ADMIN, has_path_parameters) or (
            self.method not in SAFE_METHODS
            and any(isinstance(a, SessionAuthentication) for a in authenticators)
        ):
            statuses.add(403)  # the permission, or CSRF for a browser session
        if has_path_parameters or (page_parameter and page_parameter in query):
            statuses.add(404)
        if self.view.get_throttles():
            statuses.add(429)
        return statuses

    def refuses(self, user: SimpleNamespace, has_path_parameters: bool) -> bool:
        """Ask the view's own permissions whether this user gets in."""
        request: Any = SimpleNamespace(method=self.method, user=user, auth=None)
        for permission in self.view.get_permissions():
            checks_objects = (
                type(permission).has_object_permission is not BasePermission.has_object_permission
            )
            if checks_objects and has_path_parameters:
                return True
            try:
                if not permission.has_permission(request, self.view):
                    return True
            except Exception:  # A check that needs a real user or request: assume it can refuse.
                return True
        return False

    def error_response(self, status: int) -> dict[str, Any]:
        description, schema_name, headers = ERRORS[status]
        component = ResolvedComponent(
            name=schema_name,
            type=ResolvedComponent.SCHEMA,
            object=schema_name,
            schema=SCHEMAS[schema_name],
        )
        self.registry.register_on_missing(component)
        response: dict[str, Any] = {
            "description": description,
            "content": {"application/json": {"schema": component.ref}},
        }
        if headers:
            response["headers"] = headers
        return response
