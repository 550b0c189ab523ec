from typing import Any

import pytest
from rest_framework.test import APIClient

from widgets.tests.factories import AdminFactory, UserFactory


@pytest.fixture
def admin(db: None) -> Any:
    return AdminFactory()


@pytest.fixture
def user(db: None) -> Any:
    return UserFactory()


@pytest.fixture
def admin_api(admin: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(admin)
    return client


@pytest.fixture
def user_api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def anon_api() -> APIClient:
    return APIClient()


@pytest.fixture
def frozen_clock(time_machine: Any) -> None:
    """Noon UTC on 2026-06-01, standing still."""
    time_machine.move_to("2026-06-01 12:00:00+00:00", tick=False)
