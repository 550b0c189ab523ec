from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.models import Session
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
USER_URL = reverse("accounts:user")
REFRESH_URL = reverse("accounts:refresh")


def test_logout_revokes_the_session_at_once_for_every_client(user, login, bearer, api_client):
    tokens = login(user)
    # Another access token of the same session, from a refresh.
    second = api_client.post(REFRESH_URL, {"refresh": tokens["refresh"]}).json()
    other_session = login(user)

    response = bearer(tokens["access"]).post(reverse("accounts:logout"))

    assert response.status_code == 204
    for access in (tokens["access"], second["access"]):
        answer = bearer(access).get(USER_URL)
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'
    assert api_client.post(REFRESH_URL, {"refresh": second["refresh"]}).status_code == 401
    assert bearer(other_session["access"]).get(USER_URL).status_code == 200


def test_logout_blacklists_the_sessions_refresh_token(auth_client, tokens):
    auth_client.post(reverse("accounts:logout"))

    assert not OutstandingToken.objects.filter(blacklistedtoken__isnull=True).exists()


def test_logout_all_revokes_every_session_of_the_user(user, login, bearer):
    first, second = login(user), login(user)

    response = bearer(first["access"]).post(reverse("accounts:logout-all"))

    assert response.status_code == 204
    assert bearer(second["access"]).get(USER_URL).status_code == 401
    assert not Session.objects.live().exists()
    assert not OutstandingToken.objects.filter(blacklistedtoken__isnull=True).exists()


def test_logout_all_leaves_other_users_alone(user, admin, login, bearer):
    mine, theirs = login(user), login(admin)

    bearer(mine["access"]).post(reverse("accounts:logout-all"))

    assert bearer(theirs["access"]).get(USER_URL).status_code == 200


@pytest.mark.parametrize("name", ["accounts:logout", "accounts:logout-all"])
def test_logout_needs_a_bearer_token(api_client, name):
    response = api_client.post(reverse(name))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_logging_out_twice_is_refused_the_second_time(auth_client):
    auth_client.post(reverse("accounts:logout"))

    assert auth_client.post(reverse("accounts:logout")).status_code == 401


LOGOUT_URL = reverse("accounts:logout")


def test_logout_with_only_a_refresh_token_revokes_its_session(user, login, api_client, bearer):
    tokens, other = login(user), login(user)

    response = api_client.post(LOGOUT_URL, {"refresh": tokens["refresh"]})

    assert response.status_code == 204
    assert bearer(tokens["access"]).get(USER_URL).status_code == 401
    assert api_client.post(REFRESH_URL, {"refresh": tokens["refresh"]}).status_code == 401
    assert bearer(other["access"]).get(USER_URL).status_code == 200


def test_logout_with_an_expired_access_token_still_works_with_the_refresh_token(api_client, tokens):
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        api_client.credentials()
        response = api_client.post(LOGOUT_URL, {"refresh": tokens["refresh"]})

    assert response.status_code == 204
    assert Session.objects.get().revoked_at is not None


@pytest.mark.parametrize("refresh", ["", "not-a-token", "a.b.c"])
def test_logout_with_an_invalid_refresh_token_is_a_401_or_names_the_field(api_client, refresh):
    response = api_client.post(LOGOUT_URL, {"refresh": refresh})

    assert response.status_code in {400, 401}
    if response.status_code == 400:
        assert list(response.json()) == ["refresh"]


def test_logout_with_an_access_token_as_the_refresh_token_is_a_401(api_client, tokens):
    response = api_client.post(LOGOUT_URL, {"refresh": tokens["access"]})

    assert response.status_code == 401
    assert Session.objects.get().revoked_at is None


def test_logout_with_another_users_refresh_token_is_a_401(user, login, bearer):
    mine = login(user)
    theirs = login(UserFactory.create())

    response = bearer(mine["access"]).post(LOGOUT_URL, {"refresh": theirs["refresh"]})

    assert response.status_code == 401
    assert not Session.objects.filter(revoked_at__isnull=False).exists()


def test_logout_with_the_refresh_token_of_an_ended_session_is_a_401(api_client, tokens):
    assert api_client.post(LOGOUT_URL, {"refresh": tokens["refresh"]}).status_code == 204

    assert api_client.post(LOGOUT_URL, {"refresh": tokens["refresh"]}).status_code == 401


def test_logout_without_any_token_is_a_401_with_a_challenge(api_client):
    response = api_client.post(LOGOUT_URL, {})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_a_blank_refresh_token_is_an_invalid_one_not_a_bearer_logout(auth_client, fmt):
    response = auth_client.post(LOGOUT_URL, {"refresh": ""}, format=fmt)

    assert response.status_code == 401
    assert Session.objects.get().revoked_at is None
