"""Drop the (Lower(name), id) index, which the unique Lower(name) index makes redundant, and on
PostgreSQL add a trigram index that serves the `name` filter (`UPPER(name) LIKE '%...%'`,
which is what `icontains` compiles to there). Other databases get no trigram index."""

from django.db import migrations

TRIGRAM_INDEX = "widgets_name_upper_trgm_idx"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("widgets", "Widget")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {table} USING gin (UPPER(name) gin_trgm_ops)"
    )


def lift_statement_timeout(apps, schema_editor):
    """Indexing a large table takes longer than a request may: lift the limit for this migration."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL statement_timeout = 0")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("widgets", "0001_initial"),
    ]

    operations = [
        # First both ways: forwards it precedes the trigram index, backwards the index rebuilt.
        migrations.RunPython(lift_statement_timeout, lift_statement_timeout),
        migrations.RemoveIndex(
            model_name="widget",
            name="widgets_name_lower_id_idx",
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(lift_statement_timeout, lift_statement_timeout),
    ]
