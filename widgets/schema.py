"""OpenAPI descriptions of the widget endpoints that the code alone cannot give."""

from typing import Any

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers

from .pagination import LINK_HEADER
from .serializers import WidgetSerializer


class NameErrorSerializer(serializers.Serializer):
    name = serializers.ListField(child=serializers.CharField())


NAME_TAKEN = OpenApiResponse(
    NameErrorSerializer, description="Another widget has this name, in some case."
)
CREATE_EXAMPLE = OpenApiExample(
    "New widget",
    value={"name": "tetraWIDG", "info_url": "https://example.com/tetra", "deadline": "2030-12-31"},
    request_only=True,
)

widget_schema = extend_schema_view(
    # Reads answer through WidgetReadSerializer, which declares no fields: the same JSON as
    # WidgetSerializer's (tests/test_representation.py), which describes it.
    list=extend_schema(
        summary="List widgets, one page at a time",
        parameters=[LINK_HEADER],
        responses=WidgetSerializer(many=True),
    ),
    create=extend_schema(
        summary="Create a widget (admins)",
        examples=[CREATE_EXAMPLE],
        responses={201: WidgetSerializer, 409: NAME_TAKEN},
    ),
    retrieve=extend_schema(
        summary="Read a widget; its name matches in any case", responses=WidgetSerializer
    ),
    update=extend_schema(
        summary="Replace or rename a widget, or create it under this name (admins)",
        description=(
            "Replaces `info_url` and `deadline`; a `name` in the body renames. When no widget has "
            "the name in the URL, the widget is created (201) under that name, or under the "
            "body's `name` when it has one."
        ),
        responses={200: WidgetSerializer, 201: WidgetSerializer, 409: NAME_TAKEN},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a widget (admins)",
        responses={200: WidgetSerializer, 409: NAME_TAKEN},
    ),
    destroy=extend_schema(summary="Delete a widget (admins)"),
)


class EmptyFiltersExtension(DjangoFilterExtension):
    """Two things django-filter does that its parameters should say: it ignores a filter sent
    empty (`?owner=`; the browsable API's filter form sends every field), and its text filters
    refuse NUL characters with a 400."""

    priority = 1

    def get_schema_operation_parameters(self, auto_schema: Any, *args: Any, **kwargs: Any) -> Any:
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
            schema = parameter["schema"]
            if schema.get("type") == "string" and not {"format", "enum", "pattern"} & set(schema):
                schema["pattern"] = r"^[^\x00]*$"
        return parameters
