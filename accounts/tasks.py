"""Background jobs (django-tasks, run by `manage.py db_worker`): account mail delivery.

django-tasks records a failed job but does not retry it, so delivery retries itself: when the
mail server cannot be reached, the job queues its own next attempt with `run_after`, doubling the
wait each time, for about an hour in all. Only the last attempt is recorded as failed, so the
jobs the admin lists as failed are exactly the mails that were given up on.
"""

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .mail import KINDS

logger = logging.getLogger(__name__)

# Seconds before each retry: 30 s, 1, 2, 4, 8, 16 and 32 minutes (63.5 minutes in all).
RETRY_DELAYS = [30 * 2**n for n in range(7)]


@task()
def deliver_mail(kind: str, params: dict[str, str], attempt: int = 1) -> dict[str, Any]:
    message = KINDS[kind](**params)
    if message is None:
        return {"sent": False}
    try:
        message.send()
    except OSError as exc:  # smtplib.SMTPException too: the server is down, refusing or slow
        if attempt > len(RETRY_DELAYS):
            raise
        run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])
        retry = deliver_mail.using(run_after=run_after).enqueue(kind, params, attempt + 1)
        logger.warning(
            "Mail %s not sent (%s), attempt %d; retrying at %s",
            kind,
            exc.__class__.__name__,
            attempt,
            run_after.isoformat(),
        )
        return {"sent": False, "retry": retry.id, "run_after": run_after.isoformat()}
    return {"sent": True}


def queue_mail(kind: str, **params: str) -> None:
    """Queue a mail once the current transaction commits: a rolled-back request sends nothing."""
    assert kind in KINDS, kind
    transaction.on_commit(partial(deliver_mail.enqueue, kind, params))
