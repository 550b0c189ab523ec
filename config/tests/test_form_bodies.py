"""Form bodies (multipart and urlencoded) that do not parse are a 400 naming the body.

Django's own parsers read them as an empty form, which made a PATCH answer 200 having changed
nothing (schemathesis ST201).
"""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from widgets.models import Widget
from widgets.tests.factories import WidgetFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-Horse-battery-9"
BOUNDARY = "x4wJd2Q"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
URLENCODED = "application/x-www-form-urlencoded"


def part(name: str, value: str) -> str:
    return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'


@pytest.fixture
def admin_client(client: Client) -> Client:
    admin = get_user_model().objects.create_user("forms@example.com", PASSWORD, is_staff=True)
    login = client.post(reverse("accounts:login"), {"email": admin.email, "password": PASSWORD})
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {login.json()['access']}"
    return client


def patch(client: Client, body: bytes | str, content_type: str) -> Any:
    url = reverse("widgets:widget-detail", args=["formWidget"])
    return client.generic("PATCH", url, body, content_type)


def assert_body_refused(response: Any) -> None:
    assert response.status_code == 400, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert "body" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(f"None--{BOUNDARY}--", MULTIPART, id="epilogue-only"),
        pytest.param(f"--{BOUNDARY}\r\n--{BOUNDARY}--\r\n", MULTIPART, id="empty-part"),
        pytest.param("no boundary anywhere", MULTIPART, id="no-boundary"),
        pytest.param(
            part("info_url", "https://example.com/x").replace(BOUNDARY, "other") + "--other--\r\n",
            MULTIPART,
            id="another-boundary",
        ),
        pytest.param(
            f"--{BOUNDARY}\r\nX-Note: no name\r\n\r\nhttps://example.com/x\r\n--{BOUNDARY}--\r\n",
            MULTIPART,
            id="nameless-part",
        ),
        pytest.param(b"None", URLENCODED, id="no-equals"),
        pytest.param(
            b"info_url=https%3A%2F%2Fexample.com%2Fx&junk", URLENCODED, id="a-field-without-equals"
        ),
        pytest.param(b"info_url=%ff%fe", URLENCODED, id="invalid-utf8-value"),
        pytest.param(b"\xff=1", URLENCODED, id="invalid-utf8-name"),
    ],
)
def test_a_form_body_that_does_not_parse_is_a_400_not_an_empty_update(
    admin_client: Client, body: bytes | str, content_type: str
) -> None:
    widget: Any = WidgetFactory(name="formWidget", info_url="https://example.com/kept")

    assert_body_refused(patch(admin_client, body, content_type))
    widget.refresh_from_db()
    assert widget.info_url == "https://example.com/kept"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (part("info_url", "https://example.com/new") + f"--{BOUNDARY}--\r\n", MULTIPART),
        ("info_url=https%3A%2F%2Fexample.com%2Fnew", URLENCODED),
    ],
    ids=["multipart", "urlencoded"],
)
def test_a_well_formed_form_body_still_updates(
    admin_client: Client, body: str, content_type: str
) -> None:
    WidgetFactory(name="formWidget", info_url="https://example.com/kept")

    response = patch(admin_client, body, content_type)

    assert response.status_code == 200, response.content[:500]
    assert Widget.objects.get().info_url == "https://example.com/new"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b"", MULTIPART), (f"--{BOUNDARY}--\r\n", MULTIPART), (b"", URLENCODED)],
    ids=["no-body", "closing-boundary-alone", "urlencoded-no-body"],
)
def test_an_empty_form_is_still_an_empty_update(
    admin_client: Client, body: bytes | str, content_type: str
) -> None:
    WidgetFactory(name="formWidget", info_url="https://example.com/kept")

    assert patch(admin_client, body, content_type).status_code == 200
