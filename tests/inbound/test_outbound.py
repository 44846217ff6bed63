"""Notification emails about a Repliable item carry the recipient's own Reply-To address and
say so; other emails, digests, and everything when no reply domain is set, carry none."""

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import digests
from notifications.models import Follow, Frequency
from tests.notifications.conftest import want
from workspaces.activity import record
from workspaces.mail import replies, send_outbox

pytestmark = pytest.mark.django_db
SAYS = "Reply to this email to post your reply in the thread"


@pytest.fixture
def followers(workspace, note, contributor, reader):
    content_type = ContentType.objects.get_for_model(note)
    for user in (contributor, reader):
        Follow.objects.create(user=user, workspace=workspace, target_type=content_type, target_id=note.pk)
    return [contributor, reader]


def notify(workspace, actor, note, capture, frequency=Frequency.IMMEDIATE, users=()):
    for user in users:
        want(user, frequency)
    mail.outbox.clear()
    with capture(execute=True), transaction.atomic():
        record(workspace=workspace, actor=actor, verb="dummytool.note_created", target=note, summary="replied")
    return {message.to[0]: message for message in mail.outbox}


def test_each_recipient_gets_their_own_reply_to(repliable, workspace, manager, contributor, reader, note,
                                                django_capture_on_commit_callbacks):
    posters = [contributor, manager]
    content_type = ContentType.objects.get_for_model(note)
    for user in posters:
        Follow.objects.create(user=user, workspace=workspace, target_type=content_type, target_id=note.pk)
    sent = notify(workspace, reader, note, django_capture_on_commit_callbacks, users=posters)
    assert set(sent) == {user.email for user in posters}
    reply_tos = {}
    for user in posters:
        message = sent[user.email]
        token = replies.read_token(message.extra_headers["Reply-To"])
        replies.check_token(token, user)
        assert token.object_id == note.pk
        assert SAYS in message.body and SAYS in message.alternatives[0][0]
        reply_tos[user.pk] = message.extra_headers["Reply-To"]
    assert len(set(reply_tos.values())) == 2


def test_no_reply_to_for_an_item_not_declared_repliable(reply_domain, workspace, manager, note, followers,
                                                        django_capture_on_commit_callbacks):
    sent = notify(workspace, manager, note, django_capture_on_commit_callbacks, users=followers)
    assert sent and all("Reply-To" not in m.extra_headers and SAYS not in m.body for m in sent.values())


def test_no_reply_to_without_a_reply_domain(repliable, settings, workspace, manager, note, followers,
                                            django_capture_on_commit_callbacks):
    settings.ENGAGE_REPLY_DOMAIN = ""
    sent = notify(workspace, manager, note, django_capture_on_commit_callbacks, users=followers)
    assert sent and all("Reply-To" not in m.extra_headers and SAYS not in m.body for m in sent.values())


def test_digests_carry_no_reply_to(repliable, workspace, manager, note, followers,
                                   django_capture_on_commit_callbacks):
    notify(workspace, manager, note, django_capture_on_commit_callbacks, frequency=Frequency.DAILY, users=followers)
    with time_machine.travel(timezone.now().replace(hour=23), tick=False):
        ids = digests.plan()
    mail.outbox.clear()
    send_outbox(ids)
    assert mail.outbox and all("Reply-To" not in m.extra_headers and SAYS not in m.body for m in mail.outbox)


def test_who_may_not_post_there_gets_no_reply_to(repliable, workspace, manager, note, followers,
                                                 django_capture_on_commit_callbacks):
    contributor, reader = followers  # the perm is "change": the reader may see the note, not answer it
    sent = notify(workspace, manager, note, django_capture_on_commit_callbacks, users=followers)
    assert "Reply-To" in sent[contributor.email].extra_headers and SAYS in sent[contributor.email].body
    assert "Reply-To" not in sent[reader.email].extra_headers and SAYS not in sent[reader.email].body
