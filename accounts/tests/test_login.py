import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from accounts.models import Session
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:login")


class CountingMD5PasswordHasher(MD5PasswordHasher):
    """Counts hash computations, as Django's own timing tests for ModelBackend do."""

    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


def test_login_answers_with_a_token_pair_and_opens_a_session(api_client, user):
    response = api_client.post(
        URL, {"email": user.email, "password": PASSWORD}, HTTP_USER_AGENT="curl/8.0"
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert response["Cache-Control"] == "no-store"
    session = Session.objects.get()
    assert (session.user, session.user_agent) == (user, "curl/8.0")


def test_login_accepts_any_case_and_surrounding_spaces_in_the_email(api_client):
    UserFactory(email="Ada@example.com")

    response = api_client.post(URL, {"email": " aDA@EXAMPLE.com ", "password": PASSWORD})

    assert response.status_code == 200


def test_login_checks_the_password_exactly_as_sent(api_client, user):
    response = api_client.post(URL, {"email": user.email, "password": f" {PASSWORD} "})

    assert response.status_code == 401


def test_a_password_with_spaces_and_the_maximum_length_works(api_client):
    password = " long passphrase " * 60 + "x" * 4
    user = UserFactory(password=password)
    assert len(password) == 1024

    response = api_client.post(URL, {"email": user.email, "password": password})

    assert response.status_code == 200


def test_a_password_over_the_maximum_length_is_refused_before_hashing(api_client, user, settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingMD5PasswordHasher"]
    CountingMD5PasswordHasher.calls = 0

    response = api_client.post(URL, {"email": user.email, "password": "x" * 1025})

    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert CountingMD5PasswordHasher.calls == 0


def credentials(kind):
    if kind == "unknown email":
        return {"email": "nobody@example.com", "password": PASSWORD}
    if kind == "wrong password":
        return {"email": UserFactory().email, "password": "not-the-password"}
    return {"email": UserFactory(is_active=False).email, "password": PASSWORD}


KINDS = ["unknown email", "wrong password", "inactive account"]


def test_unknown_email_wrong_password_and_inactive_account_get_the_same_401(api_client):
    responses = [api_client.post(URL, credentials(kind)) for kind in KINDS]

    assert {response.status_code for response in responses} == {401}
    assert len({response.content for response in responses}) == 1
    assert "No active account" in responses[0].json()["detail"]
    assert {response["WWW-Authenticate"] for response in responses} == {'Bearer realm="api"'}
    assert not Session.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_failed_logins_compute_exactly_one_password_hash(api_client, settings, kind):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingMD5PasswordHasher"]
    data = credentials(kind)
    CountingMD5PasswordHasher.calls = 0

    api_client.post(URL, data)

    assert CountingMD5PasswordHasher.calls == 1


def test_a_stale_token_in_the_header_does_not_block_login(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")

    response = api_client.post(URL, {"email": user.email, "password": PASSWORD})

    assert response.status_code == 200


@pytest.mark.parametrize("body", [{}, {"email": "a@x.io"}, {"password": PASSWORD}])
def test_login_without_credentials_names_the_missing_fields(api_client, body):
    response = api_client.post(URL, body)

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"} - set(body)


def test_every_login_opens_its_own_session(login, user):
    login(user)
    login(user)

    assert Session.objects.filter(user=user).count() == 2
