"""The whole path through the real inbound server: smtplib sends to aiosmtpd (the same server
`manage.py receive_mail` runs) on a free port, over SMTP and LMTP; the reply appears as a post."""

import asyncio
import smtplib
import socket
import threading

import pytest
from asgiref.sync import sync_to_async
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from inbound.models import InboundMail, InboundStatus
from inbound.smtp import ReplyController
from workspaces.kit.replies import reply_address

from .conftest import reply_mail

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=["smtp", "lmtp"])
def server(request, repliable):
    lmtp = request.param == "lmtp"
    controller = ReplyController(host="127.0.0.1", port=free_port(), lmtp=lmtp)
    controller.start()
    yield controller
    controller.stop()
    # The server stores mail in asgiref's one sync thread; its (persistent, on PostgreSQL)
    # connection would keep the test database from being dropped.
    in_fresh_thread(sync_to_async(connections.close_all))


def in_fresh_thread(async_function, *args):
    """asyncio.run() in a thread of its own: this one may already run a loop (Playwright's)."""
    result = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(async_function(*args))))
    thread.start()
    thread.join(30)
    return result[0] if result else None


def client(server):
    return (smtplib.LMTP if server.lmtp else smtplib.SMTP)("127.0.0.1", server.port, timeout=10)


def test_a_reply_sent_to_the_server_is_posted(server, note, contributor, posted):
    to = reply_address(contributor, note)
    with client(server) as smtp:
        refused = smtp.sendmail(contributor.email, [to], reply_mail(to, contributor.email, text="Sent for real.\n"))
    assert refused == {}
    assert posted == [{"actor": contributor.pk, "target": note.pk, "text": "Sent for real.",
                       "message_id": "reply-1@mail.example.org"}]
    row = InboundMail.objects.get()
    assert row.status == InboundStatus.POSTED and row.transport == ("lmtp" if server.lmtp else "smtp")
    assert row.envelope_to == [to]


def test_the_same_mail_delivered_twice_is_posted_once(server, note, contributor, posted):
    to = reply_address(contributor, note)
    raw = reply_mail(to, contributor.email)
    for _ in range(2):
        with client(server) as smtp:
            smtp.sendmail(contributor.email, [to], raw)
    assert len(posted) == 1 and InboundMail.objects.count() == 1


def test_a_wrong_sender_gets_a_bounce_and_nothing_is_posted(server, note, contributor, reader, posted):
    to = reply_address(contributor, note)
    mail.outbox.clear()
    with client(server) as smtp:
        smtp.sendmail(reader.email, [to], reply_mail(to, reader.email))
    assert posted == []
    assert [m.to for m in mail.outbox] == [[reader.email]] and "belongs to someone else" in mail.outbox[0].body


def test_recipients_outside_the_reply_domain_are_refused_with_550(server, contributor):
    with client(server) as smtp, pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        smtp.sendmail(contributor.email, ["someone@example.org"], b"Subject: hi\r\n\r\nhi\r\n")
    assert refused.value.recipients["someone@example.org"][0] == 550
    assert InboundMail.objects.count() == 0


def test_a_message_over_the_size_limit_is_refused_with_552(repliable, note, contributor, settings, posted):
    settings.ENGAGE_INBOUND_MAX_BYTES = 20_000
    controller = ReplyController(host="127.0.0.1", port=free_port())
    controller.start()
    try:
        to = reply_address(contributor, note)
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as smtp, \
                pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as refused:  # SIZE, or at DATA
            smtp.sendmail(contributor.email, [to], reply_mail(to, contributor.email, text="x" * 30_000))
    finally:
        controller.stop()
    assert refused.value.smtp_code == 552 and posted == []


def test_the_command_refuses_to_start_without_a_reply_domain(settings):
    settings.ENGAGE_REPLY_DOMAIN = ""
    with pytest.raises(CommandError, match="ENGAGE_REPLY_DOMAIN"):
        call_command("receive_mail", "--port", str(free_port()))


def test_a_storage_failure_answers_451_so_the_mta_tries_again(server, note, contributor, monkeypatch, posted):
    from inbound import smtp as inbound_smtp

    def down(*args, **kwargs):
        raise ConnectionError("database away")

    monkeypatch.setattr(inbound_smtp, "receive", down)
    to = reply_address(contributor, note)
    with client(server) as smtp, pytest.raises(smtplib.SMTPDataError) as refused:
        smtp.sendmail(contributor.email, [to], reply_mail(to, contributor.email))
    assert refused.value.smtp_code == 451 and posted == []


def test_lmtp_answers_data_once_per_recipient(repliable, contributor, note, monkeypatch):
    """RFC 2033: an LMTP client reads one status per accepted recipient after DATA."""
    from types import SimpleNamespace

    from inbound import smtp as inbound_smtp

    monkeypatch.setattr(inbound_smtp, "receive", lambda raw, **kwargs: None)
    envelope = SimpleNamespace(original_content=b"Subject: x\r\n\r\nx", mail_from=contributor.email,
                               rcpt_tos=[reply_address(contributor, note), reply_address(contributor, note)])
    status = in_fresh_thread(inbound_smtp.ReplyHandler(lmtp=True).handle_DATA, None, None, envelope)
    assert status.split("\r\n") == ["250 2.0.0 Message accepted"] * 2
