"""The two hot reads, compiled to SQL once per connection rather than once per request.

Building and compiling an ORM query costs 0.3-0.7 ms of Python a request, more than running
it: a widget by name (`rows().with_name(name).get()`), and a page of the unfiltered list
(`rows()[low:high]`, or of `rows().reverse()`). The SQL is the ORM's own, compiled by and for
the connection that runs it (a page adds the backend's own LIMIT/OFFSET clause, as the
compiler does), and the rows pass through that compiler's converters: what the ORM would send
and return, for any database backend and user model.
"""

import weakref
from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from .models import Row, Widget, WidgetQuerySet, built_rows

# Stands for the name in the compiled parameters; lower case, as with_name() lowers names.
PLACEHOLDER = "widgets-compiled-name-placeholder"


class CompiledRead:
    def __init__(self, queryset: WidgetQuerySet, connection: BaseDatabaseWrapper) -> None:
        query = queryset.query
        self.compiler = query.get_compiler(connection=connection)
        self.sql, self.params = self.compiler.as_sql()
        selected = [expression for expression, _sql, _alias in self.compiler.select]
        self.converters = self.compiler.get_converters(selected)
        # In ValuesIterable's order, which is the SELECT's.
        self.names = [*query.extra_select, *query.values_select, *query.annotation_select]

    def run(self, params: Sequence[Any], suffix: str = "") -> list[Row]:
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(f"{self.sql} {suffix}" if suffix else self.sql, params)
            rows: Any = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [dict(zip(self.names, row, strict=True)) for row in rows]


class CompiledReads:
    def __init__(self, rows: WidgetQuerySet, connection: BaseDatabaseWrapper) -> None:
        self.rows = rows
        # As QuerySet.get() sends it, but with LIMIT 1: the unique index on Lower("name")
        # allows no second row.
        self.by_name = CompiledRead(rows.with_name(PLACEHOLDER).order_by()[:1], connection)
        self.forwards = CompiledRead(rows, connection)
        self.backwards = CompiledRead(rows.reverse(), connection)


# Per connection (each thread has its own); gone with it.
compiled: "weakref.WeakKeyDictionary[BaseDatabaseWrapper, CompiledReads]" = (
    weakref.WeakKeyDictionary()
)


def reads() -> tuple[CompiledReads, BaseDatabaseWrapper]:
    connection = connections[router.db_for_read(Widget)]
    found = compiled.get(connection)
    # built_rows() is rebuilt when a setting it depends on changes: then so is the SQL.
    if found is None or found.rows is not built_rows():
        found = compiled[connection] = CompiledReads(built_rows(), connection)
    return found, connection


def row_by_name(name: str) -> Row:
    """What `all_rows().get_by_name(name)` returns, or raises: Widget.DoesNotExist."""
    read = reads()[0].by_name
    params = [name.lower() if param == PLACEHOLDER else param for param in read.params]
    rows = read.run(params)
    if not rows:
        raise Widget.DoesNotExist("Widget matching query does not exist.")
    return rows[0]


def page(low: int, high: int, backwards: bool) -> list[Row]:
    """`list(all_rows()[low:high])`, or of `all_rows().reverse()` when `backwards`."""
    if low >= high:
        return []  # An empty slice, which the ORM answers without a query.
    found, connection = reads()
    read = found.backwards if backwards else found.forwards
    return read.run(read.params, connection.ops.limit_offset_sql(low, high))
