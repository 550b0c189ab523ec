"""What the OpenAPI document says about widgets, beyond what the code shows by itself."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from widgets.filters import ORDERINGS


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operation(schema: dict, path: str, method: str) -> dict:
    return schema["paths"][path][method]


LIST = "/api/v1/widgets/"
DETAIL = "/api/v1/widgets/{name}/"


def test_ordering_lists_its_allowed_values(schema):
    [ordering] = [
        p for p in operation(schema, LIST, "get")["parameters"] if p["name"] == "ordering"
    ]
    assert sorted(ordering["schema"]["enum"]) == sorted(ORDERINGS)


def test_the_list_documents_its_envelope_and_link_header(schema):
    ok = operation(schema, LIST, "get")["responses"]["200"]
    assert "Link" in ok["headers"]
    envelope = schema["components"]["schemas"]["PaginatedWidgetList"]
    assert envelope["required"] == [
        "count",
        "page",
        "page_size",
        "total_pages",
        "next",
        "previous",
        "results",
    ]


@pytest.mark.parametrize(("path", "method"), [(LIST, "post"), (DETAIL, "put"), (DETAIL, "patch")])
def test_writes_that_can_clash_document_the_409(schema, path, method):
    assert "409" in operation(schema, path, method)["responses"]


def test_put_documents_that_it_may_create(schema):
    assert "201" in operation(schema, DETAIL, "put")["responses"]


def test_create_has_an_example_body(schema):
    content = operation(schema, LIST, "post")["requestBody"]["content"]["application/json"]
    assert content["examples"]


def test_a_widget_has_exactly_the_fields_of_the_contract(schema):
    widget = schema["components"]["schemas"]["Widget"]
    assert sorted(widget["properties"]) == sorted(
        [
            "name",
            "info_url",
            "deadline",
            "deadline_passed",
            "time_remaining",
            "created_at",
            "updated_at",
            "owner",
            "url",
        ]
    )
