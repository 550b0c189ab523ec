import json
import logging
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from rest_framework.test import APIClient

from config.middleware import user_public_id
from config.request_id import RequestIdFilter, current_request_id, request_id_from
from config.tests.conftest import LogLines


def request_lines(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    return [line for line in lines if line["logger"] == "config.request"]


def test_each_request_is_logged_once_as_json_with_its_id(
    client: Client, log_lines: LogLines
) -> None:
    response = client.get(reverse("health-live"))

    [line] = log_lines()
    assert line["logger"] == "config.request"
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == reverse("health-live")
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["user"] is None
    assert line["request_id"] == response["X-Request-ID"]
    assert line["timestamp"]


def test_a_sane_incoming_request_id_is_kept_and_returned(
    client: Client, log_lines: LogLines
) -> None:
    response = client.get(reverse("health-live"), headers={"X-Request-ID": "router-id_1.2"})

    assert response["X-Request-ID"] == "router-id_1.2"
    assert request_lines(log_lines())[0]["request_id"] == "router-id_1.2"


@pytest.mark.parametrize("incoming", ["", "has space", "x" * 129, 'quote"', "new\nline", "ünïcode"])
def test_an_insane_request_id_is_replaced_by_a_generated_one(incoming: str) -> None:
    request_id = request_id_from(incoming)

    assert request_id != incoming
    assert uuid.UUID(hex=request_id).version == 4


def test_a_longest_sane_request_id_is_kept() -> None:
    assert request_id_from("a" * 128) == "a" * 128


@pytest.mark.django_db
def test_a_client_error_is_logged_once_and_without_the_query_string(
    client: Client, log_lines: LogLines
) -> None:
    client.get("/api/nowhere/?password=hunter2&token=abc")

    lines = log_lines()
    assert [line["status"] for line in lines] == [404]
    assert lines[0]["path"] == "/api/nowhere/"
    assert "hunter2" not in str(lines)


@pytest.mark.parametrize(
    ("given", "current", "logged"),
    [
        (None, None, None),  # outside any request
        (None, "abc", "abc"),  # during a request
        ("given", "abc", "given"),  # named by the log call itself
    ],
)
def test_each_line_carries_the_id_of_the_request_it_was_logged_in(
    given: str | None, current: str | None, logged: str | None
) -> None:
    extra = {} if given is None else {"request_id": given}
    record = logging.makeLogRecord({"msg": "message", **extra})
    token = current_request_id.set(current)
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)

    assert record.request_id == logged  # type: ignore[attr-defined]


def test_the_user_is_read_only_once_something_authenticated_the_request() -> None:
    request = HttpRequest()
    assert user_public_id(request) is None

    request.user = SimpleLazyObject(lambda: pytest.fail("the lazy user must not be resolved"))  # type: ignore[assignment]
    assert user_public_id(request) is None

    public_id = uuid.uuid4()
    request.user = type("AuthenticatedUser", (), {"public_id": public_id})()
    assert user_public_id(request) == str(public_id)


@pytest.mark.django_db
def test_a_login_logs_its_requests_but_never_the_password_or_the_tokens(
    api_client: APIClient, log_lines: LogLines
) -> None:
    password = "Secret-pass-phrase-42"
    user = get_user_model().objects.create_user("logged@example.com", password)

    login = api_client.post(
        reverse("accounts:login"), {"email": "logged@example.com", "password": password}
    )
    access, refresh = login.json()["access"], login.json()["refresh"]
    api_client.get(reverse("accounts:user"), headers={"Authorization": f"Bearer {access}"})

    output = json.dumps(log_lines())
    for secret in (password, access, refresh, "Bearer"):
        assert secret not in output
    lines = request_lines(log_lines())
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("POST", reverse("accounts:login"), 200),
        ("GET", reverse("accounts:user"), 200),
    ]
    assert lines[1]["user"] == str(user.public_id)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:user", "widgets:widget-list", "admin:index"])
@pytest.mark.usefixtures("plain_static_files")
def test_a_request_with_a_browser_session_logs_the_users_public_id(
    client: Client, log_lines: LogLines, url_name: str
) -> None:
    user = get_user_model().objects.create_user(
        "browser@example.com", "Secret-pass-phrase-42", is_staff=True
    )
    client.force_login(user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    [line] = request_lines(log_lines())
    assert line["user"] == str(user.public_id)


@pytest.mark.django_db
@pytest.mark.usefixtures("plain_static_files")
def test_an_anonymous_browser_request_logs_no_user(client: Client, log_lines: LogLines) -> None:
    client.get(reverse("admin:login"))

    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert [line["user"] for line in request_lines(log_lines())] == [None, None]
