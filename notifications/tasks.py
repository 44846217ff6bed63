"""Celery tasks. They take ids, call domain code and are safe to run twice (acks_late and a
Redis visibility timeout can deliver a task again).

The tasks that domain code queues live beside the code they run, and are imported here so that
Celery's autodiscovery (which reads this module) registers them under these names: fan_out
(notifications.delivery) and fan_out_announcement (notifications.announcements). The scheduled
ones (CELERY_BEAT_SCHEDULE) are defined here. Sending the emails, and the outbox's sweep, are
the core's (workspaces.mail; workspaces.tasks.send_emails and sweep_outbox)."""

from celery import shared_task

from workspaces import mail

from . import digests
from .announcements import fan_out_announcement
from .delivery import fan_out
from .models import Announcement, Fanout
from .reminders import send_due

__all__ = ["fan_out", "fan_out_announcement", "plan_digests", "resume_fanouts", "send_due_reminders"]


@shared_task(acks_late=True)
def plan_digests():
    """Beat, every 15 minutes: write the outbox rows of digests now due and queue them."""
    return mail.queue_in_chunks(digests.plan())


@shared_task(acks_late=True)
def resume_fanouts():
    """Beat, every 5 minutes: fan-outs (to every member, of an activity or an announcement)
    that a lost task or a Redis outage left unfinished are started again; each resumes where
    it stopped."""
    for fanout_id in Fanout.objects.filter(done_at__isnull=True).values_list("pk", flat=True):
        mail.enqueue(fan_out, fanout_id)
    for announcement_id in Announcement.objects.filter(fanned_out_at__isnull=True).values_list("pk", flat=True):
        mail.enqueue(fan_out_announcement, announcement_id)


@shared_task(acks_late=True)
def send_due_reminders():
    """Beat, every 15 minutes: reminders whose time has come, each sent once."""
    return send_due()
