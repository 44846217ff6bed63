"""Licence expiry reminders (Celery beat, daily). The task's name stays
workspaces.tasks.send_licence_reminders, as the beat schedule knows it; workspaces.tasks imports
it so that Celery finds it. The emails go through the outbox (workspaces.mail; built in
licences.emails)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import mail
from ..lib.dates import format_day
from ..models import Licence, LicencePool, OutboundEmail
from .emails import LICENCE_ENDING, POOL_ENDING
from .selectors import organisation_admins

REMINDER_CHUNK = 1000


@shared_task(name="workspaces.tasks.send_licence_reminders", acks_late=True)
def send_licence_reminders():
    """Daily (Celery beat): a reminder for every pool ending within ENGAGE_LICENCE_REMINDER_DAYS
    (to its organisation's admins) and for every person whose licence ends then (to them).

    Pools and licences are claimed (reminder_sent_at, a conditional UPDATE) in the same
    transaction that writes their outbox rows, whose keys name the pool or licence and the end
    date: a second run, or two at once, writes nothing twice. Extending a pool re-arms them."""
    today, now = timezone.localdate(), timezone.now()
    horizon = today + timedelta(days=settings.ENGAGE_LICENCE_REMINDER_DAYS)
    ids = []
    for pool_id in LicencePool.objects.filter(reminder_sent_at__isnull=True, valid_until__gte=today,
                                              valid_until__lte=horizon).values_list("pk", flat=True):
        ids += _remind_admins(pool_id, now)
    ids += _remind_licensees(today, horizon, now)
    return mail.queue_in_chunks(ids)


def _remind_admins(pool_id, now):
    with transaction.atomic():
        if not LicencePool.objects.filter(pk=pool_id, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
            return []  # another run has it
        pool = LicencePool.objects.select_related("organisation").get(pk=pool_id)
        until = pool.valid_until.isoformat()
        return mail.write(
            OutboundEmail(idempotency_key=f"{POOL_ENDING}:{pool.pk}:{until}:{admin.pk}", kind=POOL_ENDING,
                          recipient=admin, ref_id=pool.pk, payload={"valid_until": until},
                          subject=f"Licence pool “{pool.label}” ends on {format_day(pool.valid_until)}"[:200])
            for admin in organisation_admins(pool.organisation)
        )


def _remind_licensees(today, horizon, now):
    due = Licence.objects.filter(
        reminder_sent_at__isnull=True, released_at__isnull=True, user__isnull=False, user__is_active=True,
        pool__valid_until__gte=today, pool__valid_until__lte=horizon,
    )
    ids = []
    while True:
        with transaction.atomic():
            # Rows another run holds are skipped, not waited for: it writes their reminders.
            claimed = list(due.select_for_update(skip_locked=True, of=("self",)).order_by("pk")
                           .values_list("pk", "user_id", "pool__valid_until")[:REMINDER_CHUNK])
            if not claimed:
                return ids
            Licence.objects.filter(pk__in=[pk for pk, _, _ in claimed]).update(reminder_sent_at=now)
            ids += mail.write(
                OutboundEmail(idempotency_key=f"{LICENCE_ENDING}:{pk}:{until.isoformat()}", kind=LICENCE_ENDING,
                              recipient_id=user_id, ref_id=pk, payload={"valid_until": until.isoformat()},
                              subject=f"Your access ends on {format_day(until)}")
                for pk, user_id, until in claimed
            )
