"""Daily started/completed counts per survey for the response-rate panel (owned by the
distribution work): started(response) when a response is first saved, completed(response)
when it is submitted. Called inside the caller's transaction.

Each is one INSERT ... ON CONFLICT (survey, day) DO UPDATE SET n = n + 1 (PostgreSQL and
SQLite alike), so two respondents saving at the same moment both count: no read-then-write,
no lost update (the same as GOV.UK Forms' ADR048 for its submission counts)."""

from django.db import connection
from django.utils import timezone

from .models import DailyCount

COLUMNS = ("started", "completed")


def started(response):
    add(response.survey_id, timezone.localdate(response.started_at), "started")


def completed(response):
    add(response.survey_id, timezone.localdate(response.submitted_at or timezone.now()), "completed")


def add(survey_id, day, column, n=1):
    """Add `n` to `column` of the survey's count for `day`, creating the row if need be."""
    if column not in COLUMNS:
        raise ValueError(column)
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    other = "completed" if column == "started" else "started"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (survey_id, day, {column}, {other}) VALUES (%s, %s, %s, 0) "  # noqa: S608
            f"ON CONFLICT (survey_id, day) DO UPDATE SET {column} = {table}.{column} + EXCLUDED.{column}",
            [survey_id, day, n],
        )
