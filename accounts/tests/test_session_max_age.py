"""JWT_SESSION_MAX_AGE caps a session however often it is refreshed; the refresh token lifetime
stays its idle timeout."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.models import Session
from accounts.tokens import SessionRefreshToken

pytestmark = pytest.mark.django_db
URL = reverse("accounts:refresh")
MAX_AGE = timedelta(days=30)


def test_refreshing_every_six_days_ends_at_login_plus_the_maximum_age(api_client, tokens):
    login_time = Session.objects.get().created_at
    refresh = tokens["refresh"]
    for day in range(6, 30, 6):
        with time_machine.travel(login_time + timedelta(days=day)):
            response = api_client.post(URL, {"refresh": refresh})
            assert response.status_code == 200, f"day {day}"
            refresh = response.json()["refresh"]

    # Issued on day 24: it would live 7 days, but expires with the session on day 30.
    with time_machine.travel(login_time + timedelta(days=25)):
        token = SessionRefreshToken(refresh)
    assert datetime_from_epoch(token["exp"]) == (login_time + MAX_AGE).replace(microsecond=0)
    assert Session.objects.get().expires_at == datetime_from_epoch(token["exp"])
    with time_machine.travel(login_time + MAX_AGE + timedelta(seconds=1)):
        assert api_client.post(URL, {"refresh": refresh}).status_code == 401


def test_an_access_token_issued_near_the_end_does_not_outlive_the_session(
    api_client, tokens, settings
):
    login_time = Session.objects.get().created_at
    with time_machine.travel(login_time + timedelta(days=6)):
        refresh = api_client.post(URL, {"refresh": tokens["refresh"]}).json()["refresh"]
    for day in (12, 18, 24):
        with time_machine.travel(login_time + timedelta(days=day)):
            refresh = api_client.post(URL, {"refresh": refresh}).json()["refresh"]
    with time_machine.travel(login_time + MAX_AGE - timedelta(minutes=5)):
        body = api_client.post(URL, {"refresh": refresh}).json()

        access = AccessToken(body["access"])
        assert datetime_from_epoch(access["exp"]) <= login_time + MAX_AGE
        assert body["expires_in"] <= 5 * 60


def test_a_shorter_maximum_age_applies_from_login(api_client, user, login, settings):
    settings.JWT_SESSION_MAX_AGE = timedelta(hours=1)
    tokens = login(user)

    token = SessionRefreshToken(tokens["refresh"])

    assert datetime_from_epoch(token["exp"]) <= timezone.now() + timedelta(hours=1)


def test_the_session_list_shows_when_each_session_ends(tokens, bearer):
    body = bearer(tokens["access"]).get(reverse("accounts:sessions")).json()

    session = Session.objects.get()
    assert body[0]["expires_at"] == session.expires_at.isoformat().replace("+00:00", "Z")


def test_a_session_older_than_the_maximum_age_is_refused_even_if_not_expired(api_client, tokens):
    # A session from before the cap (or a cap lowered since): its refresh token is still valid.
    Session.objects.update(created_at=timezone.now() - MAX_AGE - timedelta(days=1))

    response = api_client.post(URL, {"refresh": tokens["refresh"]})

    assert response.status_code == 401
