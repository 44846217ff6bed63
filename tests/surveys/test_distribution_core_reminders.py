"""The core reminders' personalise hook (workspaces.reminders): asked at sending time, chunk by
chunk, about the people the reminder would reach; it says what each is told, or skips them,
and can never add anyone the audience and the permission layer left out."""

from datetime import timedelta

from django.utils import timezone

from notifications import reminders as sending
from workspaces import reminders
from workspaces.models import OutboundEmail

ASKED = []


def personalise(reminder, user_ids):
    ASKED.append(sorted(user_ids))
    texts = {user_id: {"subject": f"Hello {user_id}", "url": f"/you/{user_id}/"} for user_id in user_ids}
    first = min(user_ids)
    texts[first] = None  # skipped
    texts[999_999] = {"subject": "Not asked about"}  # never sent
    return texts


def test_a_personalised_reminder_says_what_the_tool_chose_to_each(workspace, manager, contributor, reader, outsider):
    ASKED.clear()
    reminders.schedule(key="tests.personal:1", workspace=workspace, due_at=timezone.now(), subject="Default",
                       message="Same message", personalise=f"{__name__}.personalise")
    assert sending.send_due(timezone.now() + timedelta(minutes=1)) == 1
    members = sorted(u.pk for u in (manager, contributor, reader))
    assert ASKED == [members]  # members only: not the outsider
    rows = {r.recipient_id: r for r in OutboundEmail.objects.all()}
    assert sorted(rows) == members[1:]
    for user_id, row in rows.items():
        assert row.subject == f"Hello {user_id} – Test programme"
        assert row.payload["url"] == f"/you/{user_id}/" and row.payload["message"] == "Same message"
        # Each text its own key prefix: the mail builder renders one body per prefix.
        assert row.idempotency_key.startswith("reminder:") and row.idempotency_key.endswith(f":{user_id}")
    assert len({r.idempotency_key.rpartition(":")[0] for r in rows.values()}) == 2


def test_a_reminder_without_personalise_is_as_before(workspace, manager, reader):
    reminders.schedule(key="tests.plain:1", workspace=workspace, due_at=timezone.now(), subject="Due")
    sending.send_due(timezone.now() + timedelta(minutes=1))
    keys = set(OutboundEmail.objects.values_list("idempotency_key", flat=True))
    reminder = reminders.scheduled("tests.plain:").get()
    assert keys == {f"reminder:{reminder.pk}:{manager.pk}", f"reminder:{reminder.pk}:{reader.pk}"}
    assert {r.subject for r in OutboundEmail.objects.all()} == {"Due – Test programme"}
