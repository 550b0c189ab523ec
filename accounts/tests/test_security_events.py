"""The security log: every kind of event written, read by the user and by admins, kept for
SECURITY_EVENT_RETENTION_DAYS, never holding a secret."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent, Session
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_files")]
Kind, Actor = SecurityEvent.Kind, SecurityEvent.Actor
EVENTS = reverse("accounts:events")
NEW_PASSWORD = "a-new-Passphrase-42"


def kinds(user):
    return list(
        SecurityEvent.objects.filter(user=user).order_by("id").values_list("kind", flat=True)
    )


def test_a_login_is_logged_with_the_session_and_the_client(user, login):
    login(user, HTTP_USER_AGENT="phone", HTTP_X_FORWARDED_FOR="203.0.113.7")

    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.email) == (Kind.LOGIN, user, user.email)
    assert event.session_id == Session.objects.get().pk
    assert (event.ip_address, event.user_agent) == ("203.0.113.7", "phone")


def test_a_failed_login_is_logged_with_the_email_tried(api_client, user):
    api_client.post(reverse("accounts:login"), {"email": user.email.upper(), "password": "x"})
    api_client.post(reverse("accounts:login"), {"email": "nobody@example.com", "password": "x"})

    known, unknown = SecurityEvent.objects.order_by("id")
    # Normalized as a login normalizes it: the domain in lower case.
    tried = user.email.upper().replace("EXAMPLE.COM", "example.com")
    assert (known.kind, known.user, known.email) == (Kind.LOGIN_FAILED, user, tried)
    assert (unknown.kind, unknown.user, unknown.email) == (
        Kind.LOGIN_FAILED,
        None,
        "nobody@example.com",
    )


def test_a_login_refused_by_a_limit_is_logged(api_client, user):
    for _ in range(11):
        api_client.post(reverse("accounts:login"), {"email": user.email, "password": "x"})

    assert SecurityEvent.objects.filter(kind=Kind.LOGIN_THROTTLED, email=user.email).exists()


def test_logout_logout_all_and_a_deleted_session_are_logged_by_the_user(user, login, bearer):
    login(user)
    second, third = login(user), login(user)
    session = Session.objects.earliest("created_at")
    bearer(third["access"]).delete(reverse("accounts:session-detail", kwargs={"pk": session.pk}))
    bearer(second["access"]).post(reverse("accounts:logout"))
    bearer(third["access"]).post(reverse("accounts:logout-all"))

    logged = SecurityEvent.objects.exclude(kind=Kind.LOGIN).order_by("id")
    assert [(e.kind, e.actor) for e in logged] == [
        (Kind.SESSION_REVOKED, Actor.USER),
        (Kind.LOGOUT, Actor.USER),
        (Kind.LOGOUT_ALL, Actor.USER),
    ]
    assert logged[0].session_id == session.pk


def test_the_command_is_logged_as_the_actor(user, login):
    login(user)

    call_command("revoke_sessions", user.email)

    event = SecurityEvent.objects.get(kind=Kind.SESSION_REVOKED)
    assert (event.user, event.actor) == (user, Actor.COMMAND)


def test_a_replay_is_logged_and_its_revocation_by_the_server(api_client, tokens):
    api_client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]})
    with time_machine.travel(timezone.now() + timedelta(seconds=11)):
        api_client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]})

    replay = SecurityEvent.objects.get(kind=Kind.REFRESH_REPLAYED)
    revoked = SecurityEvent.objects.get(kind=Kind.SESSION_REVOKED)
    assert replay.session_id == revoked.session_id == Session.objects.get().pk
    assert revoked.actor == Actor.SYSTEM


def test_a_password_change_is_logged(user, auth_client):
    auth_client.post(
        reverse("accounts:password"), {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert kinds(user) == [Kind.LOGIN, Kind.PASSWORD_CHANGED, Kind.SESSION_REVOKED, Kind.LOGIN]


def test_a_failed_password_change_writes_nothing_but_the_failure(user, auth_client):
    auth_client.post(reverse("accounts:password"), {"current_password": "x", "new_password": "y"})

    assert kinds(user) == [Kind.LOGIN, Kind.LOGIN_FAILED]


def test_the_events_endpoint_lists_only_my_events_newest_first_in_pages(user, login, bearer):
    for _ in range(11):
        tokens = login(user)
    login(UserFactory.create())

    first = bearer(tokens["access"]).get(EVENTS)
    second = bearer(tokens["access"]).get(EVENTS, {"page": 2})

    assert first.status_code == 200
    body = first.json()
    assert (body["count"], body["page"], body["page_size"], body["total_pages"]) == (11, 1, 10, 2)
    assert body["previous"] is None
    assert body["next"].endswith("?page=2")
    assert 'rel="next"' in first["Link"]
    times = [event["created_at"] for event in body["results"]]
    assert times == sorted(times, reverse=True)
    assert set(body["results"][0]) == {
        "kind",
        "created_at",
        "email",
        "session_id",
        "actor",
        "ip_address",
        "user_agent",
    }
    assert len(second.json()["results"]) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "9" * 40}, "page_size"),
    ],
)
def test_bad_page_parameters_are_a_400_naming_them(auth_client, params, field):
    response = auth_client.get(EVENTS, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


# The schema says only "an integer from 1": one too large for 64 bits is a page past the last.
@pytest.mark.parametrize("page", ["5", "4611686018427387903", "9" * 40])
def test_a_page_past_the_last_is_a_json_404(auth_client, page):
    response = auth_client.get(EVENTS, {"page": page})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_events_endpoint_needs_a_bearer_token(api_client):
    assert api_client.get(EVENTS).status_code == 401


def test_no_event_holds_a_password_a_token_or_a_hash(user, login, api_client):
    tokens = login(user)
    api_client.post(reverse("accounts:login"), {"email": user.email, "password": "guess-1234"})
    api_client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]})
    user.refresh_from_db()

    stored = " ".join(str(value) for row in SecurityEvent.objects.values_list() for value in row)
    for secret in (PASSWORD, "guess-1234", tokens["access"], tokens["refresh"], user.password):
        assert secret not in stored


def test_flushexpiredtokens_deletes_events_past_the_retention(user, login, settings):
    settings.SECURITY_EVENT_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        login(user)
    login(user)

    call_command("flushexpiredtokens")

    assert SecurityEvent.objects.count() == 1


def test_the_admin_shows_the_log_read_only_with_filters_and_search(user, login):
    login(user, HTTP_X_FORWARDED_FOR="203.0.113.7")
    login(UserFactory.create(email="other@example.com"))
    root = UserFactory.create(is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(root)
    changelist = reverse("admin:accounts_securityevent_changelist")

    found = admin.get(changelist, {"q": "203.0.113.7"})
    filtered = admin.get(changelist, {"kind": Kind.LOGIN, "user__id__exact": user.pk})
    event = SecurityEvent.objects.get(user=user)

    assert found.status_code == filtered.status_code == 200
    assert "203.0.113.7" in found.content.decode()
    assert list(filtered.context["cl"].result_list) == [SecurityEvent.objects.get(user=user)]
    assert admin.get(reverse("admin:accounts_securityevent_add")).status_code == 403
    detail = admin.get(reverse("admin:accounts_securityevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert b'name="kind"' not in detail.content
    deleted = admin.post(reverse("admin:accounts_securityevent_delete", args=[event.pk]))
    assert deleted.status_code == 403
