import getpass
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from accounts.models import User


class Command(BaseCommand):
    help = "Create a user with EMAIL; the password is asked twice, hidden, and validated."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--admin", action="store_true", help="Make the user an API admin.")

    def handle(self, *args: Any, email: str, admin: bool, **options: Any) -> None:
        email = User.objects.normalize_email(email)
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not a valid email address.") from exc
        if User.objects.with_email(email).exists():
            raise CommandError(f"A user with the email {email} already exists.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        try:
            password_validation.validate_password(password, user=User(email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=password, is_staff=admin)
        except IntegrityError as exc:
            raise CommandError(f"A user with the email {email} already exists.") from exc
        role = "admin" if user.is_staff else "user"
        self.stdout.write(self.style.SUCCESS(f"Created {role} {user.email} ({user.public_id})."))
