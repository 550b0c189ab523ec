from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.events import Actor
from accounts.models import User
from accounts.services import revoke_sessions


class Command(BaseCommand):
    help = (
        "Revoke every session of the user with EMAIL: all their tokens and browser sessions "
        "stop working at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = User.objects.with_email(email).first()
        if user is None:
            raise CommandError(f"No user has the email {email}.")
        revoked = revoke_sessions(user, actor=Actor.COMMAND)
        self.stdout.write(self.style.SUCCESS(f"Revoked {revoked} session(s) of {user.email}."))
