"""Keep the cached widget count honest: every create and delete forgets it."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .counting import forget_count
from .models import Widget


@receiver(post_save, sender=Widget, dispatch_uid="widgets-count-on-create")
def widget_saved(sender: type[Widget], created: bool, **kwargs: Any) -> None:
    if created:
        forget_count()


@receiver(post_delete, sender=Widget, dispatch_uid="widgets-count-on-delete")
def widget_deleted(sender: type[Widget], **kwargs: Any) -> None:
    forget_count()
