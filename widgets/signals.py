"""Keep cached reads honest: every widget write, and every change to a user (an owner's email
and public id show in each widget), replaces the cache's version (see `selectors`)."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from .models import Widget
from .selectors import widgets_changed

for model in (Widget, settings.AUTH_USER_MODEL):
    post_save.connect(widgets_changed, sender=model, dispatch_uid=f"widgets-saved-{model}")
    post_delete.connect(widgets_changed, sender=model, dispatch_uid=f"widgets-deleted-{model}")
