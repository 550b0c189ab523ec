"""Query parameters of the widget list: filters, search and strict ordering."""

from typing import Any

from django.db import models
from django.db.models import F, QuerySet
from django.db.models.functions import Lower
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import SearchFilter
from rest_framework.request import Request
from rest_framework.views import APIView

from . import conf
from .models import Widget, WidgetQuerySet

# Every ordering ends with id in the same direction, so pages never overlap and one index on
# (key, id) serves it read forwards or backwards.
ORDERINGS = {
    "created_at": (F("created_at").asc(), F("id").asc()),
    "-created_at": (F("created_at").desc(), F("id").desc()),
    "deadline": (F("deadline").asc(), F("id").asc()),
    "-deadline": (F("deadline").desc(), F("id").desc()),
    # Names sort regardless of case, as they are unique regardless of case.
    "name": (Lower("name").asc(), F("id").asc()),
    "-name": (Lower("name").desc(), F("id").desc()),
}
TRUE_FALSE = [("true", "true"), ("false", "false")]


def owner_filter() -> filters.Filter:
    """A filter on the owner's public id, typed like the user field that holds it."""
    field = conf.owner_id_field()
    if isinstance(field, models.UUIDField):
        filter_class: type[filters.Filter] = filters.UUIDFilter
    elif isinstance(field, models.IntegerField):
        filter_class = filters.NumberFilter
    else:
        filter_class = filters.CharFilter
    return filter_class(field_name=f"owner__{field.name}", label="Owner's public id")


class WidgetFilter(filters.FilterSet):
    name = filters.CharFilter(
        lookup_expr="icontains", max_length=100, label="Name contains (any case)"
    )
    owner = owner_filter()
    deadline_before = filters.DateFilter(
        field_name="deadline", lookup_expr="lte", label="Deadline on or before (YYYY-MM-DD)"
    )
    deadline_after = filters.DateFilter(
        field_name="deadline", lookup_expr="gte", label="Deadline on or after (YYYY-MM-DD)"
    )
    deadline_passed = filters.ChoiceFilter(
        choices=TRUE_FALSE,
        method="filter_deadline_passed",
        label="Deadline passed (its day ended in TIME_ZONE)",
    )
    ordering = filters.ChoiceFilter(
        choices=[(key, key) for key in ORDERINGS],
        method="order",
        label="Order by name, deadline or created_at; '-' for descending. Ties go by id.",
    )

    class Meta:
        model = Widget
        fields: list[str] = []

    def filter_deadline_passed(self, queryset: WidgetQuerySet, name: str, value: str) -> QuerySet:
        return queryset.deadline_passed(value == "true")

    def order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*ORDERINGS[value])


class NamedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the request names none of the filters.

    Building and validating the FilterSet's form is most of a list request's own work;
    without a filter parameter it can neither fail nor filter. Each filter here reads the one
    parameter named after it (no range or multi-part widgets), so the filters' names are all
    the parameters.
    """

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or request.query_params.keys().isdisjoint(
            filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictSearchFilter(SearchFilter):
    """DRF's SearchFilter, with its errors named after the parameter and a bounded length
    (every word is one more pair of `LIKE` conditions on the table)."""

    max_length = 255

    def get_search_terms(self, request: Request) -> list[str]:
        if len(request.query_params.get(self.search_param, "")) > self.max_length:
            message = f"Ensure this field has no more than {self.max_length} characters."
            raise ValidationError({self.search_param: [message]})
        try:
            return super().get_search_terms(request)
        except ValidationError as exc:
            raise ValidationError({self.search_param: exc.detail}) from exc

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["description"] = "Words to find in the name or info_url (any case)."
            parameter["schema"]["maxLength"] = self.max_length
            # As every DRF CharField does, the search refuses NUL characters (a 400).
            parameter["schema"]["pattern"] = "^[^\\x00]*$"
        return parameters
