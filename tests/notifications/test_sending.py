"""The outbox's send path (workspaces.mail), with notifications' rows: claim, send, mark; never
twice for one key; retries and permanent failures."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from links.models import Link
from notifications.models import EmailKind, Frequency, Notification
from workspaces import mail as sending
from workspaces.models import EmailStatus, OutboundEmail

from .conftest import add_link, edit_link, want


@pytest.fixture
def pending_row(workspace, contributor, manager):
    """An immediate notification email written to the outbox but not yet sent."""
    link = add_link(workspace, contributor)
    want(contributor, Frequency.IMMEDIATE)
    edit_link(link, manager, title="Consultation guidance (v2)")  # on_commit never runs here: it waits
    return OutboundEmail.objects.get()


def test_a_duplicated_or_redelivered_task_sends_nothing_twice(pending_row):
    assert sending.send_outbox([pending_row.pk]) == 1
    assert sending.send_outbox([pending_row.pk]) == 0
    sending.send_emails.apply(args=[[pending_row.pk, pending_row.pk]])
    assert len(mail.outbox) == 1


def test_a_row_claimed_by_another_worker_is_left_alone(pending_row):
    OutboundEmail.objects.filter(pk=pending_row.pk).update(status=EmailStatus.SENDING)
    assert sending.send_outbox([pending_row.pk]) == 0 and mail.outbox == []


def test_a_row_the_sweep_put_back_while_it_was_sent_is_recorded_as_sent_and_not_sent_again(pending_row):
    real_send = mail.EmailMessage.send

    def slow_send(message, *args, **kwargs):
        # The sweep judges the claim lost while SMTP is still taking the message.
        OutboundEmail.objects.filter(pk=pending_row.pk).update(status=EmailStatus.PENDING)
        return real_send(message, *args, **kwargs)

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", autospec=True, side_effect=slow_send):
        assert sending.send_outbox([pending_row.pk]) == 1
    row = OutboundEmail.objects.get()
    assert row.status == EmailStatus.SENT
    assert Notification.objects.get(pk=row.ref_id).emailed_at is not None
    assert sending.send_outbox([pending_row.pk]) == 0  # the task the sweep queued finds nothing to do
    assert len(mail.outbox) == 1


def test_an_email_that_cannot_be_built_is_recorded_as_failed_and_the_rest_still_go(pending_row, manager):
    from dataclasses import replace

    edit_link(Link.objects.get(), manager, title="Consultation guidance (v3)")
    first_id, second_id = OutboundEmail.objects.order_by("pk").values_list("pk", flat=True)
    kind = sending.get_kind(EmailKind.NOTIFICATION)

    def build(row, batch):
        if row.pk == first_id:
            raise RuntimeError("a template bug")
        return kind.build(row, batch)

    with sending.register_temporarily(replace(kind, build=build)):
        assert sending.send_outbox([first_id, second_id]) == 1
    first, second = OutboundEmail.objects.order_by("pk")
    assert first.status == EmailStatus.FAILED and "a template bug" in first.last_error
    assert second.status == EmailStatus.SENT and len(mail.outbox) == 1


def test_an_email_that_cannot_be_sent_fails_alone_and_the_rest_of_its_chunk_still_goes(pending_row, manager,
                                                                                       site_admin, as_user):
    """A header Django refuses at send time (BadHeaderError, a ValueError) used to escape the
    loop: the row stayed "sending" and the rest of the chunk was abandoned."""
    from django.core.mail import BadHeaderError

    for version in (3, 4):
        edit_link(Link.objects.get(), manager, title=f"Consultation guidance (v{version})")
    first, second, third = OutboundEmail.objects.order_by("pk")
    real_send = mail.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.extra_headers["X-Engage-Key"] == second.idempotency_key:
            raise BadHeaderError("Header values can't contain newlines")
        return real_send(message, *args, **kwargs)

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", autospec=True, side_effect=send):
        assert sending.send_outbox([first.pk, second.pk, third.pk]) == 2
    statuses = dict(OutboundEmail.objects.values_list("pk", "status"))
    assert statuses == {first.pk: EmailStatus.SENT, second.pk: EmailStatus.FAILED, third.pk: EmailStatus.SENT}
    second.refresh_from_db()
    assert second.last_error == "BadHeaderError: Header values can't contain newlines"
    page = as_user(site_admin).get("/notifications/failed/").content.decode()
    assert "BadHeaderError: Header values can&#x27;t contain newlines" in page and "Notification" in page


def test_the_same_key_cannot_be_written_twice(pending_row):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OutboundEmail.objects.create(idempotency_key=pending_row.idempotency_key,
                                     recipient=pending_row.recipient, kind=EmailKind.NOTIFICATION)


def test_a_transient_smtp_error_puts_the_row_back_and_retries(pending_row):
    error = smtplib.SMTPServerDisconnected("gone")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=error):
        with pytest.raises(sending.TransientFailure) as raised:
            sending.send_outbox([pending_row.pk])
    assert raised.value.remaining == [pending_row.pk]
    row = OutboundEmail.objects.get()
    assert row.status == EmailStatus.PENDING and row.attempts == 1 and "gone" in row.last_error
    assert sending.send_outbox([pending_row.pk]) == 1
    assert OutboundEmail.objects.get().status == EmailStatus.SENT


def test_the_task_retries_with_backoff_on_smtp_errors(pending_row):
    error = smtplib.SMTPResponseException(421, b"try later")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=error), \
            mock.patch.object(sending.send_emails, "retry", side_effect=RuntimeError("retry")) as retry:
        with pytest.raises(RuntimeError):
            sending.send_emails.apply(args=[[pending_row.pk]], throw=True)
    assert retry.call_args.kwargs["args"] == [[pending_row.pk]] and retry.call_args.kwargs["countdown"] == 30


def test_a_permanent_refusal_is_recorded_as_failed_and_listed_for_site_admins(pending_row, site_admin, manager,
                                                                              as_user):
    with mock.patch("django.core.mail.EmailMultiAlternatives.send",
                    side_effect=smtplib.SMTPDataError(554, b"rejected")):
        assert sending.send_outbox([pending_row.pk]) == 0
    row = OutboundEmail.objects.get()
    assert row.status == EmailStatus.FAILED and "rejected" in row.last_error
    page = as_user(site_admin).get("/notifications/failed/")
    assert page.status_code == 200 and "contributor@example.org" in page.content.decode()
    assert as_user(manager).get("/notifications/failed/").status_code == 404
    # The site admin sends it again.
    as_user(site_admin).post("/notifications/failed/", {"action": "retry", "id": row.pk})
    assert OutboundEmail.objects.get().status == EmailStatus.SENT and len(mail.outbox) == 1


def test_too_many_transient_failures_end_as_failed(pending_row):
    OutboundEmail.objects.filter(pk=pending_row.pk).update(attempts=sending.MAX_ATTEMPTS - 1)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("refused")):
        with pytest.raises(sending.TransientFailure):
            sending.send_outbox([pending_row.pk])
    assert OutboundEmail.objects.get().status == EmailStatus.FAILED


def test_the_sweep_returns_a_stale_claim_to_pending(pending_row):
    from datetime import timedelta

    from django.utils import timezone

    old = timezone.now() - sending.CLAIM_TIMEOUT - timedelta(minutes=1)
    OutboundEmail.objects.filter(pk=pending_row.pk).update(status=EmailStatus.SENDING, claimed_at=old,
                                                           created_at=old)
    assert sending.sweep() == [pending_row.pk]
    assert OutboundEmail.objects.get().status == EmailStatus.PENDING


def test_the_sweep_leaves_a_long_queue_to_drain_and_requeues_only_what_was_lost(pending_row):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    OutboundEmail.objects.filter(pk=pending_row.pk).update(created_at=now - timedelta(minutes=20),
                                                           queued_at=now - timedelta(minutes=20))
    assert sending.sweep(now) == []  # queued 20 minutes ago: behind a long queue, not lost
    assert sending.sweep(now + sending.REQUEUE_AFTER) == [pending_row.pk]
    OutboundEmail.objects.filter(pk=pending_row.pk).update(queued_at=None)  # the broker was down
    assert sending.sweep(now) == [pending_row.pk]


def test_a_row_the_broker_could_not_take_is_marked_not_queued_for_the_sweep(pending_row):
    assert OutboundEmail.objects.get().queued_at is not None  # written to be queued on commit
    with mock.patch.object(sending.send_emails, "delay", side_effect=ConnectionError("redis is down")):
        sending.queue_in_chunks([pending_row.pk])
    assert OutboundEmail.objects.get().queued_at is None
    OutboundEmail.objects.update(created_at=timezone.now() - timedelta(minutes=3))
    assert sending.sweep() == [pending_row.pk]
    assert OutboundEmail.objects.get().queued_at is not None  # queued again by the sweep


def test_an_email_about_something_no_longer_visible_is_skipped(pending_row, workspace, contributor):
    from workspaces.models import Membership

    Membership.objects.filter(workspace=workspace, user=contributor).delete()
    assert sending.send_outbox([pending_row.pk]) == 0
    assert OutboundEmail.objects.get().status == EmailStatus.SKIPPED and mail.outbox == []


def test_each_message_carries_a_message_id_derived_from_its_key(pending_row):
    sending.send_outbox([pending_row.pk])
    assert mail.outbox[0].extra_headers["Message-ID"].endswith("@engage.notifications>")
    assert mail.outbox[0].extra_headers["X-Engage-Key"] == pending_row.idempotency_key


def test_a_batch_is_sent_over_one_smtp_connection(pending_row, manager, settings):
    """A real SMTP server (aiosmtpd) counts the connections: one for the whole batch."""
    from .realservices import Sink

    edit_link(Link.objects.get(), manager, title="Consultation guidance (v3)")
    edit_link(Link.objects.get(), manager, title="Consultation guidance (v4)")
    sink = Sink()
    sink.controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        ids = list(OutboundEmail.objects.values_list("pk", flat=True))
        assert len(ids) == 3 and sending.send_outbox(ids) == 3
    finally:
        sink.controller.stop()
    assert len(sink.messages) == 3 and sink.greetings == 1
