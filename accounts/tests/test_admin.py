import pytest
from django.urls import reverse

from accounts.models import Session, User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_files")]
CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def admin_client(client):
    superuser = UserFactory(is_staff=True, is_superuser=True, email="root@example.com")
    client.force_login(superuser)
    return client


def test_the_user_changelist_lists_users_by_email(admin_client):
    UserFactory(email="zed@example.com")
    UserFactory(email="amy@example.com")

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("amy@example.com") < content.index("zed@example.com")


def test_the_user_changelist_searches_and_filters(admin_client):
    UserFactory(email="findme@example.com", is_staff=True)
    UserFactory(email="other@example.com")

    found = admin_client.get(CHANGELIST, {"q": "findme", "is_staff__exact": "1"})

    assert found.status_code == 200
    assert "findme@example.com" in found.content.decode()
    assert "other@example.com" not in found.content.decode()


def test_the_user_page_shows_the_sessions_inline(admin_client, user, login):
    login(user, HTTP_USER_AGENT="inline-agent")

    response = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert response.status_code == 200
    assert str(Session.objects.get().pk) in response.content.decode()


def test_the_revoke_all_sessions_action_revokes_them(admin_client, user, login, bearer):
    tokens = login(user)

    response = admin_client.post(
        CHANGELIST,
        {"action": "revoke_all_sessions", "_selected_action": [user.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "Revoked 1 session(s)" in response.content.decode()
    assert bearer(tokens["access"]).get(reverse("accounts:user")).status_code == 401


def test_the_admin_adds_a_user_by_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New@Example.COM",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="New@example.com")
    assert user.check_password(PASSWORD)


def test_the_admin_refuses_a_duplicate_email_in_any_case(admin_client):
    UserFactory(email="dup@example.com")

    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "DUP@example.com",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert User.objects.filter(email__iexact="dup@example.com").count() == 1


def test_the_admin_changes_a_user(admin_client, user):
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_staff


def test_the_blacklist_apps_admin_stays_available(admin_client):
    assert (
        admin_client.get(reverse("admin:token_blacklist_outstandingtoken_changelist")).status_code
        == 200
    )
