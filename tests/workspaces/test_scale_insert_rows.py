"""workspaces.scale.insert_rows: the seed's fast insert gives a field it was not told of its
default, as a model instance would, so that a field added to a model later (a consultation
comment's published_suggestion) cannot break an older part of the seed on PostgreSQL's COPY."""

from workspaces.models import Reminder
from workspaces.scale import insert_rows


def test_a_field_left_out_gets_its_default(workspace):
    from django.utils import timezone

    now = timezone.now()
    insert_rows(Reminder, ["key", "workspace_id", "due_at", "subject", "created_at"],  # auto_now: given
                [("scale.test:1", workspace.pk, now, "Hello", now)])
    reminder = Reminder.objects.get(key="scale.test:1")
    # message, url, audience, recipients and personalise were not listed: their defaults
    assert (reminder.message, reminder.url, reminder.audience, reminder.recipients, reminder.personalise) == (
        "", "", Reminder.Audience.MEMBERS, [], "")
