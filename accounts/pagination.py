"""The widget list's page envelope for the security log: accounts cannot import widgets, and
the log needs none of the widget pagination's large-table tricks, so this is DRF's own
page-number pagination with the same parameters, envelope and strictness."""

from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 10
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()
    invalid_page_message = "Page {page_number} is past the last page."

    def get_page_number(self, request: Request, paginator: Any) -> int:
        return self.whole_number(request, self.page_query_param, 1, None)

    def get_page_size(self, request: Request) -> int:
        return self.whole_number(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )

    def whole_number(self, request: Request, param: str, default: int, top: int | None) -> int:
        raw = request.query_params.get(param)
        if raw is None:
            return default
        digits = raw.isascii() and raw.isdigit()
        # Past 18 digits a number is only "very large" (a page past the last, a 404; a page size
        # over the top, a 400): no need to convert all of it.
        number = (int(raw) if len(raw) <= 18 else 10**18) if digits else 0
        if number < 1 or (top is not None and number > top):
            bound = f" from 1 to {top}" if top else ""
            raise ValidationError({param: [f"Must be a whole number{bound}."]})
        return number

    def get_paginated_response(self, data: Any) -> Response:
        page, request = self.page, self.request
        assert page is not None  # set by paginate_queryset
        assert request is not None
        links = {"first": 1, "last": page.paginator.num_pages}
        if page.has_previous():
            links["prev"] = page.previous_page_number()
        if page.has_next():
            links["next"] = page.next_page_number()
        url = request.build_absolute_uri()
        urls = {
            rel: replace_query_param(url, self.page_query_param, number)
            for rel, number in links.items()
        }
        body = {
            "count": page.paginator.count,
            "page": page.number,
            "page_size": page.paginator.per_page,
            "total_pages": page.paginator.num_pages,
            "next": urls.get("next"),
            "previous": urls.get("prev"),
            "results": data,
        }
        link_header = ", ".join(f'<{href}>; rel="{rel}"' for rel, href in urls.items())
        return Response(body, headers={"Link": link_header})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        page_url = {"type": "string", "format": "uri", "nullable": True}
        number = {"type": "integer", "minimum": 1}
        properties = {
            "count": {"type": "integer", "minimum": 0},
            "page": number,
            "page_size": {**number, "maximum": self.max_page_size},
            "total_pages": number,
            "next": page_url,
            "previous": page_url,
            "results": schema,
        }
        return {"type": "object", "required": list(properties), "properties": properties}

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        page, size = super().get_schema_operation_parameters(view)
        page["schema"] = {"type": "integer", "minimum": 1, "default": 1}
        page["description"] = "Page number, from 1. A page past the last one is a 404."
        size["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        size["schema"]["default"] = self.page_size
        size["description"] = f"Results per page, from 1 to {self.max_page_size}."
        return [page, size]
