"""Browser (cookie) sessions end with every revocation, and are listed and ended like tokens."""

from typing import Any

import pytest
from django.contrib.sessions.models import Session as StoredSession
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import BrowserSession, SecurityEvent, User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_files")]
WIDGETS = reverse("widgets:widget-list")
SESSIONS = reverse("accounts:sessions")


def browser_for(user: User, **headers: Any) -> Client:
    """A browser signed in through the browsable API's login page."""
    browser = Client(enforce_csrf_checks=False)
    response = browser.post(
        reverse("rest_framework:login"), {"username": user.email, "password": PASSWORD}, **headers
    )
    assert response.status_code == 302, response.content
    assert browser.get(WIDGETS).status_code == 200
    return browser


def test_logout_all_ends_the_browser_sessions(user, auth_client):
    browser = browser_for(user)

    assert auth_client.post(reverse("accounts:logout-all")).status_code == 204

    assert browser.get(WIDGETS).status_code == 401
    assert not BrowserSession.objects.exists()


def test_the_revoke_sessions_command_ends_the_browser_sessions(user, capsys):
    browser = browser_for(user)

    call_command("revoke_sessions", user.email)

    assert "Revoked 1 session(s)" in capsys.readouterr().out
    assert browser.get(WIDGETS).status_code == 401


def test_the_admin_action_ends_the_browser_sessions(user):
    browser = browser_for(user)
    root = UserFactory.create(is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(root)

    response = admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "revoke_all_sessions", "_selected_action": [user.pk]},
        follow=True,
    )

    assert "Revoked 1 session(s)" in response.content.decode()
    assert browser.get(WIDGETS).status_code == 401
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSION_REVOKED)
    assert (event.user, event.actor) == (user, SecurityEvent.Actor.ADMIN)


def test_a_password_change_ends_the_browser_sessions(user, auth_client):
    browser = browser_for(user)

    response = auth_client.post(
        reverse("accounts:password"),
        {"current_password": PASSWORD, "new_password": "a-new-Passphrase-42"},
    )

    assert response.status_code == 200
    assert browser.get(WIDGETS).status_code == 401


def test_deactivating_a_user_in_the_admin_ends_every_session(user, tokens, bearer):
    browser = browser_for(user)
    root = UserFactory.create(is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(root)
    change = reverse("admin:accounts_user_change", args=[user.pk])
    form = {"email": user.email, "is_active": "", "is_staff": "", "sessions-TOTAL_FORMS": "0"}
    form |= {"sessions-INITIAL_FORMS": "0", "date_joined_0": "2026-01-01", "date_joined_1": "0:00"}

    response = admin.post(change, form)

    assert response.status_code == 302, response.content
    assert browser.get(WIDGETS).status_code == 401
    assert bearer(tokens["access"]).get(reverse("accounts:user")).status_code == 401
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.USER_DEACTIVATED, user=user)


def test_revoking_one_user_leaves_another_users_browser_session(user, auth_client):
    other = browser_for(UserFactory.create())

    auth_client.post(reverse("accounts:logout-all"))

    assert other.get(WIDGETS).status_code == 200


def test_the_session_list_shows_browser_sessions_and_deletes_them(user, auth_client):
    browser = browser_for(user, HTTP_USER_AGENT="Firefox", REMOTE_ADDR="203.0.113.5")
    kept = browser_for(user)

    listed = auth_client.get(SESSIONS).json()

    kinds = sorted(item["kind"] for item in listed)
    assert kinds == ["browser", "browser", "token"]
    firefox = next(item for item in listed if item["user_agent"] == "Firefox")
    assert (firefox["ip_address"], firefox["current"], firefox["last_used_at"]) == (
        "203.0.113.5",
        False,
        None,
    )
    assert firefox["expires_at"].endswith("Z")
    response = auth_client.delete(reverse("accounts:session-detail", kwargs={"pk": firefox["id"]}))
    assert response.status_code == 204
    assert browser.get(WIDGETS).status_code == 401
    assert kept.get(WIDGETS).status_code == 200
    assert [item["kind"] for item in auth_client.get(SESSIONS).json()].count("browser") == 1


def test_another_users_browser_session_is_not_found(auth_client):
    browser_for(UserFactory.create())
    other = BrowserSession.objects.get()

    response = auth_client.delete(reverse("accounts:session-detail", kwargs={"pk": other.pk}))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_expired_browser_session_is_not_listed(user, auth_client):
    browser_for(user)
    StoredSession.objects.update(expire_date="2000-01-01T00:00:00Z")

    assert [item["kind"] for item in auth_client.get(SESSIONS).json()] == ["token"]


def test_a_browser_logout_is_logged_and_forgets_the_session(user):
    browser = browser_for(user)

    browser.post(reverse("rest_framework:logout"))

    assert not BrowserSession.objects.exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGOUT, user=user).exists()


def test_every_browser_session_of_the_user_ends_at_once(user):
    browser = browser_for(user)
    api = APIClient()
    api.force_login(user)

    assert api.get(WIDGETS).status_code == 200
    call_command("revoke_sessions", user.email)

    assert api.get(WIDGETS).status_code == 401
    assert browser.get(WIDGETS).status_code == 401


def test_logging_in_twice_in_one_browser_keeps_one_session(user, auth_client):
    browser = browser_for(user)
    again = browser.post(
        reverse("rest_framework:login"), {"username": user.email, "password": PASSWORD}
    )

    assert again.status_code == 302
    assert BrowserSession.objects.count() == 1
    assert [item["kind"] for item in auth_client.get(SESSIONS).json()].count("browser") == 1
