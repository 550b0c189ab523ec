import pytest
from django.urls import reverse

from accounts.models import Session
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("accounts:password")
USER_URL = reverse("accounts:user")
NEW = "granite-Meadow-42-lantern"


def test_password_change_answers_with_a_fresh_pair_and_revokes_every_other_token(
    user, login, bearer, api_client
):
    current, other = login(user), login(user)

    response = bearer(current["access"]).post(
        URL, {"current_password": PASSWORD, "new_password": NEW}
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    fresh = response.json()
    assert set(fresh) == {"access", "refresh", "token_type", "expires_in"}
    user.refresh_from_db()
    assert user.check_password(NEW)
    for access in (current["access"], other["access"]):
        assert bearer(access).get(USER_URL).status_code == 401
    for refresh in (current["refresh"], other["refresh"]):
        assert api_client.post(reverse("accounts:refresh"), {"refresh": refresh}).status_code == 401
    assert bearer(fresh["access"]).get(USER_URL).status_code == 200
    assert Session.objects.live().count() == 1


def test_a_wrong_current_password_is_rejected_on_that_field(auth_client, user):
    response = auth_client.post(URL, {"current_password": "nope", "new_password": NEW})

    assert response.status_code == 400
    assert list(response.json()) == ["current_password"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert auth_client.get(USER_URL).status_code == 200


@pytest.mark.parametrize("new", ["short", "password", "123456789012", "the email"])
def test_a_weak_new_password_is_rejected_on_that_field(auth_client, user, new):
    new_password = user.email if new == "the email" else new

    response = auth_client.post(URL, {"current_password": PASSWORD, "new_password": new_password})

    assert response.status_code == 400
    assert list(response.json()) == ["new_password"]


def test_password_change_needs_a_bearer_token(api_client):
    response = api_client.post(URL, {"current_password": PASSWORD, "new_password": NEW})

    assert response.status_code == 401


def test_guessing_the_current_password_is_throttled(auth_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login_email": "2/15m",
        },
    }
    for _ in range(2):
        assert (
            auth_client.post(URL, {"current_password": "x", "new_password": NEW}).status_code == 400
        )

    response = auth_client.post(URL, {"current_password": PASSWORD, "new_password": NEW})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
