from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import Session

pytestmark = pytest.mark.django_db
URL = reverse("accounts:refresh")
USER_URL = reverse("accounts:user")
# The default JWT_REFRESH_REUSE_INTERVAL: a replay is one presented later than this.
REUSE_INTERVAL = timedelta(seconds=10)


def test_refresh_rotates_the_pair(api_client, tokens, bearer):
    response = api_client.post(URL, {"refresh": tokens["refresh"]})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh", "token_type", "expires_in"}
    assert body["refresh"] != tokens["refresh"]
    assert body["access"] != tokens["access"]
    assert response["Cache-Control"] == "no-store"
    assert bearer(body["access"]).get(USER_URL).status_code == 200
    assert api_client.post(URL, {"refresh": body["refresh"]}).status_code == 200


def test_refresh_records_issued_and_consumed_tokens_in_the_blacklist_app(api_client, tokens):
    api_client.post(URL, {"refresh": tokens["refresh"]})

    assert OutstandingToken.objects.count() == 2
    assert BlacklistedToken.objects.count() == 1


def test_a_replayed_refresh_token_is_refused_and_revokes_the_whole_session(
    api_client, tokens, bearer
):
    rotated = api_client.post(URL, {"refresh": tokens["refresh"]}).json()

    with time_machine.travel(timezone.now() + REUSE_INTERVAL + timedelta(seconds=1)):
        replay = api_client.post(URL, {"refresh": tokens["refresh"]})

    assert replay.status_code == 401
    assert Session.objects.get().revoked_at is not None
    assert api_client.post(URL, {"refresh": rotated["refresh"]}).status_code == 401
    assert bearer(rotated["access"]).get(USER_URL).status_code == 401
    assert bearer(tokens["access"]).get(USER_URL).status_code == 401


def test_a_replay_revokes_only_its_own_session(api_client, user, login, bearer):
    stolen, other = login(user), login(user)
    api_client.post(URL, {"refresh": stolen["refresh"]})

    with time_machine.travel(timezone.now() + REUSE_INTERVAL + timedelta(seconds=1)):
        assert api_client.post(URL, {"refresh": stolen["refresh"]}).status_code == 401

    assert bearer(other["access"]).get(USER_URL).status_code == 200
    assert bearer(stolen["access"]).get(USER_URL).status_code == 401


def test_an_access_token_is_not_a_refresh_token(api_client, tokens):
    response = api_client.post(URL, {"refresh": tokens["access"]})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("refresh", ["", "garbage", "a.b.c", "x" * 5000])
def test_a_malformed_refresh_token_is_refused_without_a_server_error(api_client, refresh):
    response = api_client.post(URL, {"refresh": refresh})

    assert response.status_code in {400, 401}


def test_refresh_without_a_token_names_the_field(api_client):
    response = api_client.post(URL, {})

    assert response.status_code == 400
    assert list(response.json()) == ["refresh"]


def test_an_expired_refresh_token_is_refused(api_client, tokens):
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        response = api_client.post(URL, {"refresh": tokens["refresh"]})

    assert response.status_code == 401


def test_a_refresh_token_works_until_it_expires(api_client, tokens):
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        response = api_client.post(URL, {"refresh": tokens["refresh"]})

    assert response.status_code == 200


def test_refresh_moves_the_session_expiry_forward(api_client, tokens):
    before = Session.objects.get().expires_at
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        api_client.post(URL, {"refresh": tokens["refresh"]})

    session = Session.objects.get()
    assert session.expires_at - before >= timedelta(days=1) - timedelta(seconds=1)
    assert session.last_used_at > session.created_at


def test_refresh_of_a_deactivated_user_is_refused(api_client, user, tokens):
    user.is_active = False
    user.save()

    assert api_client.post(URL, {"refresh": tokens["refresh"]}).status_code == 401


def test_refresh_of_a_deleted_user_is_refused(api_client, user, tokens):
    user.delete()

    assert api_client.post(URL, {"refresh": tokens["refresh"]}).status_code == 401


def test_refresh_of_a_logged_out_session_is_refused(api_client, tokens, auth_client):
    auth_client.post(reverse("accounts:logout"))

    assert api_client.post(URL, {"refresh": tokens["refresh"]}).status_code == 401


def test_a_refresh_token_blacklisted_elsewhere_counts_as_used(api_client, tokens):
    BlacklistedToken.objects.create(token=OutstandingToken.objects.get())

    response = api_client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]})

    assert response.status_code == 401
    assert Session.objects.get().revoked_at is not None


@pytest.mark.parametrize("refresh", [" ", "\x85", "\u2028"])
def test_a_refresh_token_of_whitespace_alone_is_an_invalid_token_not_a_blank_field(
    api_client, refresh
):
    response = api_client.post(URL, {"refresh": refresh}, format="multipart")

    assert response.status_code == 401
