"""Account enumeration, password handling, mass assignment and password-hash leaks."""

from typing import Any, ClassVar

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django import Settings
from rest_framework.test import APIClient

from accounts.serializers import PASSWORD_MAX_LENGTH

pytestmark = pytest.mark.django_db

PASSWORD = "correct-Horse-battery-9"
HASH_MARKERS = ("argon2", "md5$", "pbkdf2", "scrypt", "bcrypt", "sha1$")


class CountingMD5PasswordHasher(MD5PasswordHasher):
    """Counts hash computations, as Django's own login-timing test does (test_auth_backends)."""

    calls: ClassVar[int] = 0

    def encode(self, password: str, salt: str) -> str:
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hasher(settings: Settings) -> type[CountingMD5PasswordHasher]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingMD5PasswordHasher"]
    CountingMD5PasswordHasher.calls = 0
    return CountingMD5PasswordHasher


@pytest.fixture
def user() -> Any:
    return get_user_model().objects.create_user("member@example.com", PASSWORD)


def log_in(client: APIClient, email: str, password: str) -> Any:
    return client.post(reverse("accounts:login"), {"email": email, "password": password})


def register(client: APIClient, **body: Any) -> Any:
    return client.post(reverse("accounts:register"), body, format="json")


def hash_computations(hasher: type[CountingMD5PasswordHasher], call: Any) -> tuple[Any, int]:
    hasher.calls = 0
    response = call()
    return response, hasher.calls


def test_unknown_email_wrong_password_and_inactive_account_look_the_same(
    api_client: APIClient, user: Any, hasher: type[CountingMD5PasswordHasher]
) -> None:
    inactive = get_user_model().objects.create_user("gone@example.com", PASSWORD, is_active=False)

    unknown, unknown_hashes = hash_computations(
        hasher, lambda: log_in(api_client, "nobody@example.com", PASSWORD)
    )
    wrong, wrong_hashes = hash_computations(hasher, lambda: log_in(api_client, user.email, "nope"))
    asleep, asleep_hashes = hash_computations(
        hasher, lambda: log_in(api_client, inactive.email, PASSWORD)
    )

    assert unknown.status_code == wrong.status_code == asleep.status_code == 401
    assert unknown.content == wrong.content == asleep.content
    assert unknown["WWW-Authenticate"] == wrong["WWW-Authenticate"] == asleep["WWW-Authenticate"]
    assert unknown_hashes == wrong_hashes == asleep_hashes == 1


def test_a_password_is_checked_exactly_as_sent(api_client: APIClient) -> None:
    padded = "  spaced out passphrase 7  "
    assert register(api_client, email="spaces@example.com", password=padded).status_code == 201

    assert log_in(api_client, "spaces@example.com", padded.strip()).status_code == 401
    assert log_in(api_client, "spaces@example.com", padded).status_code == 200


def test_a_password_of_the_documented_maximum_length_works(api_client: APIClient) -> None:
    longest = ("Long-passphrase-" * 100)[:PASSWORD_MAX_LENGTH]

    assert register(api_client, email="long@example.com", password=longest).status_code == 201
    assert log_in(api_client, "long@example.com", longest).status_code == 200


@pytest.mark.parametrize("endpoint", ["accounts:register", "accounts:login"])
def test_a_longer_password_is_refused_before_any_hashing(
    api_client: APIClient, hasher: type[CountingMD5PasswordHasher], endpoint: str
) -> None:
    too_long = "x" * (PASSWORD_MAX_LENGTH + 1)
    body = {"email": "long@example.com", "password": too_long}

    response, hashes = hash_computations(hasher, lambda: api_client.post(reverse(endpoint), body))

    assert response.status_code == 400
    assert set(response.json()) == {"password"}
    assert hashes == 0


def test_a_megabyte_password_is_refused_before_any_hashing(
    api_client: APIClient, user: Any, hasher: type[CountingMD5PasswordHasher]
) -> None:
    response, hashes = hash_computations(
        hasher, lambda: log_in(api_client, user.email, "x" * 200_000)
    )

    assert response.status_code == 400
    assert hashes == 0


def test_register_ignores_every_privileged_field(api_client: APIClient) -> None:
    group = Group.objects.create(name="editors")
    public_id = "00000000-0000-4000-8000-000000000000"

    response = register(
        api_client,
        email="sneaky@example.com",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
        admin=True,
        is_active=False,
        public_id=public_id,
        groups=[group.pk],
        user_permissions=[1],
        date_joined="2000-01-01T00:00:00Z",
        password_hash="md5$x$y",
    )

    assert response.status_code == 201
    assert response.json()["user"]["admin"] is False
    created = get_user_model().objects.get(email="sneaky@example.com")
    assert (created.is_staff, created.is_superuser, created.is_active) == (False, False, True)
    assert str(created.public_id) != public_id
    assert not created.groups.exists()
    assert not created.user_permissions.exists()
    assert created.date_joined.year > 2000
    assert created.check_password(PASSWORD)


def test_no_answer_carries_a_password_hash(
    api_client: APIClient, user: Any, settings: Settings
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    admin = get_user_model().objects.create_superuser("root@example.com", PASSWORD)
    registered = register(api_client, email="new@example.com", password=PASSWORD)
    tokens = log_in(api_client, admin.email, PASSWORD)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    answers = [registered, tokens]
    for name in ["accounts:user", "accounts:sessions", "widgets:widget-list"]:
        answers.append(api_client.get(reverse(name)))
        answers.append(api_client.get(reverse(name), HTTP_ACCEPT="text/html"))
    answers.append(api_client.get(reverse("api-root"), HTTP_ACCEPT="text/html"))
    api_client.credentials()
    api_client.force_login(admin)
    answers.append(api_client.get(reverse("admin:accounts_user_change", args=[user.pk])))
    answers.append(api_client.get(reverse("admin:accounts_user_changelist")))

    assert [answer.status_code for answer in answers] == [201, 200] + [200] * 9
    for answer in answers:
        body = answer.content.decode()
        assert user.password not in body
        assert admin.password not in body
        for marker in HASH_MARKERS:
            assert marker not in body
