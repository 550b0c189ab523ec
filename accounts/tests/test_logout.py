import pytest
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.models import Session

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
