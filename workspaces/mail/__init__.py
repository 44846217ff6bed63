"""The one mail path: every email the platform sends goes through this outbox.

The core's own mail (invitations, licence reminders) and the horizontal apps' (notifications,
digests, announcements, reminders) alike:

1. The app that owns a kind of mail registers it once, in its AppConfig.ready():

       register_kind(MailKind(name="invitation", label="Invitation", build=build_invitation,
                              preload=load_invitations, covers=(Invitation, "sent_at")))

2. In the transaction of the change the mail reports, it writes one row per recipient with a
   unique idempotency key ("invitation:<id>", "digest:daily:<user>:<day>"):

       queue([OutboundEmail(idempotency_key=..., kind="invitation", address=..., ref_id=...)])

   queue() writes the rows (a key already written is left alone) and queues their sending when
   the transaction commits; write() only writes, for a caller that queues later with
   queue_in_chunks() (beat tasks: digests, licence reminders).

3. The send_emails task claims each row, asks its kind's builder for the message (made with
   compose(), which makes every header safe), sends it and marks it sent, once. A row that
   cannot be built or sent (bad data, a bug, a 5xx refusal) is failed alone, with its error,
   for site admins (retry_failed() sends it again); transient SMTP errors are retried with
   back-off; the sweep (beat, every 5 minutes: workspaces.tasks.sweep_outbox) queues again what
   a Redis outage or a lost worker left behind.
"""

from .batch import Batch
from .compose import compose, message_id, safe_header
from .kinds import MailKind, find_kind, get_kind, kind_label, register_kind, register_temporarily
from .queueing import SEND_CHUNK, enqueue, enqueue_on_commit, queue, queue_in_chunks, write
from .sending import (
    CLAIM_TIMEOUT,
    MAX_ATTEMPTS,
    REQUEUE_AFTER,
    TransientFailure,
    retry_failed,
    send_emails,
    send_outbox,
    sweep,
)

__all__ = [
    "CLAIM_TIMEOUT",
    "MAX_ATTEMPTS",
    "REQUEUE_AFTER",
    "SEND_CHUNK",
    "Batch",
    "MailKind",
    "TransientFailure",
    "compose",
    "enqueue",
    "enqueue_on_commit",
    "find_kind",
    "get_kind",
    "kind_label",
    "message_id",
    "queue",
    "queue_in_chunks",
    "register_kind",
    "register_temporarily",
    "retry_failed",
    "safe_header",
    "send_emails",
    "send_outbox",
    "sweep",
    "write",
]
