import pytest
from django.db import IntegrityError

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_emails_are_unique_in_any_case_in_the_database():
    UserFactory(email="ada@example.com")

    with pytest.raises(IntegrityError):
        User.objects.create_user("ADA@example.com", PASSWORD)


def test_a_user_needs_an_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", PASSWORD)


def test_a_superuser_must_be_staff():
    with pytest.raises(ValueError, match="is_staff"):
        User.objects.create_superuser("root@example.com", PASSWORD, is_staff=False)


def test_the_admin_site_signs_in_with_any_case_of_the_email(client):
    UserFactory(email="Root@example.com", is_staff=True)

    assert client.login(username="ROOT@EXAMPLE.COM", password=PASSWORD)
