"""Password reset by mail: request, the mailed link, the new password, and what it ends."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.link_tokens import uid_of
from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from config.tests.smtp import link_in

pytestmark = pytest.mark.django_db(transaction=True)
REQUEST = reverse("accounts:password-reset")
CONFIRM = reverse("accounts:password-reset-confirm")
NEW_PASSWORD = "violet-Harbor-42-lantern"


@pytest.fixture
def reset_link(api_client, user, mail_server, run_worker):
    """The uid and token of the reset link mailed to `user`."""

    def reset_link() -> dict[str, str]:
        assert api_client.post(REQUEST, {"email": user.email}).status_code == 202
        run_worker()
        return link_in(mail_server.to(user.email)[-1])[1]

    return reset_link


def confirm(client, link, password=NEW_PASSWORD):
    return client.post(CONFIRM, {**link, "new_password": password})


def test_a_reset_mails_a_link_whose_parameters_are_the_confirm_body(
    api_client, user, reset_link, mail_server
):
    link = reset_link()

    (mail,) = mail_server.received
    assert mail["Subject"] == "Widgets API: reset your password"
    assert link_in(mail)[0].startswith("http://testserver/accounts/reset-password?uid=")
    assert set(link) == {"uid", "token"}


def test_links_go_to_the_front_end_when_one_is_configured(
    api_client, user, mail_server, run_worker, settings
):
    settings.ACCOUNTS_FRONTEND_URL = "https://app.example.com"
    api_client.post(REQUEST, {"email": user.email})
    run_worker()

    link, params = link_in(mail_server.received[0])
    assert link.startswith("https://app.example.com/reset-password?uid=")
    assert confirm(api_client, params).status_code == 200


def test_the_link_sets_the_new_password_and_answers_with_a_fresh_token_pair(
    api_client, user, reset_link
):
    response = confirm(api_client, reset_link())

    assert response.status_code == 200, response.content
    assert set(response.json()) == {"access", "refresh", "token_type", "expires_in"}
    assert response["Cache-Control"] == "no-store"
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert api_client.get(reverse("accounts:user")).json()["email_verified"] is True
    login = api_client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    assert login.status_code == 401
    login = api_client.post(
        reverse("accounts:login"), {"email": user.email, "password": NEW_PASSWORD}
    )
    assert login.status_code == 200


def test_a_reset_ends_every_other_session_token_and_browser(
    api_client, user, tokens, bearer, client, reset_link
):
    client.force_login(user)
    assert client.get(reverse("accounts:user")).status_code == 200

    assert confirm(api_client, reset_link()).status_code == 200

    assert bearer(tokens["access"]).get(reverse("accounts:user")).status_code == 401
    refresh = api_client.post(reverse("accounts:refresh"), {"refresh": tokens["refresh"]})
    assert refresh.status_code == 401
    assert client.get(reverse("accounts:user")).status_code in {401, 403}


def test_the_link_works_once(api_client, reset_link):
    link = reset_link()
    assert confirm(api_client, link).status_code == 200

    again = confirm(api_client, link, password="another-Fine-passphrase-9")

    assert again.status_code == 400
    assert set(again.json()) == {"token"}


def test_the_link_expires_after_password_reset_timeout(api_client, reset_link, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    link = reset_link()

    with time_machine.travel(timezone.now() + timedelta(seconds=3601)):
        expired = confirm(api_client, link)
    assert expired.status_code == 400
    assert set(expired.json()) == {"token"}
    with time_machine.travel(timezone.now() + timedelta(seconds=3500)):
        assert confirm(api_client, link).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        lambda user: user.set_password("changed-Elsewhere-77"),
        lambda user: setattr(user, "email", "renamed@example.com"),
    ],
    ids=["password", "email"],
)
def test_a_password_or_email_change_voids_the_link(api_client, user, reset_link, change):
    link = reset_link()
    change(user)
    user.save()

    response = confirm(api_client, link)

    assert response.status_code == 400
    assert set(response.json()) == {"token"}


def test_unknown_uid_malformed_and_expired_tokens_get_one_answer(api_client, reset_link):
    link = reset_link()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        expired = confirm(api_client, link).json()
    other = UserFactory.create()
    answers = [
        confirm(api_client, {"uid": "AAAAAAAAAAAAAAAAAAAAAA", "token": link["token"]}).json(),
        confirm(api_client, {"uid": "not base64!", "token": link["token"]}).json(),
        confirm(api_client, {"uid": link["uid"], "token": "garbage"}).json(),
        confirm(api_client, {"uid": link["uid"], "token": link["token"][:-1] + "x"}).json(),
        confirm(api_client, {"uid": uid_of(other), "token": link["token"]}).json(),
        expired,
    ]

    assert all(answer == answers[0] for answer in answers), answers
    assert set(answers[0]) == {"token"}


def test_a_weak_new_password_is_refused_and_the_link_still_works(api_client, reset_link):
    link = reset_link()

    weak = confirm(api_client, link, password="12345678")

    assert weak.status_code == 400
    assert set(weak.json()) == {"new_password"}
    assert confirm(api_client, link).status_code == 200


def test_missing_fields_are_named(api_client):
    response = api_client.post(CONFIRM, {})

    assert response.status_code == 400
    assert set(response.json()) == {"uid", "token", "new_password"}


def test_the_request_answers_alike_for_known_unknown_and_inactive_emails(
    api_client, mail_server, run_worker
):
    known = UserFactory.create()
    inactive = UserFactory.create(is_active=False)

    answers = [
        api_client.post(REQUEST, {"email": email})
        for email in (known.email, "nobody@example.com", inactive.email)
    ]
    run_worker()

    assert {response.status_code for response in answers} == {202}
    assert len({response.content for response in answers}) == 1
    assert len({tuple(sorted(response.headers)) for response in answers}) == 1
    assert [mail["To"] for mail in mail_server.received] == [known.email]


def test_the_request_does_the_same_work_for_known_unknown_and_inactive_emails(
    api_client, monkeypatch
):
    known = UserFactory.create()
    inactive = UserFactory.create(is_active=False)
    hashes = []
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda *args: hashes.append(args))
    monkeypatch.setattr(MD5PasswordHasher, "verify", lambda *args: hashes.append(args))

    work = []
    for email in (known.email, "nobody@example.com", inactive.email):
        with CaptureQueriesContext(connection) as queries:
            assert api_client.post(REQUEST, {"email": email}).status_code == 202
        work.append([query["sql"].split(" ", 1)[0] for query in queries.captured_queries])

    assert work[0] == work[1] == work[2]
    # Only the job is written; no user is read.
    assert not any(User._meta.db_table in q["sql"] for q in queries.captured_queries)
    assert hashes == []


def test_the_password_changed_notice_is_mailed_after_a_reset(
    api_client, user, reset_link, mail_server, run_worker
):
    confirm(api_client, reset_link())
    run_worker()

    assert mail_server.received[-1]["Subject"] == "Widgets API: your password was changed"
    assert mail_server.received[-1]["To"] == user.email
