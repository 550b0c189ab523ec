"""`demo_admin` (`make demo`): an admin to sign in with, created once and reused."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import SecurityEvent, Session, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def demo_admin(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    """Run the command and return the email and password it prints."""
    call_command("demo_admin", *args)
    out = capsys.readouterr().out
    printed = re.search(r"Email:\s+(\S+)\n\s+Password:\s+(\S+)", out)
    assert printed, out
    return printed.group(1), printed.group(2)


def log_in(email: str, password: str) -> int:
    response = APIClient().post(reverse("accounts:login"), {"email": email, "password": password})
    return response.status_code


def test_demo_admin_creates_an_admin_that_signs_in_with_the_printed_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    email, password = demo_admin(capsys)

    admin = User.objects.get()
    assert (admin.email, admin.is_staff, admin.is_superuser) == (email, True, True)
    assert email == "admin@example.com"
    assert log_in(email, password) == 200
    assert APIClient().login(email=email, password=password)  # the admin site's sign-in


def test_demo_admin_reuses_the_admin_with_a_new_password_and_ends_its_sessions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    email, first = demo_admin(capsys)
    assert log_in(email, first) == 200

    again, second = demo_admin(capsys)

    assert again == email
    assert User.objects.count() == 1
    assert second != first
    assert not Session.objects.live().exists()
    assert SecurityEvent.objects.filter(kind="password_changed", actor="command").count() == 1
    assert log_in(email, first) == 401
    assert log_in(email, second) == 200


def test_demo_admin_takes_another_email(
    capsys: pytest.CaptureFixture[str],
) -> None:
    email, password = demo_admin(capsys, "--email", "demo@example.org")

    assert email == "demo@example.org"
    assert log_in(email, password) == 200


def test_demo_admin_never_promotes_an_existing_user() -> None:
    user: User = UserFactory.create(email="admin@example.com")

    with pytest.raises(CommandError, match="not an active admin"):
        call_command("demo_admin")

    user.refresh_from_db()
    assert not user.is_staff
