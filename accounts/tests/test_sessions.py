from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Session
from accounts.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:sessions")


def detail(session_id):
    return reverse("accounts:session-detail", kwargs={"pk": session_id})


def test_sessions_lists_the_live_sessions_and_marks_the_current_one(user, login, bearer):
    mine = login(user, HTTP_USER_AGENT="phone", REMOTE_ADDR="203.0.113.7")
    login(user, HTTP_USER_AGENT="laptop")
    SessionFactory(user=user, revoked_at=timezone.now())
    SessionFactory(user=user, expires_at=timezone.now() - timedelta(seconds=1))
    SessionFactory()

    response = bearer(mine["access"]).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert [item["user_agent"] for item in body] == ["laptop", "phone"]
    assert [item["current"] for item in body] == [False, True]
    assert set(body[0]) == {
        "id",
        "kind",
        "created_at",
        "last_used_at",
        "expires_at",
        "user_agent",
        "ip_address",
        "current",
    }
    assert [item["kind"] for item in body] == ["token", "token"]
    assert body[1]["created_at"].endswith("Z")


def test_the_client_ip_is_read_through_the_trusted_proxy_hop(user, login, bearer):
    tokens = login(user, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4")

    assert bearer(tokens["access"]).get(URL).json()[0]["ip_address"] == "198.51.100.4"


def test_a_user_agent_is_cleaned_and_truncated(user, login):
    login(user, HTTP_USER_AGENT="bot\x00\x07" + "x" * 400)

    assert Session.objects.get().user_agent == "bot" + "x" * 252


def test_an_address_that_is_not_an_ip_is_not_stored(user, login):
    login(user, HTTP_X_FORWARDED_FOR="not-an-ip")

    assert Session.objects.get().ip_address is None


def test_deleting_a_session_revokes_it(user, login, bearer):
    mine, other = login(user), login(user)
    other_id = Session.objects.latest("created_at").pk

    response = bearer(mine["access"]).delete(detail(other_id))

    assert response.status_code == 204
    assert bearer(other["access"]).get(URL).status_code == 401
    assert bearer(mine["access"]).get(URL).status_code == 200


def test_deleting_the_current_session_logs_out(auth_client):
    response = auth_client.delete(detail(Session.objects.get().pk))

    assert response.status_code == 204
    assert auth_client.get(URL).status_code == 401


def test_another_users_session_is_not_found(auth_client):
    theirs = SessionFactory.create()

    assert auth_client.delete(detail(theirs.pk)).status_code == 404
    assert Session.objects.get(pk=theirs.pk).revoked_at is None


@pytest.mark.parametrize("session_id", ["00000000-0000-0000-0000-000000000000", "0" * 32])
def test_an_unknown_session_is_not_found(auth_client, session_id):
    assert auth_client.delete(detail(session_id)).status_code == 404


def test_sessions_need_authentication(api_client):
    assert api_client.get(URL).status_code == 401


def test_a_session_id_without_dashes_or_in_capitals_finds_it(user, login, bearer):
    mine, other = login(user), login(user)
    other_id = Session.objects.latest("created_at").pk

    assert bearer(mine["access"]).delete(detail(other_id.hex)).status_code == 204
    # Now revoked: not found, in any spelling.
    assert bearer(mine["access"]).delete(detail(str(other_id).upper())).status_code == 404
    assert Session.objects.get(pk=other_id).revoked_at is not None
    assert bearer(other["access"]).get(URL).status_code == 401


def test_a_malformed_session_id_is_not_found(auth_client):
    response = auth_client.delete(detail("-" * 36))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
