"""Celery tasks. They take ids, call domain code and are safe to run twice (acks_late and a
Redis visibility timeout can deliver a task again)."""

from celery import shared_task

from . import delivery, digests, sending

CHUNK = 500  # outbox rows per sending task: one SMTP connection and one preload each


@shared_task(bind=True, acks_late=True, max_retries=sending.MAX_ATTEMPTS)
def send_emails(self, ids):
    try:
        return sending.send_outbox(ids)
    except sending.TransientFailure as failure:
        # Back-off 30 s, 60 s, 120 s, ... for what is left; the sweep covers a retry that is lost.
        raise self.retry(args=[failure.remaining], countdown=30 * 2 ** self.request.retries, exc=failure.error)


def queue_in_chunks(ids, chunk=CHUNK):
    for start in range(0, len(ids), chunk):
        delivery.enqueue_send(ids[start:start + chunk])
    return len(ids)


@shared_task(acks_late=True)
def plan_digests():
    """Beat, every 15 minutes: write the outbox rows of digests now due and queue them."""
    return queue_in_chunks(digests.plan())


@shared_task(acks_late=True)
def sweep_outbox():
    """Beat, every 5 minutes: queue again whatever a lost task (or a Redis outage) left."""
    from .models import Announcement, Fanout

    for fanout_id in Fanout.objects.filter(done_at__isnull=True).values_list("pk", flat=True):
        fan_out.delay(fanout_id)
    for announcement_id in Announcement.objects.filter(fanned_out_at__isnull=True).values_list("pk", flat=True):
        fan_out_announcement.delay(announcement_id)
    return queue_in_chunks(sending.sweep())


@shared_task(acks_late=True)
def fan_out(fanout_id):
    return delivery.expand_fanout(fanout_id)


@shared_task(acks_late=True)
def fan_out_announcement(announcement_id):
    from .announcements import expand

    return expand(announcement_id)


@shared_task(acks_late=True)
def send_due_reminders():
    """Beat, every 15 minutes: reminders whose time has come, each sent once."""
    from .reminders import send_due

    return send_due()
