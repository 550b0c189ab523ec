"""Mail leaves through the worker (`db_worker`) over real SMTP, never from inside a request."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.tasks import RETRY_DELAYS, deliver_mail, queue_mail
from accounts.tests.factories import PASSWORD, AdminFactory, UserFactory
from config.tests.smtp import html_of, text_of

pytestmark = pytest.mark.django_db(transaction=True)


def change_password(client, user):
    client.force_authenticate(user)
    response = client.post(
        reverse("accounts:password"),
        {"current_password": PASSWORD, "new_password": "a-Brand-new-passphrase"},
    )
    assert response.status_code == 200, response.content


def test_a_queued_mail_is_sent_by_the_worker_with_a_text_and_an_html_part(
    api_client, mail_server, run_worker, settings
):
    settings.SITE_NAME = "Acme & Widgets"
    settings.DEFAULT_FROM_EMAIL = "accounts@acme.example"
    user = UserFactory.create()
    change_password(api_client, user)
    assert mail_server.received == []  # the request only queued it

    run_worker()

    (mail,) = mail_server.received
    assert mail["To"] == user.email
    assert mail["From"] == "accounts@acme.example"
    assert mail["Subject"] == "Acme & Widgets: your password was changed"
    assert "password of your Acme & Widgets account was changed" in text_of(mail)
    assert "<p>The password of your account was changed" in html_of(mail)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_rolled_back_transaction_queues_no_mail():
    @transaction.atomic
    def failing_request():
        queue_mail("email_changed", old_email="ada@example.com", new_email="new@example.com")
        raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        failing_request()

    assert not DBTaskResult.objects.exists()


def test_a_host_project_overrides_the_mail_templates(
    api_client, mail_server, run_worker, settings, tmp_path
):
    override = tmp_path / "accounts" / "mail"
    override.mkdir(parents=True)
    (override / "password_changed_subject.txt").write_text("Heads up from {{ site_name }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    change_password(api_client, UserFactory.create())

    run_worker()

    assert mail_server.received[0]["Subject"] == "Heads up from Widgets API"


def test_while_the_mail_server_is_down_requests_succeed_and_the_job_retries_until_it_is_back(
    api_client, mail_server, run_worker
):
    mail_server.stop()
    user = UserFactory.create()
    change_password(api_client, user)

    with time_machine.travel(timezone.now(), tick=False) as clock:
        run_worker()
        first, retry = DBTaskResult.objects.order_by("enqueued_at")
        assert first.status == "SUCCESSFUL"  # its job is handed on to the retry
        assert first.return_value["retry"] == str(retry.id)
        assert retry.status == "READY"
        assert retry.run_after == timezone.now() + timedelta(seconds=RETRY_DELAYS[0])

        run_worker()  # not due yet
        assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"

        mail_server.start()
        clock.shift(RETRY_DELAYS[0])
        run_worker()

    (mail,) = mail_server.received
    assert mail["To"] == user.email
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"


def test_after_about_an_hour_of_retries_the_job_shows_as_failed_in_the_admin(
    client, mail_server, run_worker, plain_static_files
):
    mail_server.stop()
    deliver_mail.enqueue("email_changed", {"old_email": "a@example.com", "new_email": "b@x.io"})

    with time_machine.travel(timezone.now(), tick=False) as clock:
        for delay in RETRY_DELAYS:
            run_worker()
            clock.shift(delay)
        assert sum(RETRY_DELAYS) == pytest.approx(3600, rel=0.1)
        run_worker()

    attempts = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [job.status for job in attempts] == ["SUCCESSFUL"] * len(RETRY_DELAYS) + ["FAILED"]
    assert attempts[-1].exception_class_path == "builtins.ConnectionRefusedError"
    assert not DBTaskResult.objects.ready().exists()
    client.force_login(AdminFactory.create(is_superuser=True))
    meta = DBTaskResult._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    page = client.get(changelist, {"status__exact": "FAILED"})
    assert page.status_code == 200
    assert str(attempts[-1].id) in page.content.decode()
    assert str(attempts[0].id) not in page.content.decode()
