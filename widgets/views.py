"""The widget endpoints: list, create, read, replace (or create), update, delete."""

from typing import Any, cast

from django.db import IntegrityError, transaction
from django.http import Http404, QueryDict
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from . import selectors
from .filters import NamedFilterBackend, StrictSearchFilter, WidgetFilter
from .models import NAME_PATTERN, NAME_UNIQUE_CONSTRAINT, Row, Widget, WidgetQuerySet
from .pagination import PageNumberPagination
from .permissions import IsStaffOrReadOnly
from .schema import widget_schema
from .serializers import WidgetReadSerializer, WidgetSerializer, WidgetUpdateSerializer

READ_ACTIONS = ("list", "retrieve")


class NameTaken(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "name_taken"


@widget_schema
class WidgetViewSet(viewsets.ModelViewSet):
    queryset = Widget.objects.all()
    serializer_class = WidgetSerializer
    permission_classes = [IsStaffOrReadOnly]
    filter_backends = [NamedFilterBackend, StrictSearchFilter]
    filterset_class = WidgetFilter
    search_fields = ["name", "info_url"]
    pagination_class = PageNumberPagination
    lookup_field = "name"
    lookup_value_regex = NAME_PATTERN

    def get_queryset(self) -> WidgetQuerySet:
        """Reads load rows (see `selectors`); writes load model instances."""
        if self.action in READ_ACTIONS:
            return selectors.widget_rows()
        return cast(WidgetQuerySet, super().get_queryset()).with_owner()

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action in READ_ACTIONS:
            return WidgetReadSerializer
        if self.action in ("update", "partial_update"):
            return WidgetUpdateSerializer
        return WidgetSerializer

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        """The browsable API fills its edit forms with the write serializer and what the page's
        read loaded, a row: the form gets the widget itself instead."""
        row = kwargs.get("instance")
        if self.action not in READ_ACTIONS and isinstance(row, dict):
            kwargs["instance"] = self.get_queryset().get_by_name(row["name"])
        return super().get_serializer(*args, **kwargs)

    def get_object(self) -> Widget | Row:
        """The widget named in the URL, in any case; list filters do not apply here."""
        try:
            name = self.kwargs["name"]
            if self.action in READ_ACTIONS:
                widget: Widget | Row = selectors.widget_by_name(name)
            else:
                widget = self.get_queryset().get_by_name(name)
        except Widget.DoesNotExist:
            raise Http404("No widget has this name.") from None
        self.check_object_permissions(self.request, widget)
        return widget

    def perform_create(self, serializer: BaseSerializer[Widget]) -> None:
        self.save_or_conflict(serializer, owner=self.request.user)

    def perform_update(self, serializer: BaseSerializer[Widget]) -> None:
        self.save_or_conflict(serializer)

    def save_or_conflict(self, serializer: BaseSerializer[Widget], **extra: Any) -> None:
        """Save, answering 409 when the name is taken in any case, by a concurrent write too.

        The unique index on Lower("name") decides; the savepoint keeps the request's
        transaction usable after the failed statement.
        """
        try:
            with transaction.atomic():
                serializer.save(**extra)
        except IntegrityError as exc:
            if NAME_UNIQUE_CONSTRAINT not in str(exc):
                raise
            name = serializer.validated_data.get("name")
            message = f"A widget named {name!r} exists already (in some letter case)."
            raise NameTaken({"name": [message]}) from exc

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """PUT creates the widget under the URL's name when none has it (201); PATCH does not."""
        try:
            return super().update(request, *args, **kwargs)
        except Http404:
            if kwargs.get("partial"):
                raise
            data = named_as_the_url(request.data, self.kwargs["name"])
        serializer = self.get_serializer(data=data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        headers = self.get_success_headers(serializer.data)
        return Response(serializer.data, status=status.HTTP_201_CREATED, headers=headers)

    def get_success_headers(self, data: Any) -> dict[str, str]:
        # str(): the URL is DRF's Hyperlink, a str subclass that WSGI servers (wsgiref) refuse.
        return {"Location": str(data["url"])}


def named_as_the_url(data: Any, name: str) -> Any:
    """The body of a PUT that creates, with the URL's `name` when it has none.

    The widget must land at the URL that was PUT (RFC 9110, 9.3.4), so a body naming another
    widget is a 400; another letter case of the URL's name is the same name, kept as written.
    """
    if not isinstance(data, (dict, QueryDict)):
        return data
    given = data.get("name")
    if given is None:
        if isinstance(data, QueryDict):
            data = data.copy()
            data["name"] = name
            return data
        return {"name": name, **data}
    if not isinstance(given, str) or given.lower() != name.lower():
        raise ValidationError(
            {"name": [f"A PUT that creates a widget names it by its URL: {name!r}, in any case."]}
        )
    return data
