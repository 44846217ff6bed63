"""The core's scheduled reminders API, sent by the notifications beat task, each once."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from notifications import tasks
from workspaces import reminders
from workspaces.models import Access, OutboundEmail, Reminder

from .conftest import add_link


def test_a_reminder_goes_when_due_to_every_member_once(workspace, manager, contributor, reader, commits):
    link = add_link(workspace, contributor)
    due = timezone.now() + timedelta(days=1)
    reminders.schedule(key=f"links.review:{link.pk}", workspace=workspace, due_at=due,
                       subject="Review due tomorrow", url=link.get_absolute_url(), target=link)
    with commits():
        assert tasks.send_due_reminders.apply().get() == 0  # not yet
    with time_machine.travel(due + timedelta(minutes=1)), commits():
        assert tasks.send_due_reminders.apply().get() == 1
        assert tasks.send_due_reminders.apply().get() == 0  # each reminder once
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contributor@example.org", "manager@example.org", "reader@example.org"]
    assert "Review due tomorrow" in mail.outbox[0].subject and link.get_absolute_url() in mail.outbox[0].body


def test_scheduling_the_same_key_moves_it_and_cancel_drops_it(workspace):
    first = timezone.now() + timedelta(days=2)
    reminders.schedule(key="surveys.closing:1", workspace=workspace, due_at=first, subject="Closes soon")
    reminders.schedule(key="surveys.closing:1", workspace=workspace, due_at=first + timedelta(days=1),
                       subject="Closes soon")
    assert Reminder.objects.get().due_at == first + timedelta(days=1)
    assert reminders.cancel(key="surveys.closing:1") == 1 and not Reminder.objects.exists()


def test_a_reminder_about_a_limited_item_reaches_only_those_who_may_see_it(workspace, contributor, reader, manager,
                                                                          commits):
    link = add_link(workspace, contributor, view_access=Access.MANAGERS)
    reminders.schedule(key="x", workspace=workspace, due_at=timezone.now(), subject="Due", target=link)
    with commits():
        tasks.send_due_reminders.apply()
    assert sorted(OutboundEmail.objects.values_list("recipient__email", flat=True)) == [
        "contributor@example.org", "manager@example.org"]  # the author and managers, not the reader


def test_a_reminder_to_named_recipients_reaches_only_those_of_them_who_are_members(workspace, manager, contributor,
                                                                                   reader, outsider, commits):
    link = add_link(workspace, contributor)
    reminders.schedule(key="documents.review_due:1", workspace=workspace, due_at=timezone.now(), subject="Review due",
                       target=link, audience=Reminder.Audience.RECIPIENTS, recipients=[reader, contributor, outsider])
    # Scheduling again narrows the list (the contributor has answered meanwhile).
    reminders.schedule(key="documents.review_due:1", workspace=workspace, due_at=timezone.now(), subject="Review due",
                       target=link, audience=Reminder.Audience.RECIPIENTS, recipients=[reader.pk, outsider.pk])
    with commits():
        tasks.send_due_reminders.apply()
    assert list(OutboundEmail.objects.values_list("recipient__email", flat=True)) == ["reader@example.org"]
