"""Page-number pagination with an envelope, a Link header and strict parameters."""

import math
from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from .models import WidgetQuerySet
from .selectors import Bounds, WidgetList

LINK_HEADER = OpenApiParameter(
    "Link",
    type=str,
    location=OpenApiParameter.HEADER,
    response=[200],
    description='RFC 8288 links to the "first", "last", "prev" and "next" pages.',
)


def pages(count: int, size: int) -> int:
    return max(1, math.ceil(count / size))


class PageNumberPagination(BasePagination):
    """`?page=` (from 1) and `?page_size=` (1 to `max_page_size`).

    One COUNT and one page query, both asked of the selector (which may answer from its cache).
    A page in the second half of the result is read from the end (reversed ordering, small
    offset) and turned around in Python, so the last page of a large table costs what the first
    one does.
    """

    page_query_param = "page"
    page_size_query_param = "page_size"
    page_size = 10
    max_page_size = 100

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: APIView | None = None
    ) -> list[Any]:
        self.request = request
        self.size = self.read_number(self.page_size_query_param, self.page_size, self.max_page_size)
        self.number = self.read_number(self.page_query_param, 1)
        widgets = WidgetList(cast(WidgetQuerySet, queryset), request.query_params)
        self.count, rows = widgets.page(self.number, self.size, self.bounds)
        self.total_pages = pages(self.count, self.size)
        return rows

    def bounds(self, count: int, ordered: bool) -> Bounds:
        """The rows of this page among `count`, read from the end when in the second half."""
        total_pages = pages(count, self.size)
        if self.number > total_pages:
            raise NotFound(f"Page {self.number} is past the last page ({total_pages}).")
        start = (self.number - 1) * self.size
        end = min(start + self.size, count)
        backwards = start > count // 2 and ordered
        low, high = (count - end, count - start) if backwards else (start, end)
        return low, high, backwards

    def read_number(self, param: str, default: int, maximum: int | None = None) -> int:
        raw = self.request.query_params.get(param)
        if raw is None:
            return default
        bound = f" from 1 to {maximum}" if maximum else ""
        digits = raw.isascii() and raw.isdigit()
        # Past 18 digits a number is only "very large": no need to convert all of it.
        number = (int(raw) if len(raw) <= 18 else 10**18) if digits else 0
        if number < 1 or (maximum is not None and number > maximum):
            raise ValidationError({param: [f"Must be a whole number{bound}."]})
        return number

    def get_links(self) -> dict[str, str]:
        pages = {"first": 1, "last": self.total_pages}
        if self.number > 1:
            pages["prev"] = self.number - 1
        if self.number < self.total_pages:
            pages["next"] = self.number + 1
        # Once, not per link: build_absolute_uri() validates the host each time.
        url = self.request.build_absolute_uri()
        param = self.page_query_param
        return {rel: replace_query_param(url, param, number) for rel, number in pages.items()}

    def get_paginated_response(self, data: Any) -> Response:
        links = self.get_links()
        body = {
            "count": self.count,
            "page": self.number,
            "page_size": self.size,
            "total_pages": self.total_pages,
            "next": links.get("next"),
            "previous": links.get("prev"),
            "results": data,
        }
        link_header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
        return Response(body, headers={"Link": link_header})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        page_url = {"type": "string", "format": "uri", "nullable": True}
        number = {"type": "integer", "minimum": 1}
        example_url = "https://api.example.org/api/v1/widgets/?page="
        properties = {
            "count": {"type": "integer", "minimum": 0, "example": 123},
            "page": number,
            "page_size": {**number, "maximum": self.max_page_size},
            "total_pages": number,
            "next": {**page_url, "example": f"{example_url}3"},
            "previous": {**page_url, "example": f"{example_url}1"},
            "results": schema,
        }
        return {"type": "object", "required": list(properties), "properties": properties}

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1. A page past the last one is a 404.",
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page, from 1 to {self.max_page_size}.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            },
        ]
