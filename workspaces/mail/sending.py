"""Sending outbox rows, exactly once per idempotency key as far as SMTP allows.

Per row: claim it (pending -> sending, a conditional UPDATE, so a duplicate task finds
nothing to claim), build it, hand it to SMTP, then mark it sent in the same transaction that
claims the next row (one commit per mail). A worker killed mid-batch leaves at most one row in
"sending" whose fate is unknown; the sweep returns it to "pending" after CLAIM_TIMEOUT.
Transient SMTP errors put the row back and retry the rest with back-off; a permanent refusal
(5xx), too many attempts, or a row that cannot be built or sent for any other reason (a bug,
bad data, a header Django refuses) mark that row failed, listed for site admins, and the rest
of the chunk goes on.
"""

import logging
import smtplib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from celery import shared_task
from django.core import mail
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import EmailStatus, OutboundEmail
from .batch import Batch, build
from .kinds import get_kind

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
SENDERS = 4  # SMTP connections (threads) per sending task on PostgreSQL
THREADED_FROM = 100  # rows in a task before it is worth threads
CLAIM_TIMEOUT = timedelta(minutes=15)


class TransientFailure(Exception):
    """SMTP said "try later" (or could not be reached); `remaining` are the ids still to send."""

    def __init__(self, remaining, error):
        super().__init__(str(error))
        self.remaining, self.error = remaining, error


def _claim(row_id, now):
    return OutboundEmail.objects.filter(pk=row_id, status=EmailStatus.PENDING).update(
        status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )


def _claim_next(following):
    with transaction.atomic():
        return _claim(following.pk, timezone.now()) if following else 0


# Marking a row done accepts "pending" too: the sweep may have judged a slow claim lost and put
# it back; the mail went, so it is recorded as sent and the re-queued task finds nothing to do.
FINISHABLE = (EmailStatus.SENDING, EmailStatus.PENDING)
DONE = (EmailStatus.SENT, EmailStatus.SKIPPED)


def _finish(row, status, now, covered=(), error=""):
    finished = OutboundEmail.objects.filter(pk=row.pk, status__in=FINISHABLE).update(
        status=status, sent_at=now if status == EmailStatus.SENT else None, last_error=error[:2000]
    )
    # What it covered is marked only with the row: a row someone else finished stays theirs.
    covers = get_kind(row.kind).covers if covered and status in DONE else None
    if finished and covers:
        model, field = covers
        model._default_manager.filter(pk__in=covered).update(**{field: now})


def _finish_and_claim(row, status, now, covered, following):
    """Mark `row` done (and what it covered) and claim the next one, in one transaction;
    returns whether the next was claimed. On PostgreSQL a single statement (one round trip,
    one commit per mail)."""
    if connection.vendor != "postgresql":
        with transaction.atomic():
            _finish(row, status, now, covered)
            return _claim(following.pk, now) if following else 0
    covers = get_kind(row.kind).covers if covered and status in DONE else None
    params = [status, now if status == EmailStatus.SENT else None, row.pk, list(FINISHABLE)]
    if covers:
        params += [now, list(covered)]
    params += [EmailStatus.SENDING, now, following.pk if following else -1, EmailStatus.PENDING]
    with connection.cursor() as cursor:
        cursor.execute(_finish_and_claim_sql(covers), params)
        return len(cursor.fetchall())


_statements = {}


def _finish_and_claim_sql(covers):
    if covers not in _statements:
        outbox = OutboundEmail._meta.db_table
        marked = ""
        if covers:
            model, field = covers
            marked = (f""", covered AS (UPDATE {model._meta.db_table} SET {model._meta.get_field(field).column} = %s
                                       WHERE {model._meta.pk.column} = ANY(%s) AND EXISTS (SELECT 1 FROM finished)
                                       RETURNING 1)""")
        _statements[covers] = f"""WITH finished AS (
                UPDATE {outbox} SET status = %s, sent_at = %s, last_error = ''
                WHERE id = %s AND status = ANY(%s) RETURNING id){marked}
            UPDATE {outbox} SET status = %s, claimed_at = %s, attempts = attempts + 1
            WHERE id = %s AND status = %s RETURNING id"""
    return _statements[covers]


def send_outbox(ids, smtp=None):
    """Send these outbox rows; returns how many went. Raises TransientFailure to be retried.

    On PostgreSQL a large batch is split over SENDERS threads, each with its own SMTP and
    database connection: a mail spends most of its time waiting for the SMTP server's replies,
    and the waits overlap. Each row is still claimed, sent and marked by exactly one thread."""
    rows = list(OutboundEmail.objects.filter(pk__in=ids, status=EmailStatus.PENDING).order_by("pk"))
    if not rows:
        return 0
    batch = Batch(rows)
    # Threads have connections of their own, which cannot see an uncommitted transaction's rows.
    if (smtp is not None or connection.vendor != "postgresql" or len(rows) < THREADED_FROM
            or connection.in_atomic_block):
        return _send_rows(rows, batch, smtp)
    groups = [rows[i::SENDERS] for i in range(SENDERS)]
    sent, remaining, error = 0, [], None
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        for future in [pool.submit(_send_rows_in_thread, group, batch) for group in groups]:
            try:
                sent += future.result()
            except TransientFailure as failure:
                remaining += failure.remaining
                error = failure.error
    if remaining:
        raise TransientFailure(sorted(remaining), error)
    return sent


def _send_rows_in_thread(rows, batch):
    try:
        return _send_rows(rows, batch, None)
    finally:
        connection.close()  # this thread's own database connection


def _send_rows(rows, batch, smtp):
    sent = 0
    smtp = smtp or mail.get_connection()
    try:
        # Opened here, the connection serves every mail of the batch (otherwise each send()
        # would connect, greet and quit again: seven round trips a mail instead of four).
        smtp.open()
    except (smtplib.SMTPException, OSError) as exc:  # nothing is claimed yet: all of it later
        raise TransientFailure([r.pk for r in rows], exc) from exc
    now = timezone.now()
    _fast_commits(True)
    with transaction.atomic():
        claimed = _claim(rows[0].pk, now)
    try:
        for index, row in enumerate(rows):
            following = rows[index + 1] if index + 1 < len(rows) else None
            if not claimed:  # another task has it (or had it): not ours to send
                claimed = _claim_next(following)
                continue
            row.attempts += 1
            try:
                message, covered = build(row, batch)
            except Exception as exc:  # noqa: BLE001 - one mail that cannot be built must not stop the rest
                claimed = _fail_alone(row, exc, following, "build")
                continue
            try:
                if message is not None:
                    message.connection = smtp
                    message.send()
            except smtplib.SMTPResponseException as exc:
                if not 500 <= exc.smtp_code < 600:  # "try later"
                    raise TransientFailure([r.pk for r in rows[index:]], _release(row, exc)) from exc
                _record_failure(row, exc, permanent=True)  # this address will not take it
                claimed = _claim_next(following)
                continue
            except (smtplib.SMTPException, OSError) as exc:
                raise TransientFailure([r.pk for r in rows[index:]], _release(row, exc)) from exc
            except Exception as exc:  # noqa: BLE001 - a header or address Django refuses, a bug: this row only
                claimed = _fail_alone(row, exc, following, "send")
                continue
            status = EmailStatus.SENT if message is not None else EmailStatus.SKIPPED
            claimed = _finish_and_claim(row, status, timezone.now(), covered, following)
            sent += message is not None
    finally:
        _fast_commits(False)
        try:
            smtp.close()
        except Exception:  # noqa: BLE001 - closing a broken connection
            pass
    return sent


def _fail_alone(row, exc, following, step):
    """A row that cannot be built or sent is failed, with its error, and the next one claimed."""
    logger.exception("Could not %s email %s", step, row.idempotency_key)
    _record_failure(row, exc, permanent=True)
    return _claim_next(following)


def _fast_commits(on):
    """Claims and "sent" marks commit without waiting for the disk (PostgreSQL's
    synchronous_commit off, this connection only, while sending): one commit per mail would
    otherwise wait for a WAL flush each time. Only a crash of the database server itself can
    forget the last fraction of a second of marks; those few mails would go again, with the
    same Message-ID, as after a worker killed mid-send. Nothing is lost either way."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF" if on else "RESET synchronous_commit")


def _record_failure(row, exc, permanent):
    logger.warning("Email %s failed (%s): %s", row.idempotency_key, "permanent" if permanent else "gave up", exc)
    _finish(row, EmailStatus.FAILED, timezone.now(), error=f"{exc.__class__.__name__}: {exc}")


def _release(row, exc):
    """A transient error: back to pending for the retry, or failed after MAX_ATTEMPTS."""
    if row.attempts >= MAX_ATTEMPTS:
        _record_failure(row, exc, permanent=False)
    else:
        OutboundEmail.objects.filter(pk=row.pk, status=EmailStatus.SENDING).update(
            status=EmailStatus.PENDING, last_error=f"{exc.__class__.__name__}: {exc}"[:2000]
        )
    return exc


def retry_failed(row_id):
    """A site admin sends a failed email again (with a fresh count of attempts)."""
    return OutboundEmail.objects.filter(pk=row_id, status=EmailStatus.FAILED).update(
        status=EmailStatus.PENDING, attempts=0, claimed_at=None, queued_at=timezone.now()
    )


REQUEUE_AFTER = timedelta(minutes=30)  # a row queued this long ago whose task has not run: lost


def sweep(now=None, older_than=timedelta(minutes=2)):
    """Rows a lost task left behind: stale claims go back to pending; pending rows whose task
    never reached the broker (older than `older_than`), or was queued REQUEUE_AFTER ago and has
    still not run, are returned to be queued again. A long queue (200,000 digests) is left to
    drain: re-queuing it every few minutes would only make it longer."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
        status=EmailStatus.PENDING, queued_at=None  # its task is gone: queue it at once
    )
    never_queued = Q(queued_at__isnull=True, created_at__lt=now - older_than)
    ids = list(
        OutboundEmail.objects.filter(never_queued | Q(queued_at__lt=now - REQUEUE_AFTER), status=EmailStatus.PENDING)
        .order_by("pk").values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=ids, status=EmailStatus.PENDING).update(queued_at=now)  # queued again now
    return ids


@shared_task(name="workspaces.tasks.send_emails", bind=True, acks_late=True, max_retries=MAX_ATTEMPTS)
def send_emails(self, ids):
    """Send these outbox rows (a chunk: one SMTP connection and one preload)."""
    try:
        return send_outbox(ids)
    except TransientFailure as failure:
        # Back-off 30 s, 60 s, 120 s, ... for what is left; the sweep covers a retry that is lost.
        raise self.retry(args=[failure.remaining], countdown=30 * 2 ** self.request.retries,
                         exc=failure.error) from failure
