"""From a change to notifications and the outbox: who hears, who does not, and that the rows
are written in the change's own transaction."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Follow, Frequency, Notification
from notifications.services import follow
from tests.builders import make_user
from workspaces import tasks as core_tasks
from workspaces.activity import record
from workspaces.mentions import mentioned_members
from workspaces.models import EmailStatus, OutboundEmail
from workspaces.registry import MANAGERS, WORKSPACE_MEMBERS, NotifyRule, Tool, register_temporarily

from .conftest import add_link, edit_link, want


def notified(activity_verb=None):
    qs = Notification.objects.all()
    if activity_verb:
        qs = qs.filter(activity__verb=activity_verb)
    return sorted(qs.values_list("recipient__email", flat=True))


def test_the_author_follows_what_they_add(workspace, contributor):
    link = add_link(workspace, contributor)
    assert Follow.objects.filter(user=contributor, target_id=link.pk).exists()


def test_followers_hear_of_a_change_and_the_actor_does_not(workspace, contributor, manager, reader):
    link = add_link(workspace, contributor)
    follow(user=reader, item=link)
    edit_link(link, manager, title="Consultation guidance (v2)")
    assert notified("links.link_updated") == ["contributor@example.org", "reader@example.org"]
    edit_link(link, contributor, title="v3")
    assert "contributor@example.org" not in [
        n.recipient.email for n in Notification.objects.filter(activity__target_title="v3")
    ]


def test_adding_a_link_notifies_nobody_but_the_mentioned(workspace, contributor, reader):
    add_link(workspace, contributor)
    assert notified() == []


def test_mentions_find_members_only(workspace, reader, contributor, outsider):
    found = mentioned_members(workspace, "Thanks @reader and @contributor@example.org, not @outsider.")
    assert sorted(found) == sorted([reader.pk, contributor.pk])
    assert mentioned_members(workspace, "email me at someone@reader.org") == []


def test_a_mention_recorded_with_the_activity_notifies_the_member(workspace, contributor, reader):
    with transaction.atomic():
        record(workspace=workspace, actor=contributor, verb="links.link_created", title="Hello",
               mentions=mentioned_members(workspace, "see this @reader"))
    assert [(n.recipient, n.reason) for n in Notification.objects.all()] == [(reader, "mentioned")]


def test_a_mention_in_a_link_note_notifies_the_member_and_not_the_outsider(workspace, contributor, reader,
                                                                           outsider):
    add_link(workspace, contributor, note="For @reader, and @outsider who is not a member.")
    assert [(n.recipient, n.reason) for n in Notification.objects.all()] == [(reader, "mentioned")]


def test_a_wiki_edit_notifies_only_the_people_it_newly_mentions(workspace, contributor, manager, reader):
    from wikis.services import page_create, page_update

    page = page_create(actor=contributor, workspace=workspace, title="Minutes", text="Thanks @reader.")
    assert [n.recipient for n in Notification.objects.all()] == [reader]
    page_update(actor=contributor, page=page, text="Thanks @reader. Over to @manager.")
    mentioned = Notification.objects.filter(reason="mentioned").order_by("pk")
    assert [n.recipient for n in mentioned] == [reader, manager]  # the reader is not paged again


def test_people_a_change_addresses_hear_of_it_when_the_verb_says_so(workspace, contributor, reader, manager):
    from workspaces.registry import ADDRESSED

    tool = Tool(slug="reviews", app_label="reviews", name="Reviews", description="", urls="tests.dummytool.urls",
                verbs={"reviews.review_requested": NotifyRule(notify=(ADDRESSED,)), "reviews.other": NotifyRule()})
    with register_temporarily(tool), transaction.atomic():
        record(workspace=workspace, actor=contributor, verb="reviews.review_requested", title="Paper",
               addressed=[reader, contributor])
        record(workspace=workspace, actor=contributor, verb="reviews.other", title="Paper", addressed=[manager])
    # Not the actor; and a verb whose rule does not say ADDRESSED does not reach the addressed.
    assert [(n.recipient, n.reason) for n in Notification.objects.all()] == [(reader, "addressed")]


def test_tools_declare_whom_a_verb_notifies_through_the_registry(workspace, manager, contributor, reader, commits):
    tool = Tool(slug="demo", app_label="demo", name="Demo", description="", urls="links.urls",
                verbs={"demo.thing_published": NotifyRule(notify=(MANAGERS,)),
                               "demo.thing_announced": NotifyRule(notify=(WORKSPACE_MEMBERS,))})
    with register_temporarily(tool):
        with transaction.atomic():
            record(workspace=workspace, actor=contributor, verb="demo.thing_published", title="T")
        assert notified("demo.thing_published") == ["manager@example.org"]
        with commits(), transaction.atomic():
            record(workspace=workspace, actor=contributor, verb="demo.thing_announced", title="T")
        # The actor is left out; everyone else hears (the fan-out runs after commit).
        assert notified("demo.thing_announced") == ["manager@example.org", "reader@example.org"]


def test_immediate_email_is_written_to_the_outbox_in_the_same_transaction(workspace, contributor, reader):
    link = add_link(workspace, contributor)
    want(contributor, Frequency.IMMEDIATE)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            edit_link(link, reader_as_contributor(workspace, reader), title="rolled back")
            assert OutboundEmail.objects.count() == 1
            raise RuntimeError("the change fails")
    assert OutboundEmail.objects.count() == 0 and Notification.objects.count() == 0
    assert mail.outbox == []


def reader_as_contributor(workspace, reader):
    from workspaces.models import Membership, Role

    Membership.objects.filter(workspace=workspace, user=reader).update(role=Role.CONTRIBUTOR)
    from workspaces.permissions import forget

    forget(reader)
    return reader


def test_immediate_email_goes_after_commit_with_unsubscribe_headers(workspace, contributor, manager, commits):
    link = add_link(workspace, contributor)
    want(contributor, Frequency.IMMEDIATE)
    with commits():
        edit_link(link, manager, title="Consultation guidance (v2)")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["contributor@example.org"]
    assert "Consultation guidance (v2)" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://")
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    html = message.alternatives[0][0]
    assert link.get_absolute_url() in html and "Email preferences" in html
    assert link.get_absolute_url() in message.body
    row = OutboundEmail.objects.get()
    assert row.status == EmailStatus.SENT and row.idempotency_key.startswith(f"notification:{contributor.pk}:")
    assert Notification.objects.get(recipient=contributor).emailed_at is not None


def test_off_and_no_email_mean_no_outbox_row_but_still_an_in_app_notification(workspace, contributor, manager):
    from notifications.models import UserSettings

    link = add_link(workspace, contributor)
    want(contributor, Frequency.IMMEDIATE)
    UserSettings.objects.create(user=contributor, no_email=True)
    edit_link(link, manager, title="v2")
    assert OutboundEmail.objects.count() == 0
    assert Notification.objects.get(recipient=contributor).delivery == Frequency.OFF


def test_a_workspace_preference_beats_the_global_one(workspace, public_workspace, contributor, manager):
    from notifications.preferences import frequencies

    want(contributor, Frequency.WEEKLY)
    want(contributor, Frequency.IMMEDIATE, workspace=workspace)
    assert frequencies([contributor.pk, manager.pk], workspace.pk) == {
        contributor.pk: Frequency.IMMEDIATE, manager.pk: Frequency.DAILY}
    assert frequencies([contributor.pk], public_workspace.pk) == {contributor.pk: Frequency.WEEKLY}


def test_the_change_succeeds_when_the_broker_is_down(workspace, contributor, manager, as_user, commits):
    link = add_link(workspace, contributor)
    want(contributor, Frequency.IMMEDIATE)
    with mock.patch("workspaces.mail.send_emails.delay", side_effect=ConnectionError("redis down")) as delay, \
            commits():
        response = as_user(manager).post(
            f"/w/{workspace.slug}/links/{link.pk}/edit/",
            {"url": link.url, "title": "Edited while Redis is down", "note": "", "tags": "",
             "view_access": "anyone", "change_access": "members", "loaded_version": "1"},
        )
    assert response.status_code == 302 and delay.called
    row = OutboundEmail.objects.get()
    assert row.status == EmailStatus.PENDING and mail.outbox == []
    # Later the sweep finds it and it goes.
    core_tasks.sweep_outbox.apply()  # too fresh to re-queue yet: its own task may still be queued
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        core_tasks.sweep_outbox.apply()
    assert len(mail.outbox) == 1 and OutboundEmail.objects.get().status == EmailStatus.SENT


def test_fan_out_to_a_big_workspace_runs_in_chunks_and_is_resumable(workspace, manager, contributor):
    from notifications.delivery import expand_fanout
    from notifications.models import Fanout
    from tests.builders import add_member

    for i in range(7):
        add_member(workspace, make_user(f"member{i}@example.org"))
    tool = Tool(slug="demo", app_label="demo", name="Demo", description="", urls="links.urls",
                verbs={"demo.thing_announced": NotifyRule(notify=(WORKSPACE_MEMBERS,))})
    with register_temporarily(tool), mock.patch("workspaces.mail.enqueue"):
        with transaction.atomic():
            record(workspace=workspace, actor=manager, verb="demo.thing_announced", title="T")
        fanout = Fanout.objects.get()
        assert Notification.objects.count() == 0  # nothing written in the change's transaction
        assert expand_fanout(fanout.pk, chunk=3) == 8  # contributor + 7, in chunks of three
        Fanout.objects.filter(pk=fanout.pk).update(done_at=None)
        expand_fanout(fanout.pk, chunk=3)  # again: nothing doubles
    assert Notification.objects.count() == 8
