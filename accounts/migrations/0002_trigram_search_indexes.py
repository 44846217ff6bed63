"""Trigram indexes for the member directory's substring search (ILIKE '%word%'), which
otherwise scans every user. PostgreSQL only; SQLite (the zero-setup default) skips them.
Django's icontains compiles to UPPER(column) LIKE UPPER(%s), so the indexes are on UPPER()."""

from django.db import migrations

COLUMNS = ["display_name", "organisation_name", "email"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS accounts_user_{column}_trgm "
            f"ON accounts_user USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS accounts_user_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
