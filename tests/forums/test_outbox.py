"""Replying in a thread many people follow sends no mail in the request: their notifications and
outbox rows are written in the reply's transaction, in a fixed number of queries whatever the
number of followers, and the sending is queued for after the commit (the outbox's workers)."""

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from forums.models import Thread
from notifications.models import Follow, Frequency, Notification, Preference
from workspaces.models import EmailStatus, Membership, OutboundEmail, Role

from .builders import thread_url


def _followers(thread, start, count):
    users = User.objects.bulk_create([User(email=f"follower{n}@example.org", display_name=f"Follower {n}")
                                      for n in range(start, start + count)])
    Membership.objects.bulk_create([Membership(workspace=thread.workspace, user=u, role=Role.READER) for u in users])
    Preference.objects.bulk_create([Preference(user=u, frequency=Frequency.IMMEDIATE) for u in users])
    type_id = ContentType.objects.get_for_model(Thread).pk
    Follow.objects.bulk_create([Follow(user=u, workspace=thread.workspace, target_type_id=type_id, target_id=thread.pk)
                                for u in users])


def _reply(client, thread, text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, CaptureQueriesContext(connection) as ctx:
        response = client.post(thread_url(thread), {"text": text})
    assert response.status_code == 302
    # The notification and outbox rows go in as bulk inserts: one statement each on PostgreSQL,
    # a few batches on SQLite (its limit on parameters); every other query is counted.
    bulk = [q for q in ctx.captured_queries if q["sql"].startswith("INSERT OR IGNORE INTO")]
    assert len(bulk) <= 10
    return len(ctx.captured_queries) - len(bulk), callbacks


def test_a_reply_to_a_much_followed_thread_queues_mail_for_after_the_commit(
        as_user, thread, manager, django_capture_on_commit_callbacks):
    client = as_user(manager)
    _followers(thread, 0, 20)
    few, _ = _reply(client, thread, "To twenty.", django_capture_on_commit_callbacks)
    _followers(thread, 20, 300)
    many, callbacks = _reply(client, thread, "To three hundred and twenty.", django_capture_on_commit_callbacks)
    assert few == many, f"{few} queries for 20 followers, {many} for 320"
    assert mail.outbox == []  # nothing sent in the request
    latest = Notification.objects.filter(activity__summary__contains="post 3")
    assert latest.count() == 321  # the followers and the thread's author
    assert OutboundEmail.objects.filter(status=EmailStatus.PENDING, recipient__email__startswith="follower").count(
    ) == 20 + 320
    assert callbacks  # the sending starts once the reply is committed
