"""Celery tasks. They take ids, call domain code and are safe to run twice (acks_late and a
Redis visibility timeout can deliver a task again).

The tasks that domain code queues live beside the code they run, and are imported here so that
Celery's autodiscovery (which reads this module) registers them under these names:
send_emails (notifications.sending), fan_out (notifications.delivery) and fan_out_announcement
(notifications.announcements). The scheduled ones (CELERY_BEAT_SCHEDULE) are defined here."""

from celery import shared_task

from . import digests, sending
from .announcements import fan_out_announcement
from .delivery import fan_out, queue_in_chunks
from .models import Announcement, Fanout
from .reminders import send_due
from .sending import send_emails

__all__ = ["fan_out", "fan_out_announcement", "plan_digests", "queue_in_chunks", "send_due_reminders",
           "send_emails", "sweep_outbox"]


@shared_task(acks_late=True)
def plan_digests():
    """Beat, every 15 minutes: write the outbox rows of digests now due and queue them."""
    return queue_in_chunks(digests.plan())


@shared_task(acks_late=True)
def sweep_outbox():
    """Beat, every 5 minutes: queue again whatever a lost task (or a Redis outage) left."""
    for fanout_id in Fanout.objects.filter(done_at__isnull=True).values_list("pk", flat=True):
        fan_out.delay(fanout_id)
    for announcement_id in Announcement.objects.filter(fanned_out_at__isnull=True).values_list("pk", flat=True):
        fan_out_announcement.delay(announcement_id)
    return queue_in_chunks(sending.sweep())


@shared_task(acks_late=True)
def send_due_reminders():
    """Beat, every 15 minutes: reminders whose time has come, each sent once."""
    return send_due()
