from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.management.commands import flushexpiredtokens

from accounts.browser_sessions import delete_stale_browser_sessions
from accounts.models import SecurityEvent, Session


class Command(flushexpiredtokens.Command):
    help = (
        "Delete expired outstanding (and so blacklisted) tokens, expired sessions, and security "
        "events older than SECURITY_EVENT_RETENTION_DAYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        deleted, _ = Session.objects.expired().delete()
        delete_stale_browser_sessions()
        cutoff = timezone.now() - timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
        events, _ = SecurityEvent.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(
            f"Deleted {deleted} expired session(s), the expired tokens, and {events} security "
            f"event(s) older than {settings.SECURITY_EVENT_RETENTION_DAYS} days."
        )
