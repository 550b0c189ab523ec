"""Create many valid widgets quickly, for development and the benchmark."""

import io
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from widgets import deadlines
from widgets.models import Widget
from widgets.selectors import widgets_changed

SEED_ADMIN_EMAIL = "seed-admin@example.com"

Row = tuple[str, str, date]  # name, info_url, deadline
YEAR = timedelta(days=365)


def create_rows(rows: list[Row], owner: Any) -> None:
    Widget.objects.bulk_create(
        Widget(name=name, info_url=info_url, deadline=deadline, owner=owner)
        for name, info_url, deadline in rows
    )


def copy_rows(rows: list[Row], owner: Any) -> None:
    """PostgreSQL's COPY, with no model instance per row.

    bulk_create spends more time building and compiling each batch's INSERT than the database
    spends storing it (README, "Performance").
    Seeded values hold no tab, newline or backslash, so they need no escaping.
    """
    now = timezone.now().isoformat()
    data = "".join(
        f"{name}\t{info_url}\t{deadline.isoformat()}\t{now}\t{now}\t{owner.pk}\n"
        for name, info_url, deadline in rows
    )
    quote = connection.ops.quote_name
    # COPY names the columns: Django's documented Model _meta API is where their names are public.
    column = {field.name: field.column for field in Widget._meta.concrete_fields}
    fields = ("name", "info_url", "deadline", "created_at", "updated_at", "owner")
    columns = ", ".join(quote(column[field]) for field in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {quote(widget_table())} ({columns}) FROM STDIN", io.StringIO(data)
        )


def widget_table() -> str:
    # COPY, the index rebuild and ANALYZE are SQL the ORM cannot send: they name the table,
    # which Django's documented Model _meta API is the public place to read.
    return Widget._meta.db_table


def copies() -> bool:
    """COPY through psycopg2; psycopg 3 copies through another API and, like every other
    database, gets bulk_create."""
    if connection.vendor != "postgresql":
        return False
    # Imported here: it needs a PostgreSQL driver, which a SQLite-only project may not have.
    from django.db.backends.postgresql.psycopg_any import is_psycopg3  # type: ignore[import-untyped]

    return not is_psycopg3


# From this many widgets on, and when the table holds no more than that, building the indexes
# once after the COPY costs less than updating them row by row.
REBUILD_INDEXES_FROM = 50_000


@contextmanager
def indexes_rebuilt_after() -> Iterator[None]:
    """Drop the table's indexes, let the caller insert, and create them again, all in one
    transaction: other sessions wait on the table's lock and never see it without them, and
    the unique indexes are checked when they are built (a clash rolls everything back).

    Keeping the indexes, a large seed spends its time inserting into the name, trigram and date
    indexes in random order; one build of each index at the end is much less work.
    Indexes that back a constraint (the primary key) stay.
    """
    table = widget_table()
    with transaction.atomic(), connection.cursor() as cursor:
        # Building the trigram index of a million names takes longer than a request may.
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = %s AND NOT EXISTS ("
            "SELECT 1 FROM pg_constraint c WHERE c.conindid = "
            "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        yield
        # The owner foreign key is checked at commit; an index cannot be built before that.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, definition in indexes:
            cursor.execute(definition)


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Create N widgets in batches; names carry a random run prefix, so runs never clash."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=positive_int, required=True, help="widgets to create")
        parser.add_argument("--owner", help="email of the owner (default: an admin)")
        parser.add_argument("--batch-size", type=positive_int, default=5000)
        parser.add_argument(
            "--from-today",
            action="store_true",
            help="deadlines from today to a year ahead (default: a year back to a year ahead)",
        )

    def handle(
        self,
        *args: Any,
        count: int,
        owner: str | None,
        batch_size: int,
        from_today: bool,
        **options: Any,
    ) -> None:
        user = self.find_owner(owner) if owner else self.any_admin()
        run = secrets.token_hex(4)
        # Deadlines spread over the range, so filters bite; none passed yet with --from-today.
        first, days = (deadlines.today(), 365) if from_today else (deadlines.today() - YEAR, 730)
        show_progress = options["verbosity"] > 0
        copy = copies()
        insert = copy_rows if copy else create_rows
        rebuild = copy and count >= REBUILD_INDEXES_FROM and count >= Widget.objects.count()
        with (
            indexes_rebuilt_after() if rebuild else nullcontext(),
            tqdm(total=count, unit="widget", file=sys.stderr, disable=not show_progress) as bar,
        ):
            for start in range(0, count, batch_size):
                numbers = range(start, min(start + batch_size, count))
                rows = [
                    (
                        f"seed-{run}-{number}",
                        f"https://example.com/widgets/{run}/{number}",
                        first + timedelta(days=number % days),
                    )
                    for number in numbers
                ]
                insert(rows, user)
                # Neither way sends post_save: tell the read cache here.
                widgets_changed()
                bar.update(len(numbers))
        # Fresh statistics, so the planner knows the new rows before autovacuum comes around.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(widget_table())}")
        self.stdout.write(f"Created {count} widgets named seed-{run}-0 to seed-{run}-{count - 1}.")

    def find_owner(self, email: str) -> Any:
        user_model = get_user_model()
        lookup = {f"{user_model.get_email_field_name()}__iexact": email}
        user = user_model._default_manager.filter(**lookup).order_by("pk").first()
        if user is None:
            raise CommandError(f"No user has the email {email!r}.")
        return user

    def any_admin(self) -> Any:
        """The first admin, or a new one that cannot sign in (no usable password)."""
        user_model = get_user_model()
        admin = user_model._default_manager.filter(is_staff=True).order_by("pk").first()
        if admin is not None:
            return admin
        admin = user_model(is_staff=True)
        setattr(admin, user_model.USERNAME_FIELD, SEED_ADMIN_EMAIL)
        setattr(admin, user_model.get_email_field_name(), SEED_ADMIN_EMAIL)
        admin.set_unusable_password()
        admin.save()
        self.stdout.write(f"Created the admin {SEED_ADMIN_EMAIL} to own the widgets.")
        return admin
