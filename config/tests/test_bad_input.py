"""Bodies, content types and methods no client should send get a deliberate 4xx JSON answer.

The public login and register endpoints stand in for every JSON endpoint: the parsers and the
error handling under test are the project's, shared by all views.
"""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct-Horse-battery-9"
LIMIT = 256 * 1024


def post(client: Client, body: bytes | str, content_type: str = "application/json") -> Any:
    return client.post(reverse("accounts:login"), body, content_type=content_type)


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body
    return body


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b'{"email": }',
        b"[1,]",
        b"{'email': 'single@quotes.io'}",
        b'{"email": "a@b.io"} trailing',
        b"NaN",
        b'{"password": Infinity}',
        b"\xef\xbb\xbf{}",
        b"1" * 5000,
        b"",
    ],
    ids=lambda body: repr(body[:24]),
)
def test_malformed_json_is_a_400(client: Client, body: bytes) -> None:
    assert_json_error(post(client, body), 400)


@pytest.mark.parametrize("opening", [b"[", b'{"a":'])
def test_json_nested_beyond_any_reason_is_a_400(client: Client, opening: bytes) -> None:
    closing = b"]" if opening == b"[" else b"}"
    body = assert_json_error(post(client, opening * 20_000 + closing * 20_000), 400)

    assert "nested" in body["detail"]


def test_json_nested_a_few_hundred_levels_is_a_400_naming_the_fields(client: Client) -> None:
    nested: Any = "deep"
    for _ in range(500):
        nested = {"a": nested}

    body = assert_json_error(
        client.post(reverse("accounts:login"), nested, "application/json"), 400
    )

    assert set(body) == {"email", "password"}


@pytest.mark.parametrize("body", [b"\xff\xfe{}", b'{"email": "\xc3\x28@x.io"}', b"\x80"])
def test_invalid_utf8_is_a_400(client: Client, body: bytes) -> None:
    assert_json_error(post(client, body), 400)


@pytest.mark.parametrize("endpoint", ["accounts:login", "accounts:register"])
@pytest.mark.parametrize("field", ["email", "password"])
def test_a_lone_surrogate_is_a_400_not_a_crash(client: Client, endpoint: str, field: str) -> None:
    body = {"email": "lone@example.com", "password": PASSWORD, field: "ab\\ud800cdefghij"}
    raw = ("{" + ", ".join(f'"{key}": "{value}"' for key, value in body.items()) + "}").encode()

    response = client.post(reverse(endpoint), raw, content_type="application/json")

    assert_json_error(response, 400)
    assert not get_user_model().objects.filter(email="lone@example.com").exists()


@pytest.mark.parametrize("endpoint", ["accounts:login", "accounts:register"])
@pytest.mark.parametrize("field", ["email", "password"])
def test_a_nul_byte_in_a_field_is_a_400_naming_it(
    client: Client, endpoint: str, field: str
) -> None:
    body = {"email": "nul@example.com", "password": PASSWORD, field: "ab\x00cdefghij"}

    response = client.post(reverse(endpoint), body, content_type="application/json")

    assert set(assert_json_error(response, 400)) == {field}


@pytest.mark.parametrize(
    ("email", "password"),
    [
        (1, PASSWORD),
        (None, PASSWORD),
        (["a@b.io"], PASSWORD),
        ({"$gt": ""}, PASSWORD),
        ("a@b.io", 12345678),
        ("a@b.io", True),
        ("a@b.io", {"x": 1}),
    ],
)
def test_wrong_json_types_are_a_400_naming_the_field(
    client: Client, email: object, password: object
) -> None:
    response = client.post(
        reverse("accounts:register"), {"email": email, "password": password}, "application/json"
    )

    body = assert_json_error(response, 400)
    assert set(body) <= {"email", "password"}


@pytest.mark.parametrize("body", [b"[]", b'"text"', b"42", b"null", b"true"])
def test_a_json_body_that_is_no_object_is_a_400(client: Client, body: bytes) -> None:
    assert_json_error(post(client, body), 400)


def test_a_json_body_over_the_limit_is_a_413(client: Client) -> None:
    body = b'{"email": "big@example.com", "password": "' + b"x" * LIMIT + b'"}'

    assert_json_error(post(client, body), 413)


def test_a_form_body_over_the_limit_is_a_413(client: Client) -> None:
    body = b"email=big%40example.com&password=" + b"x" * LIMIT

    assert_json_error(post(client, body, "application/x-www-form-urlencoded"), 413)


def test_a_multipart_body_over_the_limit_is_a_413(client: Client) -> None:
    response = client.post(
        reverse("accounts:login"), {"email": "big@example.com", "password": "x" * (LIMIT + 1)}
    )

    assert_json_error(response, 413)


def test_too_many_form_fields_is_a_400(client: Client) -> None:
    body = "&".join(f"f{number}=1" for number in range(1500))

    assert_json_error(post(client, body, "application/x-www-form-urlencoded"), 400)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/xml", "application/yaml", "image/png", "application/octet-stream"],
)
def test_an_unknown_content_type_is_a_415(client: Client, content_type: str) -> None:
    body = assert_json_error(post(client, b'{"email": "a@b.io"}', content_type), 415)

    assert content_type in body["detail"]


@pytest.mark.parametrize("charset", ["bz2_codec", "rot13", "no-such-charset"])
def test_a_charset_that_is_no_text_encoding_is_a_400(client: Client, charset: str) -> None:
    content_type = f"application/json; charset={charset}"
    response = client.generic("POST", reverse("accounts:login"), b"{}", content_type)

    assert_json_error(response, 400)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_an_unsupported_method_is_a_405_with_allow(client: Client, method: str) -> None:
    response = getattr(client, method)(reverse("accounts:login"))

    assert_json_error(response, 405)
    allowed = {verb.strip() for verb in response["Allow"].split(",")}
    assert "POST" in allowed
    assert method.upper() not in allowed


@pytest.mark.parametrize("header", ["X-HTTP-Method-Override", "X-Method-Override"])
def test_a_method_override_header_changes_nothing(client: Client, header: str) -> None:
    response = client.get(reverse("accounts:login"), headers={header: "POST"})

    assert_json_error(response, 405)


@pytest.mark.parametrize(
    "path", ["/api/v1/auth/sessions/%00/", "/api/v1/widgets/%00/", "/api/v1/widgets/a%2Fb%00/"]
)
def test_a_nul_byte_in_a_path_segment_is_a_json_404(client: Client, path: str) -> None:
    assert_json_error(client.get(path), 404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/nothing/", "/api/v1/widgets/%C2%84/", "/api/v1/auth/x/"])
def test_a_write_to_an_unknown_api_url_is_a_json_404_not_a_csrf_page(
    method: str, path: str
) -> None:
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(path, b"{}", content_type="application/json")

    assert_json_error(response, 404)


@pytest.mark.parametrize(
    "url",
    [
        *[
            reverse(f"accounts:{name}")
            for name in [
                "register",
                "login",
                "refresh",
                "logout",
                "logout-all",
                "sessions",
                "events",
                "user",
            ]
        ],
        reverse("accounts:password"),
        reverse("accounts:session-detail", args=["00000000-0000-4000-8000-000000000000"]),
        reverse("widgets:widget-list"),
        reverse("widgets:widget-detail", args=["anything"]),
    ],
)
def test_options_describes_every_endpoint_without_a_crash(client: Client, url: str) -> None:
    user = get_user_model().objects.create_user("options@example.com", PASSWORD, is_staff=True)
    login = client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    bearer = f"Bearer {login.json()['access']}"

    response = client.options(url, HTTP_AUTHORIZATION=bearer)

    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
