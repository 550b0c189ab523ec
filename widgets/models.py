"""A widget: a named link with a deadline, owned by the admin who created it."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower

from . import conf, deadlines

NAME_PATTERN = r"[A-Za-z0-9_-]{1,100}"
NAME_RULE = (
    "Use 1 to 100 characters: ASCII letters (A-Z, a-z), digits (0-9), hyphens (-) and "
    "underscores (_); no spaces or other characters."
)
# \Z, not $: "$" would let a trailing newline through.
validate_name = RegexValidator(rf"\A{NAME_PATTERN}\Z", NAME_RULE, code="invalid_name")
validate_info_url = URLValidator(
    schemes=["http", "https"], message="Enter a valid http or https URL."
)
NAME_UNIQUE_CONSTRAINT = "widgets_widget_name_ci_unique"
# A widget as `WidgetQuerySet.rows()` reads it: these columns plus owner_public_id, owner_email.
Row = dict[str, Any]
WIDGET_FIELDS = ("name", "info_url", "deadline", "created_at", "updated_at", "owner")
ROW_FIELDS = (*WIDGET_FIELDS[:-1], "owner_id")


def owner_lookups() -> tuple[str, str]:
    """The lookups from a widget to its owner's public id and email."""
    return f"owner__{conf.owner_id_field().name}", f"owner__{conf.owner_email_field()}"


class WidgetQuerySet(models.QuerySet["Widget"]):
    def with_name(self, name: str) -> "WidgetQuerySet":
        """Widgets named `name` in any case.

        Compared as Lower(name) = lower(value) so the unique index on Lower("name") serves it;
        `name__iexact` compiles to UPPER() on PostgreSQL, which that index cannot serve.
        """
        return self.alias(name_lower=Lower("name")).filter(name_lower=name.lower())

    def with_owner(self) -> "WidgetQuerySet":
        """Widgets with the owner fields the API shows, in one query, and no other user field."""
        return self.select_related("owner").only(*WIDGET_FIELDS, *owner_lookups())

    def rows(self) -> "WidgetQuerySet":
        """Each widget as a `Row`, its owner's fields joined (LEFT JOIN: the owner may be gone).

        For reads, which need no model instance: a row is cheaper to load than a `with_owner()`
        instance (no select_related populators, no deferred user fields) and it pickles small
        for the cache (see `selectors`).
        """
        public_id, email = owner_lookups()
        return self.values(*ROW_FIELDS, owner_public_id=F(public_id), owner_email=F(email))

    def get_by_name(self, name: str) -> "Widget":
        return self.with_name(name).get()

    def deadline_passed(self, passed: bool, on: date | None = None) -> "WidgetQuerySet":
        """Widgets whose deadline day ended before `on` (today in TIME_ZONE), or the others."""
        today = on or deadlines.today()
        return self.filter(deadline__lt=today) if passed else self.filter(deadline__gte=today)


class Widget(models.Model):
    """A widget.

    `owner` is the admin who created it. Deleting that user sets `owner` to NULL
    (`on_delete=SET_NULL`): the widget outlives its creator instead of being deleted with it,
    and deleting a user is never blocked by the widgets they made.
    """

    name = models.CharField(max_length=100, validators=[validate_name])
    info_url = models.URLField("info URL", max_length=255, validators=[validate_info_url])
    deadline = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="widgets",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WidgetQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name=NAME_UNIQUE_CONSTRAINT,
                violation_error_message="A widget with this name already exists.",
            )
        ]
        # Each ordering the API offers, with its id tiebreaker, so `ORDER BY ... LIMIT` reads
        # a few index entries (forwards or backwards) instead of sorting the table. Names need
        # none: the unique index on Lower("name") is already in order, ties cannot occur.
        # On PostgreSQL, migration 0002 adds a trigram index for the `name` filter.
        indexes = [
            models.Index(fields=["created_at", "id"], name="widgets_created_at_id_idx"),
            models.Index(fields=["deadline", "id"], name="widgets_deadline_id_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def deadline_passed(self, today: date | None = None) -> bool:
        return deadlines.has_passed(self.deadline, today or deadlines.today())
