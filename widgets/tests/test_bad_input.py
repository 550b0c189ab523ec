"""Hostile paths, queries, bodies and methods against the widget endpoints: a deliberate 4xx JSON
answer every time, and the stored widgets exactly as they were.

Runs under the project's settings and the standalone ones alike (no `accounts`, no JWT).
"""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from widgets.models import Widget
from widgets.tests.factories import WidgetFactory
from widgets.tests.helpers import detail_url, list_url

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
GOOD = {"name": "fresh", "info_url": "https://example.com/", "deadline": "2999-12-31"}


def snapshot() -> list[tuple[Any, ...]]:
    return list(Widget.objects.order_by("pk").values_list("name", "info_url", "deadline", "owner"))


@pytest.fixture
def unchanged(admin: Any) -> Iterator[None]:
    """The widgets a test starts with are exactly the widgets it ends with."""
    WidgetFactory.create_batch(3, owner=admin)
    before = snapshot()
    yield
    assert snapshot() == before


def assert_json_4xx(response: Any, *statuses: int) -> Any:
    assert response.status_code in statuses, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    "path",
    [
        "nul%00byte",
        "%00",
        "a%00",
        "%C0%80",
        "%FF%FE",
        "%ED%A0%80",
        "x" * 5000,
        "..%2F..%2Fetc%2Fpasswd",
        "%252e%252e",
        "name%0Anewline",
    ],
)
def test_a_hostile_name_in_the_path_is_a_404_or_400(
    admin_api: APIClient, unchanged: None, path: str
) -> None:
    """Not necessarily JSON here: a path the app's routes do not match is the project's 404."""
    url = list_url() + path + "/"

    for method in ("get", "put", "patch", "delete"):
        response = getattr(admin_api, method)(url, GOOD, format="json")
        # PUT may create a widget of a valid name only; these are no valid names.
        assert response.status_code in (400, 404), response.content[:500]


@pytest.mark.parametrize(
    "query",
    [
        "search=%00",
        "name=%00",
        "name=a%00b",
        "owner=%00",
        "ordering=%00",
        "ordering=-%00name",
        "deadline_before=%00",
        "deadline_after=2026-01-01%00",
        "deadline_passed=%00",
        "page=%00",
        "page_size=%00",
        f"page={HUGE}",
        f"page_size={HUGE}",
        f"page=-{HUGE}",
        "page=1e308",
        "page=NaN",
        "page_size=0x10",
        f"deadline_before={HUGE}-01-01",
        "deadline_after=9999-12-31T99:99",
        f"owner={HUGE}",
        "search=" + "x" * 10_000,
        "name=" + "x" * 10_000,
        "ordering=" + ",".join(["name"] * 500),
        "page=1&page=2&page=abc",
        "search=%ED%A0%80",
        "name=%FF",
    ],
)
def test_a_hostile_query_is_answered_without_a_crash(
    admin_api: APIClient, unchanged: None, query: str
) -> None:
    response = admin_api.get(f"{list_url()}?{query}")

    assert response.status_code in (200, 400, 404), response.content[:500]
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "a" * 10_000),
        ("name", int(HUGE)),
        ("name", 1e308),
        ("name", "\ufeffbom"),
        ("name", "\u202eevil"),
        ("info_url", "https://example.com/" + "a" * 10_000),
        ("info_url", "javascript:alert(1)"),
        ("info_url", "https://example.com/\x00"),
        ("info_url", "https://exa\x00mple.com/"),
        ("info_url", ["https://example.com/"]),
        ("deadline", f"{HUGE}-01-01"),
        ("deadline", int(HUGE)),
        ("deadline", "2026-13-45"),
        ("deadline", "\x00"),
        ("deadline", "12/31/99999"),
        ("deadline", {"year": 2999}),
    ],
)
def test_a_hostile_field_is_a_400_naming_it(
    admin_api: APIClient, unchanged: None, field: str, value: object
) -> None:
    body = {**GOOD, field: value}

    created = assert_json_4xx(admin_api.post(list_url(), body, format="json"), 400)
    assert set(created) == {field}
    existing = Widget.objects.first()
    assert existing is not None
    changed = admin_api.patch(detail_url(existing.name), {field: value}, format="json")
    assert set(assert_json_4xx(changed, 400)) == {field}


@pytest.mark.parametrize("header", ["X-HTTP-Method-Override", "X-Method-Override"])
@pytest.mark.parametrize("override", ["DELETE", "PUT", "PATCH"])
def test_a_method_override_header_changes_nothing(
    admin_api: APIClient, unchanged: None, header: str, override: str
) -> None:
    existing = Widget.objects.first()
    assert existing is not None

    response = admin_api.get(detail_url(existing.name), headers={header: override})

    assert response.status_code == 200
    assert response.json()["name"] == existing.name


def test_a_method_override_cannot_turn_a_users_read_into_a_write(
    user_api: APIClient, unchanged: None
) -> None:
    existing = Widget.objects.first()
    assert existing is not None

    response = user_api.post(
        detail_url(existing.name), GOOD, format="json", HTTP_X_HTTP_METHOD_OVERRIDE="DELETE"
    )

    assert_json_4xx(response, 403, 405)


@pytest.mark.parametrize(
    ("url", "method", "allowed"),
    [
        (list_url(), "put", {"GET", "POST"}),
        (list_url(), "patch", {"GET", "POST"}),
        (list_url(), "delete", {"GET", "POST"}),
        (detail_url("anything"), "post", {"GET", "PUT", "PATCH", "DELETE"}),
    ],
)
def test_an_unsupported_method_is_a_405_with_allow(
    admin_api: APIClient, unchanged: None, url: str, method: str, allowed: set[str]
) -> None:
    response = getattr(admin_api, method)(url, GOOD, format="json")

    assert_json_4xx(response, 405)
    assert allowed <= {verb.strip() for verb in response["Allow"].split(",")}
    assert method.upper() not in response["Allow"]


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("content_type", ["multipart", "application/x-www-form-urlencoded"])
def test_an_empty_name_in_a_form_body_is_refused_not_ignored(
    admin_api: APIClient, unchanged: None, method: str, content_type: str
) -> None:
    existing = Widget.objects.first()
    assert existing is not None
    body = {"name": "", "info_url": "https://example.org/", "deadline": "2999-12-31"}
    send = getattr(admin_api, method)
    if content_type == "multipart":
        response = send(detail_url(existing.name), body, format="multipart")
    else:
        response = send(detail_url(existing.name), urlencode(body), content_type=content_type)

    assert set(assert_json_4xx(response, 400)) == {"name"}
