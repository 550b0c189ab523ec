"""The Procfile's worker, run as its own process with only the web process's environment."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from config.tests.smtp import MailServer, text_of

PROCFILE = Path(settings.BASE_DIR) / "Procfile"
QUEUE_A_MAIL = (
    "from accounts.tasks import deliver_mail; "
    "deliver_mail.enqueue('email_changed', {'old_email': 'ada@example.com', 'new_email': 'a@b.io'})"
)


def procfile_command(process: str) -> list[str]:
    for line in PROCFILE.read_text().splitlines():
        name, _, command = line.partition(":")
        if name == process:
            return shlex.split(command)
    raise AssertionError(f"no {process} process in the Procfile")


def test_the_procfile_worker_delivers_queued_mail_over_email_url(
    tmp_path: Path, mail_server: MailServer
) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "api.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_server.port}",
        "DEFAULT_FROM_EMAIL": "accounts@example.com",
    }

    def run(*command: str) -> None:
        subprocess.run(  # noqa: S603 (our own commands)
            [sys.executable, *command], env=env, cwd=settings.BASE_DIR, check=True, timeout=120
        )

    run("manage.py", "migrate", "--noinput", "-v0")
    run("manage.py", "shell", "-c", QUEUE_A_MAIL)
    python, *worker = procfile_command("worker")
    assert python == "python"
    run(*worker, "--batch", "--no-startup-delay", "-v0")

    (mail,) = mail_server.received
    assert mail["From"] == "accounts@example.com"
    assert "changed to a@b.io" in text_of(mail)
