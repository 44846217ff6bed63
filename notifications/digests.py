"""Planning digests: who is due one now, in their own time zone.

A daily digest covers a local day and is due once the person's local time reaches their
digest hour; a weekly one covers a week (keyed by its Monday) and is due from their chosen
day and hour. The outbox key digest:<frequency>:<user>:<period> makes each one happen once,
however often the planner runs (beat runs it every 15 minutes, so a missed run catches up).
"""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from workspaces.models import EmailStatus, OutboundEmail

from .emails import DIGEST_KINDS
from .models import DIGEST_FREQUENCIES, Frequency, Notification, UserSettings

DEFAULT_HOUR = 7
INSERT_BATCH = 5000


_ZONES = {}  # time zone name -> ZoneInfo, read once per process


def _zone(name):
    if name not in _ZONES:
        try:
            _ZONES[name] = zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            _ZONES[name] = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return _ZONES[name]


def due_period(frequency, now, tz_name="", hour=DEFAULT_HOUR, weekday=0):
    """The period (a date) whose digest is due at `now`, or None if not yet today/this week."""
    local = now.astimezone(_zone(tz_name))
    if frequency == Frequency.DAILY:
        return local.date() if local.hour >= hour else None
    monday = local.date() - timedelta(days=local.weekday())
    return monday if (local.weekday(), local.hour) >= (weekday, hour) else None


def plan(now=None):
    """Write an outbox row for every digest now due (idempotent); return the ids of digest
    rows waiting to be sent, for the caller to queue in chunks."""
    started = timezone.now()
    now = now or started
    waiting = Notification.objects.filter(
        recipient=OuterRef("user_id"), digested_at__isnull=True, emailed_at__isnull=True
    )
    own = UserSettings.objects.filter(Exists(waiting), no_email=False)
    custom = {row[0]: row[1:] for row in own.values_list("user_id", "timezone", "digest_hour", "digest_weekday")}
    pending = Notification.objects.filter(digested_at__isnull=True, emailed_at__isnull=True)
    for frequency in DIGEST_FREQUENCIES:
        # Everyone on the defaults is due at the same moment: one INSERT ... SELECT for them all.
        period = due_period(frequency, now)
        if period is not None:
            _insert_default_due(frequency, period, started)
    # People with their own time zone, hour or day: decided one by one (a few, usually).
    new_rows = []
    custom_pending = pending.filter(delivery__in=DIGEST_FREQUENCIES, recipient_id__in=own.values("user_id"))
    for user_id, frequency in custom_pending.values_list("recipient_id", "delivery").distinct():
        tz_name, hour, weekday = custom[user_id]
        period = due_period(frequency, now, tz_name, hour, weekday)
        if period is not None:
            new_rows.append(OutboundEmail(idempotency_key=f"digest:{frequency}:{user_id}:{period.isoformat()}",
                                          recipient_id=user_id, kind=DIGEST_KINDS[frequency], period=period))
    for start in range(0, len(new_rows), INSERT_BATCH):
        OutboundEmail.objects.bulk_create(new_rows[start:start + INSERT_BATCH], ignore_conflicts=True)
    # Only this run's rows: older pending ones are already queued, or the sweep's to re-queue.
    return list(
        OutboundEmail.objects.filter(kind__in=DIGEST_KINDS.values(), status=EmailStatus.PENDING,
                                    created_at__gte=started)
        .order_by("pk").values_list("pk", flat=True)
    )


def _insert_default_due(frequency, period, now):
    """Outbox rows for everyone with a digest of `frequency` waiting and no settings of their
    own (so not muted either), in one statement; existing keys are left alone."""
    outbox, notes, own = (OutboundEmail._meta.db_table, Notification._meta.db_table,
                          UserSettings._meta.db_table)
    prefix = f"digest:{frequency}:"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {outbox} (idempotency_key, recipient_id, address, kind, period, payload, subject, status,
                                      attempts, last_error, created_at, queued_at)
                SELECT %s || CAST(r.recipient_id AS VARCHAR(20)) || %s, r.recipient_id, '', %s, %s, %s, '', %s, 0,
                       '', %s, %s
                FROM (SELECT DISTINCT n.recipient_id FROM {notes} n
                      WHERE n.delivery = %s AND n.digested_at IS NULL AND n.emailed_at IS NULL
                        AND NOT EXISTS (SELECT 1 FROM {own} s WHERE s.user_id = n.recipient_id)) r
                WHERE 1 = 1  -- SQLite needs a WHERE before an upsert's ON CONFLICT
                ON CONFLICT (idempotency_key) DO NOTHING""",
            [prefix, f":{period.isoformat()}", DIGEST_KINDS[frequency], period, "{}", EmailStatus.PENDING, now, now,
             frequency],
        )
