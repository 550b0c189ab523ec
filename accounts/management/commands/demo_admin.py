import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.events import Actor
from accounts.models import User
from accounts.services import set_password

DEMO_EMAIL = "admin@example.com"


class Command(BaseCommand):
    help = (
        "Create the admin EMAIL (default admin@example.com), or reuse it, with a newly generated "
        "password, and print both: the account `make demo` signs in with."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default=DEMO_EMAIL)

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        email = User.objects.normalize_email(email)
        # A new password on every run: nothing needs to remember the last one.
        password = secrets.token_urlsafe(12)
        admin = User.objects.with_email(email).first()
        if admin is None:
            # The address is made up, so there is no mail to verify it with.
            admin = User.objects.create_superuser(email, password, email_verified=True)
            done = "Created"
        elif admin.is_staff and admin.is_superuser and admin.is_active:
            # Through the password door like any new password: its old sessions end.
            set_password(admin, password, None, actor=Actor.COMMAND)
            done = "Reused"
        else:
            raise CommandError(f"{admin.email} exists and is not an active admin: pass --email.")
        self.stdout.write(self.style.SUCCESS(f"{done} the admin {admin.email}."))
        self.stdout.write(f"  Email:     {admin.email}\n  Password:  {password}")
