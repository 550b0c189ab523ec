from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import PASSWORD, AdminFactory, UserFactory

Tokens = dict[str, Any]


@pytest.fixture
def user(db: None) -> User:
    return UserFactory.create()


@pytest.fixture
def admin(db: None) -> User:
    return AdminFactory.create()


@pytest.fixture
def login(db: None) -> Callable[..., Tokens]:
    """Log in through the API (a new session each call) and return the token pair."""

    def login(user: User, **headers: Any) -> Tokens:
        response = APIClient().post(
            reverse("accounts:login"), {"email": user.email, "password": PASSWORD}, **headers
        )
        assert response.status_code == 200, response.content
        return response.json()

    return login


@pytest.fixture
def tokens(user: User, login: Callable[..., Tokens]) -> Tokens:
    return login(user)


@pytest.fixture
def bearer() -> Callable[[str], APIClient]:
    """A client of its own that sends the given access token."""

    def bearer(access: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        return client

    return bearer


@pytest.fixture
def auth_client(tokens: Tokens, bearer: Callable[[str], APIClient]) -> APIClient:
    return bearer(tokens["access"])


@pytest.fixture
def rates(settings):
    """Set some throttle rates for one test; the others keep their configured values."""

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **rates,
            },
        }

    return set_rates
