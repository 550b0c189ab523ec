"""The query budgets of issue 7, for the whole stack: JWT authentication plus the widget views."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import PASSWORD, AdminFactory
from widgets import deadlines
from widgets.tests.factories import WidgetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> User:
    return AdminFactory.create()


@pytest.fixture
def admin_client(admin: User) -> APIClient:
    login = APIClient().post(
        reverse("accounts:login"), {"email": admin.email, "password": PASSWORD}
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")
    return client


@pytest.mark.parametrize("page_size", [1, 100])
def test_a_widget_page_costs_at_most_four_queries_whatever_its_size(
    admin: User,
    admin_client: APIClient,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    page_size: int,
) -> None:
    WidgetFactory.create_batch(120, owner=admin)

    with django_assert_max_num_queries(4):
        response = admin_client.get(reverse("widgets:widget-list"), {"page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size


def test_a_widget_detail_costs_at_most_three_queries(
    admin: User, admin_client: APIClient, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    widget = WidgetFactory.create(owner=admin)

    with django_assert_max_num_queries(3):
        response = admin_client.get(reverse("widgets:widget-detail", args=[widget.name]))

    assert response.status_code == 200


def test_a_widget_create_costs_at_most_six_queries(
    admin_client: APIClient, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    body = {
        "name": "budgeted",
        "info_url": "https://example.com/budgeted",
        "deadline": (deadlines.today() + timedelta(days=3)).isoformat(),
    }

    with django_assert_max_num_queries(6):
        response = admin_client.post(reverse("widgets:widget-list"), body)

    assert response.status_code == 201


@pytest.mark.usefixtures("shared_cache")
@pytest.mark.parametrize("session_cached", [False, True], ids=["session-read", "session-cached"])
def test_a_cached_widget_read_costs_at_most_the_session_query(
    admin: User,
    admin_client: APIClient,
    django_assert_num_queries: DjangoAssertNumQueries,
    settings: Any,
    session_cached: bool,
) -> None:
    settings.ACCOUNTS_SESSION_CACHE_SECONDS = 60 if session_cached else 0
    widget = WidgetFactory.create(owner=admin)
    paths = [reverse("widgets:widget-list"), reverse("widgets:widget-detail", args=[widget.name])]
    for path in paths:
        assert admin_client.get(path).status_code == 200  # now in the cache

    for path in paths:
        with django_assert_num_queries(0 if session_cached else 1):
            assert admin_client.get(path).status_code == 200
