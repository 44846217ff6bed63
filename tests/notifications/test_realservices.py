"""With real components: PostgreSQL, a Redis of our own, Celery workers as subprocesses and an
SMTP server (aiosmtpd). Run when REDIS_URL and DATABASE_URL point at real services (CI sets
both); skipped otherwise. The Redis these tests stop is their own, never the shared one."""

import os
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from notifications import digests
from notifications.models import Frequency, Notification, UserSettings
from notifications.services import follow
from tests.builders import add_member, make_user
from workspaces import mail as sending
from workspaces import tasks
from workspaces.activity import record
from workspaces.models import EmailStatus, OutboundEmail

from .conftest import add_link, want
from .realservices import RedisServer, Sink, Worker, celery_publishing_to, wait_until

pytestmark = [
    pytest.mark.realservices,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="needs real services: set REDIS_URL and DATABASE_URL=postgres://... (as CI does)",
    ),
]


@pytest.fixture
def sink():
    server = Sink()
    server.controller.start()
    yield server
    server.release.set()
    server.controller.stop()


@pytest.fixture
def redis():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers(redis, sink, tmp_path):
    started = []

    def start(**kwargs):
        worker = Worker(redis, sink, tmp_path, **kwargs)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def test_mail_written_while_redis_is_down_arrives_once_it_is_back(workspace, contributor, manager, as_user,
                                                                 redis, sink, workers):
    assert connection.vendor == "postgresql"
    link = add_link(workspace, contributor)
    want(contributor, Frequency.IMMEDIATE)
    workers()
    with celery_publishing_to(redis.url):
        redis.stop()
        # The site keeps working: the edit is saved, its email waits in the outbox.
        response = as_user(manager).post(
            f"/w/{workspace.slug}/links/{link.pk}/edit/",
            {"url": link.url, "title": "Edited while Redis was down", "note": "", "tags": "",
             "view_access": "anyone", "change_access": "members", "loaded_version": "1"},
        )
        assert response.status_code == 302
        assert OutboundEmail.objects.get().status == EmailStatus.PENDING
        redis.start()
        # Beat's sweep, a few minutes on, queues what was left (run here, where the clock is moved).
        with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=True):
            tasks.sweep_outbox.apply()
        wait_until(lambda: len(sink.messages) == 1, 45, what="the email to arrive")
    assert sink.messages[0]["To"] == "contributor@example.org"
    assert "Edited while Redis was down" in sink.messages[0]["Subject"]
    assert sink.messages[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    wait_until(lambda: OutboundEmail.objects.get().status == EmailStatus.SENT, 10, what="the row marked sent")


def test_a_worker_killed_during_a_digest_run_leaves_every_recipient_exactly_one(workspace, contributor, redis,
                                                                             sink, workers):
    from django.db import transaction

    people = [make_user(f"stakeholder{i}@example.org") for i in range(30)]
    link = add_link(workspace, contributor)
    for person in people:
        add_member(workspace, person)
        follow(user=person, item=link)
        UserSettings.objects.create(user=person, digest_hour=0)  # due whatever the time of day
    with transaction.atomic():
        record(workspace=workspace, actor=contributor, verb="links.link_updated", target=link, summary="changed")
    assert Notification.objects.filter(delivery=Frequency.DAILY).count() == 30

    sink.stall_at = 12  # the worker dies while the server holds its 12th mail
    first = workers()
    with celery_publishing_to(redis.url):
        ids = digests.plan()
        assert len(ids) == 30
        sending.queue_in_chunks(ids, chunk=10)
        assert sink.stalled.wait(45), "the digest run never reached the 12th mail"
        first.kill()
        sink.release.set()
        assert len(sink.messages) == 11
        workers()
        # The task it held comes back (visibility timeout) and the rest goes out; the one row it
        # was handing to SMTP stays claimed, its fate unknown to us...
        sent = OutboundEmail.objects.filter(status=EmailStatus.SENT)
        wait_until(lambda: sent.count() == 29, 60, what="every other digest")
        stuck = OutboundEmail.objects.get(status=EmailStatus.SENDING)
        # ...until the sweep, CLAIM_TIMEOUT later, returns it to the queue.
        with time_machine.travel(timezone.now() + sending.CLAIM_TIMEOUT + timedelta(minutes=1), tick=True):
            tasks.sweep_outbox.apply()
        wait_until(lambda: sent.count() == 30, 30, what="the last digest")
        assert OutboundEmail.objects.get(pk=stuck.pk).attempts == 2
        time.sleep(6)  # past the visibility timeout: any redelivered task has run, and sent nothing
    recipients = sorted(sink.recipients())
    assert recipients == sorted(p.email for p in people)  # everyone, exactly once
    assert len(set(sink.keys())) == 30


def test_the_core_s_own_mail_goes_through_the_same_outbox_and_worker(workspace, manager, as_user, redis, sink,
                                                                    workers):
    """An invitation, from a workspace whose name has a line break in it: sent once by the
    worker, its subject on one line, nothing injected."""
    from workspaces.models import Invitation, Workspace

    Workspace.objects.filter(pk=workspace.pk).update(name="Ops\r\nBcc: x@evil.example")
    workers()
    with celery_publishing_to(redis.url):
        response = as_user(manager).post(f"/w/{workspace.slug}/invitations/new/",
                                         {"email": "sam@example.org", "role": "10"})
        assert response.status_code == 302
        wait_until(lambda: len(sink.messages) == 1, 45, what="the invitation to arrive")
        wait_until(lambda: OutboundEmail.objects.get().status == EmailStatus.SENT, 10, what="the row marked sent")
    message = sink.messages[0]
    invitation = Invitation.objects.get()
    assert message["To"] == "sam@example.org" and message["Bcc"] is None
    assert message["Subject"] == "You are invited to Ops Bcc: x@evil.example on Engage"
    assert message["X-Engage-Key"] == f"invitation:{invitation.pk}" and invitation.sent_at is not None
