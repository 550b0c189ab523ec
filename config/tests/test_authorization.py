"""Who may write widgets, with real Bearer tokens from the login endpoint: every write, as
anonymous (401), as a regular user (403), as an admin demoted after login (403: the database
decides, not the token) and as an admin (success)."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from widgets.models import Widget

pytestmark = pytest.mark.django_db

PASSWORD = "correct-Horse-battery-9"
DEADLINE = (timezone.now().date() + timedelta(days=30)).isoformat()
BODY = {"name": "target", "info_url": "https://example.com/", "deadline": DEADLINE}
# (method, the widget in the path or None for the list, body, the admin's success status)
WRITES = [
    ("post", None, {**BODY, "name": "fresh"}, 201),
    ("put", "target", {**BODY, "info_url": "https://example.net/"}, 200),
    ("put", "created", {**BODY, "name": "created"}, 201),
    ("patch", "target", {"info_url": "https://example.org/"}, 200),
    ("delete", "target", None, 204),
]
IDS = ["create", "replace", "create by PUT", "update", "delete"]


def url_of(name: str | None) -> str:
    if name is None:
        return reverse("widgets:widget-list")
    return reverse("widgets:widget-detail", kwargs={"name": name})


@pytest.fixture
def target() -> Widget:
    owner = get_user_model().objects.create_user("owner@example.com", PASSWORD, is_staff=True)
    return Widget.objects.create(
        name="target", info_url="https://example.com/", deadline=DEADLINE, owner=owner
    )


def bearer_for(is_staff: bool) -> tuple[APIClient, Any]:
    email = f"{'admin' if is_staff else 'user'}@example.com"
    user = get_user_model().objects.create_user(email, PASSWORD, is_staff=is_staff)
    client = APIClient()
    login = client.post(reverse("accounts:login"), {"email": email, "password": PASSWORD})
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")
    return client, user


def snapshot() -> list[tuple[Any, ...]]:
    return list(Widget.objects.order_by("pk").values_list("name", "info_url", "deadline"))


@pytest.mark.parametrize(("method", "name", "body", "success"), WRITES, ids=IDS)
def test_anonymous_writes_are_401_and_change_nothing(
    target: Widget, method: str, name: str | None, body: Any, success: int
) -> None:
    before = snapshot()

    response = getattr(APIClient(), method)(url_of(name), body)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert snapshot() == before


@pytest.mark.parametrize("demoted", [False, True], ids=["user", "admin demoted after login"])
@pytest.mark.parametrize(("method", "name", "body", "success"), WRITES, ids=IDS)
def test_a_non_admins_writes_are_403_and_change_nothing(
    target: Widget, method: str, name: str | None, body: Any, success: int, demoted: bool
) -> None:
    client, user = bearer_for(is_staff=demoted)
    user.is_staff = False
    user.save()
    before = snapshot()

    assert getattr(client, method)(url_of(name), body).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("method", "name", "body", "success"), WRITES, ids=IDS)
def test_an_admins_writes_succeed(
    target: Widget, method: str, name: str | None, body: Any, success: int
) -> None:
    client, _ = bearer_for(is_staff=True)
    before = snapshot()

    assert getattr(client, method)(url_of(name), body).status_code == success
    assert snapshot() != before
