"""Email change: the password, the link to the new address, the notices, the confirm."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from config.tests.smtp import link_in

pytestmark = pytest.mark.django_db(transaction=True)
CHANGE = reverse("accounts:email")
CONFIRM = reverse("accounts:email-confirm")
NEW = "ada.new@example.com"


@pytest.fixture
def change_link(auth_client, user, mail_server, run_worker):
    def change_link(new_email=NEW):
        response = auth_client.post(CHANGE, {"new_email": new_email, "password": PASSWORD})
        assert response.status_code == 202, response.content
        run_worker()
        return link_in(mail_server.to(new_email)[-1])[1]

    return change_link


def test_a_change_mails_the_new_address_a_link_and_the_current_one_a_notice(
    user, change_link, mail_server
):
    old_email = user.email
    link = change_link()

    assert set(link) == {"token"}
    (notice,) = mail_server.to(old_email)
    assert notice["Subject"] == "Widgets API: a change of your email address was asked for"
    assert NEW in notice.get_body(("plain",)).get_content()
    user.refresh_from_db()
    assert user.email == old_email  # not before the link is used


def test_the_link_changes_the_email_and_tells_the_old_address(
    api_client, user, change_link, mail_server, run_worker
):
    old_email = user.email

    response = api_client.post(CONFIRM, change_link())

    assert response.status_code == 200
    assert response.json()["email"] == NEW
    assert response.json()["email_verified"] is True
    assert User.objects.get(pk=user.pk).email == NEW
    run_worker()
    assert mail_server.to(old_email)[-1]["Subject"] == "Widgets API: your email address was changed"
    login = api_client.post(reverse("accounts:login"), {"email": NEW, "password": PASSWORD})
    assert login.status_code == 200


def test_the_link_works_once(api_client, change_link):
    link = change_link()
    assert api_client.post(CONFIRM, link).status_code == 200

    again = api_client.post(CONFIRM, link)

    assert again.status_code == 400
    assert set(again.json()) == {"token"}


def test_an_email_taken_in_any_case_at_confirm_time_is_a_409(api_client, change_link):
    link = change_link()
    UserFactory.create(email=NEW.upper())

    response = api_client.post(CONFIRM, link)

    assert response.status_code == 409
    assert set(response.json()) == {"email"}


def test_an_address_taken_at_request_time_gets_no_link_and_the_answer_is_the_same(
    auth_client, user, mail_server, run_worker
):
    taken = UserFactory.create(email=NEW)

    response = auth_client.post(CHANGE, {"new_email": NEW.upper(), "password": PASSWORD})
    run_worker()

    assert response.status_code == 202
    assert mail_server.to(NEW.upper()) == mail_server.to(taken.email) == []
    assert len(mail_server.to(user.email)) == 1  # the notice


def test_a_wrong_password_is_a_400_naming_password_and_counts_as_a_failed_login(
    auth_client, user, rates
):
    rates(login_email="3/15m")
    body = {"new_email": NEW, "password": "not-the-password"}
    answers = [auth_client.post(CHANGE, body) for _ in range(4)]

    assert [response.status_code for response in answers] == [400, 400, 400, 429]
    assert set(answers[0].json()) == {"password"}
    assert "Retry-After" in answers[-1]
    login = auth_client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    assert login.status_code == 429


def test_the_current_address_is_a_conflict_as_the_new_one(auth_client, user):
    response = auth_client.post(CHANGE, {"new_email": user.email.upper(), "password": PASSWORD})

    assert response.status_code == 409
    assert set(response.json()) == {"new_email"}


def test_a_change_needs_a_bearer_token(api_client):
    response = api_client.post(CHANGE, {"new_email": NEW, "password": PASSWORD})

    assert response.status_code == 401


def test_an_email_change_voids_an_older_reset_link(
    api_client, user, change_link, mail_server, run_worker
):
    api_client.post(reverse("accounts:password-reset"), {"email": user.email})
    run_worker()
    reset = link_in(mail_server.to(user.email)[-1])[1]
    assert api_client.post(CONFIRM, change_link()).status_code == 200

    response = api_client.post(
        reverse("accounts:password-reset-confirm"),
        {**reset, "new_password": "violet-Harbor-42-lantern"},
    )

    assert response.status_code == 400
    assert set(response.json()) == {"token"}
