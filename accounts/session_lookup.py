"""The lookup every authenticated API request makes: a session with its user, by primary key.

Written as one SQL statement instead of `Session.objects.select_related("user").get(pk=...)`:
compiling that queryset cost about 1 ms of CPU on every request on the benchmark machine, ten
times the query itself (`make bench`, see the README's "Performance"). The statement is built
once per database connection from the models' metadata, and values pass through the converters
the ORM applies, so SQLite and PostgreSQL give the same objects the queryset would.
"""

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from .models import Session, User

Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class Statement:
    sql: str
    session_fields: list[str]
    user_fields: list[str]
    # (column index, converter, column expression), in the order the ORM would apply them.
    converters: list[tuple[int, Converter, Any]]


def columns(model: type[Model], alias: str, quote: Callable[[str], str]) -> list[str]:
    return [f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields]


# Keyed by connection: converters are bound to their connection's operations. One per thread
# (and thread pools are fixed), so the bound only matters for short-lived threads in tests.
@functools.lru_cache(maxsize=64)
def statement(connection: BaseDatabaseWrapper) -> Statement:
    quote = connection.ops.quote_name
    # Identifiers only, from the models' metadata and quoted; the one value is a parameter.
    select = ", ".join(columns(Session, "s", quote) + columns(User, "u", quote))
    session_table, user_table = quote(Session._meta.db_table), quote(User._meta.db_table)
    user_key = quote(Session._meta.get_field("user").column)
    user_pk, session_pk = quote(User._meta.pk.column), quote(Session._meta.pk.column)
    sql = (
        f"SELECT {select} FROM {session_table} s "  # noqa: S608
        f"INNER JOIN {user_table} u ON u.{user_pk} = s.{user_key} WHERE s.{session_pk} = %s"
    )
    fields = [*Session._meta.concrete_fields, *User._meta.concrete_fields]
    converters = [
        (index, converter, field.cached_col)
        for index, field in enumerate(fields)
        for converter in (
            connection.ops.get_db_converters(field.cached_col)
            + field.cached_col.get_db_converters(connection)
        )
    ]
    return Statement(
        sql,
        [field.attname for field in Session._meta.concrete_fields],
        [field.attname for field in User._meta.concrete_fields],
        converters,
    )


def session_with_user(session_id: uuid.UUID | str, using: str = DEFAULT_DB_ALIAS) -> Session | None:
    """The session with `session_id` and its user in one query, or None if there is none."""
    connection = connections[using]
    prepared = Session._meta.pk.get_db_prep_value(session_id, connection)
    found = statement(connection)
    with connection.cursor() as cursor:
        cursor.execute(found.sql, [prepared])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, converter, column in found.converters:
        values[index] = converter(values[index], column, connection)
    split = len(found.session_fields)
    session = Session.from_db(using, found.session_fields, values[:split])
    session.user = User.from_db(using, found.user_fields, values[split:])
    return session
