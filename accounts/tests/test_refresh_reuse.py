"""JWT_REFRESH_REUSE_INTERVAL: the token a refresh just exchanged, presented again soon, gets the
token that exchange issued; later, or any older token, is a replay that revokes the session."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import SecurityEvent, Session

pytestmark = pytest.mark.django_db
URL = reverse("accounts:refresh")
USER_URL = reverse("accounts:user")


def test_the_just_exchanged_token_gets_the_very_same_new_refresh_token(api_client, tokens, bearer):
    first = api_client.post(URL, {"refresh": tokens["refresh"]}).json()

    with time_machine.travel(timezone.now() + timedelta(seconds=9)):
        again = api_client.post(URL, {"refresh": tokens["refresh"]})
        assert bearer(again.json()["access"]).get(USER_URL).status_code == 200

    assert again.status_code == 200
    assert again.json()["refresh"] == first["refresh"]
    assert Session.objects.get().revoked_at is None
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.REFRESH_REPLAYED).exists()


def test_the_token_handed_out_twice_then_refreshes_normally(api_client, tokens):
    first = api_client.post(URL, {"refresh": tokens["refresh"]}).json()
    api_client.post(URL, {"refresh": tokens["refresh"]})

    next_pair = api_client.post(URL, {"refresh": first["refresh"]})

    assert next_pair.status_code == 200
    assert next_pair.json()["refresh"] != first["refresh"]


def test_the_old_token_after_the_interval_is_a_replay_that_revokes_the_session(
    api_client, tokens, bearer
):
    first = api_client.post(URL, {"refresh": tokens["refresh"]}).json()

    with time_machine.travel(timezone.now() + timedelta(seconds=11)):
        replay = api_client.post(URL, {"refresh": tokens["refresh"]})

    assert replay.status_code == 401
    assert Session.objects.get().revoked_at is not None
    assert api_client.post(URL, {"refresh": first["refresh"]}).status_code == 401
    assert bearer(first["access"]).get(USER_URL).status_code == 401
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.REFRESH_REPLAYED)
    assert event.session_id == Session.objects.get().pk


def test_a_token_older_than_the_immediate_predecessor_is_a_replay_even_within_the_interval(
    api_client, tokens
):
    first = api_client.post(URL, {"refresh": tokens["refresh"]}).json()
    api_client.post(URL, {"refresh": first["refresh"]})

    replay = api_client.post(URL, {"refresh": tokens["refresh"]})

    assert replay.status_code == 401
    assert Session.objects.get().revoked_at is not None


def test_an_interval_of_zero_makes_every_second_use_a_replay(api_client, tokens, settings):
    settings.JWT_REFRESH_REUSE_INTERVAL = timedelta(0)
    api_client.post(URL, {"refresh": tokens["refresh"]})

    assert api_client.post(URL, {"refresh": tokens["refresh"]}).status_code == 401
    assert Session.objects.get().revoked_at is not None


def test_the_reissued_access_token_is_new(api_client, tokens):
    first = api_client.post(URL, {"refresh": tokens["refresh"]}).json()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        again = api_client.post(URL, {"refresh": tokens["refresh"]}).json()
        access = AccessToken(again["access"])

    assert access["jti"] != AccessToken(first["access"])["jti"]
    assert again["expires_in"] == 900
