from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Session
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("accounts:user")


def test_user_answers_with_the_current_user(auth_client, user):
    response = auth_client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "public_id": str(user.public_id),
        "email": user.email,
        "admin": False,
        "registered_on": user.date_joined.isoformat().replace("+00:00", "Z"),
        "email_verified": False,
        "token_expires_in": response.json()["token_expires_in"],
    }
    assert 895 <= response.json()["token_expires_in"] <= 900


def test_token_expires_in_counts_down_in_whole_seconds(tokens, bearer):
    with time_machine.travel(timezone.now() + timedelta(seconds=600.5)):
        remaining = bearer(tokens["access"]).get(URL).json()["token_expires_in"]

    assert isinstance(remaining, int)
    assert 295 <= remaining <= 300


def test_an_expired_access_token_is_refused(tokens, bearer):
    with time_machine.travel(timezone.now() + timedelta(seconds=901)):
        response = bearer(tokens["access"]).get(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'


def test_admin_rights_come_from_the_database_on_every_request(user, auth_client):
    user.is_staff = True
    user.save()
    assert auth_client.get(URL).json()["admin"] is True

    user.is_staff = False
    user.save()
    assert auth_client.get(URL).json()["admin"] is False


def test_a_deactivated_user_is_refused_at_once(user, auth_client):
    user.is_active = False
    user.save()

    assert auth_client.get(URL).status_code == 401


def test_a_deleted_users_token_is_refused(user, auth_client):
    user.delete()

    assert auth_client.get(URL).status_code == 401


def test_a_browser_session_sees_the_user_without_a_token_expiry(api_client, user):
    api_client.force_login(user)

    response = api_client.get(URL)

    assert response.status_code == 200
    assert response.json()["token_expires_in"] is None


def test_the_current_user_costs_at_most_two_queries(auth_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert auth_client.get(URL).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(auth_client, django_assert_num_queries):
    session = Session.objects.get()
    with django_assert_num_queries(1):
        auth_client.get(URL)
    assert Session.objects.get().last_used_at == session.last_used_at

    with (
        time_machine.travel(timezone.now() + timedelta(seconds=61)),
        django_assert_num_queries(2),
    ):
        auth_client.get(URL)
    assert Session.objects.get().last_used_at > session.last_used_at


@pytest.mark.parametrize("name", ["accounts:user", "accounts:sessions"])
def test_paths_answer_with_and_without_the_trailing_slash(auth_client, name):
    url = reverse(name).rstrip("/")

    assert auth_client.get(url).status_code == 200
    assert auth_client.get(f"{url}/").status_code == 200


def test_post_paths_answer_with_the_trailing_slash_and_without_redirects(api_client, user):
    url = reverse("accounts:login").rstrip("/")

    response = api_client.post(f"{url}/", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 200
