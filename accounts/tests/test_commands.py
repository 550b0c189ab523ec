from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.models import Session, User, UserQuerySet
from accounts.tests.factories import PASSWORD, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def typed(monkeypatch):
    """Answer getpass's prompts with the given entries, in order."""

    def typed(*entries):
        answers = iter(entries)
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    return typed


def test_createuser_creates_a_user_with_the_password_typed_twice(typed, capsys):
    typed(PASSWORD, PASSWORD)

    call_command("createuser", " Ada@Example.COM ")

    user = User.objects.get()
    assert user.email == "Ada@example.com"
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    assert "Created user Ada@example.com" in capsys.readouterr().out


def test_createuser_admin_creates_an_admin(typed):
    typed(PASSWORD, PASSWORD)

    call_command("createuser", "boss@example.com", "--admin")

    assert User.objects.get().is_staff


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ((PASSWORD, "different-Passw0rd"), "do not match"),
        (("short", "short"), "too short"),
        (("boss@example.com",) * 2, "too similar"),
    ],
)
def test_createuser_refuses_a_bad_password(typed, entries, message):
    typed(*entries)

    with pytest.raises(CommandError, match=message):
        call_command("createuser", "boss@example.com")
    assert not User.objects.exists()


def test_createuser_refuses_a_taken_email_in_any_case(typed):
    UserFactory(email="boss@example.com")
    typed(PASSWORD, PASSWORD)

    with pytest.raises(CommandError, match="already exists"):
        call_command("createuser", "BOSS@example.com")


def test_createuser_refuses_an_invalid_email(typed):
    with pytest.raises(CommandError, match="not a valid email"):
        call_command("createuser", "boss")


def test_createsuperuser_works_with_an_email(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)

    call_command("createsuperuser", "--noinput", "--email", "root@Example.com")

    user = User.objects.get()
    assert (user.email, user.is_staff, user.is_superuser) == ("root@example.com", True, True)


def test_revoke_sessions_revokes_every_session_of_the_user(user, login, api_client, capsys):
    tokens = login(user)
    login(user)

    call_command("revoke_sessions", user.email.upper())

    assert not Session.objects.live().exists()
    assert "Revoked 2 session(s)" in capsys.readouterr().out
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api_client.get("/api/v1/auth/user").status_code == 401


def test_revoke_sessions_of_an_unknown_email_fails():
    with pytest.raises(CommandError, match="No user"):
        call_command("revoke_sessions", "nobody@example.com")


def test_flushexpiredtokens_also_deletes_expired_sessions(user, login):
    login(user)
    live = Session.objects.get()
    expired = SessionFactory.create(expires_at=timezone.now() - timedelta(seconds=1))
    OutstandingToken.objects.create(
        jti="old", token="x", expires_at=timezone.now() - timedelta(seconds=1)
    )

    call_command("flushexpiredtokens")

    assert list(Session.objects.all()) == [live]
    assert not Session.objects.filter(pk=expired.pk).exists()
    assert not OutstandingToken.objects.filter(jti="old").exists()
    assert OutstandingToken.objects.count() == 1


def test_createuser_reports_a_sign_up_that_won_the_race(typed, monkeypatch):
    UserFactory(email="boss@example.com")
    monkeypatch.setattr(UserQuerySet, "exists", lambda self: False)
    typed(PASSWORD, PASSWORD)

    with pytest.raises(CommandError, match="already exists"):
        call_command("createuser", "Boss@example.com")
