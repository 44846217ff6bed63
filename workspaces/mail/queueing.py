"""Writing outbox rows and queueing their sending."""

import logging

from django.db import transaction

from ..models import EmailStatus, OutboundEmail
from .sending import send_emails

SEND_CHUNK = 500  # outbox rows per sending task: one SMTP connection and one preload each
WRITE_BATCH = 1000
logger = logging.getLogger(__name__)


def write(rows):
    """Write these outbox rows (unsaved OutboundEmail objects; a key already in the outbox is
    left as it is) and return the ids of those still waiting to be sent, for the caller to
    queue. Call it in the transaction of what the mail reports, so that both commit or neither."""
    rows = list(rows)
    if not rows:
        return []
    OutboundEmail.objects.bulk_create(rows, ignore_conflicts=True, batch_size=WRITE_BATCH)
    # bulk_create(ignore_conflicts) returns no ids: read them back (a query per WRITE_BATCH).
    keys = [row.idempotency_key for row in rows]
    ids = []
    for start in range(0, len(keys), WRITE_BATCH):
        ids += OutboundEmail.objects.filter(
            idempotency_key__in=keys[start:start + WRITE_BATCH], status=EmailStatus.PENDING
        ).order_by("pk").values_list("pk", flat=True)
    return ids


def queue(rows, chunk=SEND_CHUNK):
    """write() these rows, and queue their sending once the transaction commits. Returns the ids."""
    ids = write(rows)
    enqueue_on_commit(ids, chunk)
    return ids


def enqueue_on_commit(ids, chunk=SEND_CHUNK):
    """Queue the sending of these outbox rows, a task per chunk, when the transaction commits."""
    ids = list(ids)
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        transaction.on_commit(lambda part=part: enqueue_send(part))


def enqueue_send(ids):
    """Queue the sending of these outbox rows. Rows count as queued from when they are written;
    if the broker cannot take the task they are marked not queued, for the sweep's next run."""
    if not enqueue(send_emails, ids):
        OutboundEmail.objects.filter(pk__in=ids, status=EmailStatus.PENDING).update(queued_at=None)


def queue_in_chunks(ids, chunk=SEND_CHUNK):
    """Queue the sending of these outbox rows now, a task per chunk; how many there were."""
    ids = list(ids)
    for start in range(0, len(ids), chunk):
        enqueue_send(ids[start:start + chunk])
    return len(ids)


def enqueue(task, *args):
    """Queue a task; if the broker is down, log and carry on: the row is in the outbox and the
    sweep will queue it again, so the change the user made still succeeds. True if queued."""
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - any broker (or, eagerly, sending) failure: the sweep retries
        logger.warning("Could not queue %s; the outbox sweep will retry.", task.name, exc_info=True)
        return False
    return True
