import pytest
from django.urls import reverse

from accounts.models import Session, User, UserQuerySet
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:register")


def register(api_client, email="Ada@Example.COM", password=PASSWORD, **extra):
    return api_client.post(URL, {"email": email, "password": password, **extra})


def test_register_creates_a_user_and_answers_with_a_token_pair(api_client):
    response = register(api_client, email="  Ada@Example.COM ")

    assert response.status_code == 201
    body = response.json()
    user = User.objects.get()
    assert user.email == "Ada@example.com"
    assert user.check_password(PASSWORD)
    assert body["user"] == {
        "public_id": str(user.public_id),
        "email": "Ada@example.com",
        "admin": False,
        "registered_on": user.date_joined.isoformat().replace("+00:00", "Z"),
        "email_verified": False,
    }
    assert body["user"]["registered_on"].endswith("Z")
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["access"]
    assert body["refresh"]
    assert response["Cache-Control"] == "no-store"
    assert Session.objects.get().user == user


def test_the_registration_tokens_work(api_client, bearer):
    access = register(api_client).json()["access"]

    assert bearer(access).get(reverse("accounts:user")).status_code == 200


@pytest.mark.parametrize("email", ["ada@example.com", "ADA@EXAMPLE.COM", " ada@Example.com"])
def test_register_with_a_taken_email_in_any_case_is_a_conflict(api_client, email):
    UserFactory(email="Ada@example.com")

    response = register(api_client, email=email)

    assert response.status_code == 409
    assert list(response.json()) == ["email"]
    assert User.objects.count() == 1


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b@c", "x" * 250 + "@e.io", "a\x00@x.io"])
def test_register_with_an_invalid_email_is_rejected_on_the_email_field(api_client, email):
    response = register(api_client, email=email)

    assert response.status_code == 400
    assert "email" in response.json()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "password", ["short1!", "password123", "12345678901", "ada.example", "x" * 1025]
)
def test_register_with_a_weak_or_overlong_password_is_rejected_on_the_password_field(
    api_client, password
):
    response = register(api_client, email="ada.example@example.com", password=password)

    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert not User.objects.exists()


def test_register_without_a_body_names_both_fields(api_client):
    response = api_client.post(URL, {})

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_register_ignores_fields_that_would_grant_rights(api_client):
    response = register(
        api_client,
        is_staff=True,
        is_superuser=True,
        admin=True,
        public_id="00000000-0000-0000-0000-000000000001",
        groups=[1],
    )

    assert response.status_code == 201
    user = User.objects.get()
    assert not user.is_staff
    assert not user.is_superuser
    assert response.json()["user"]["admin"] is False
    assert str(user.public_id) != "00000000-0000-0000-0000-000000000001"


def test_register_accepts_form_data(api_client):
    response = api_client.post(
        URL, {"email": "ada@example.com", "password": PASSWORD}, format="multipart"
    )

    assert response.status_code == 201


def test_no_response_contains_the_password_hash(api_client):
    response = register(api_client)

    assert User.objects.get().password not in response.content.decode()
    assert "password" not in response.json()["user"]


def test_register_answers_get_with_405(api_client):
    assert api_client.get(URL).status_code == 405


def test_the_database_constraint_decides_a_sign_up_that_passed_the_check(api_client, monkeypatch):
    UserFactory(email="ada@example.com")
    # As if a concurrent sign-up committed between the check and the insert.
    monkeypatch.setattr(UserQuerySet, "exists", lambda self: False)

    response = api_client.post(
        reverse("accounts:register"), {"email": "Ada@example.com", "password": PASSWORD}
    )

    assert response.status_code == 409
    assert list(response.json()) == ["email"]
