"""Email verification: the sign-up mail, its link, the resend, and the mandatory policy."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from config.tests.smtp import link_in

pytestmark = pytest.mark.django_db(transaction=True)
VERIFY = reverse("accounts:verify-email")
RESEND = reverse("accounts:verify-email-resend")
EMAIL = "ada@example.com"


def register(client):
    return client.post(reverse("accounts:register"), {"email": EMAIL, "password": PASSWORD})


def login(client, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"email": EMAIL, "password": password})


@pytest.fixture
def verification_link(api_client, mail_server, run_worker):
    def verification_link() -> dict[str, str]:
        run_worker()
        return link_in(mail_server.to(EMAIL)[-1])[1]

    return verification_link


def test_registering_mails_a_link_that_verifies_the_email(api_client, verification_link):
    registered = register(api_client)
    assert registered.json()["user"]["email_verified"] is False
    link = verification_link()
    assert set(link) == {"token"}

    response = api_client.post(VERIFY, link)

    assert response.status_code == 200
    assert response.json() == {"email_verified": True}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {registered.json()['access']}")
    assert api_client.get(reverse("accounts:user")).json()["email_verified"] is True


def test_the_verification_link_works_once(api_client, verification_link):
    register(api_client)
    link = verification_link()
    assert api_client.post(VERIFY, link).status_code == 200

    again = api_client.post(VERIFY, link)

    assert again.status_code == 400
    assert set(again.json()) == {"token"}


@pytest.mark.parametrize("token", ["", "x", "a" * 5000, "eyJ1aWQiOiJ4In0:1abc:sig"])
def test_a_bad_token_is_a_400_naming_token(api_client, token):
    response = api_client.post(VERIFY, {"token": token})

    assert response.status_code == 400
    assert set(response.json()) == {"token"}


def test_a_verification_link_does_not_confirm_an_email_change(api_client, verification_link):
    register(api_client)
    token = verification_link()["token"]

    response = api_client.post(reverse("accounts:email-confirm"), {"token": token})

    assert response.status_code == 400


def test_resend_mails_only_an_unverified_active_account_and_answers_alike(
    api_client, mail_server, run_worker
):
    unverified = UserFactory.create()
    verified = UserFactory.create(email_verified=True)
    inactive = UserFactory.create(is_active=False)

    answers = [
        api_client.post(RESEND, {"email": email})
        for email in (unverified.email, verified.email, inactive.email, "nobody@example.com")
    ]
    run_worker()

    assert {response.status_code for response in answers} == {202}
    assert len({response.content for response in answers}) == 1
    assert [mail["To"] for mail in mail_server.received] == [unverified.email]


def test_with_mandatory_verification_register_answers_the_user_without_tokens(
    api_client, settings, verification_link
):
    settings.ACCOUNTS_EMAIL_VERIFICATION = "mandatory"

    response = register(api_client)

    assert response.status_code == 201
    assert set(response.json()) == {"user"}
    assert response.json()["user"]["email_verified"] is False
    assert not User.objects.get().sessions.exists()


def test_with_mandatory_verification_an_unverified_login_is_refused_only_with_the_password(
    api_client, settings, verification_link
):
    settings.ACCOUNTS_EMAIL_VERIFICATION = "mandatory"
    register(api_client)

    assert login(api_client, password="wrong-password").status_code == 401
    refused = login(api_client)
    assert refused.status_code == 403
    assert refused.json()["code"] == "email_not_verified"
    assert refused.json()["detail"]

    assert api_client.post(VERIFY, verification_link()).status_code == 200
    assert login(api_client).status_code == 200


def test_with_optional_verification_an_unverified_account_logs_in(api_client):
    register(api_client)

    assert login(api_client).status_code == 200
