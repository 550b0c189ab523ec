from typing import Any

from rest_framework_simplejwt.token_blacklist.management.commands import flushexpiredtokens

from accounts.models import Session


class Command(flushexpiredtokens.Command):
    help = "Delete expired outstanding (and so blacklisted) tokens and expired sessions."

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        deleted, _ = Session.objects.expired().delete()
        self.stdout.write(f"Deleted {deleted} expired session(s) and the expired tokens.")
