"""Scheduled reminders, for tools: "closes tomorrow", "review due", and the like.

    from workspaces import reminders
    reminders.schedule(key=f"surveys.closing:{survey.pk}", workspace=ws, due_at=closes - timedelta(days=1),
                       subject=f"“{survey.title}” closes tomorrow", url=survey.get_absolute_url(), target=survey)

Scheduling the same key again moves it (until it has gone out); cancel() drops it. A beat
task in the notifications app sends each reminder once, to those who may see the item: every
member (the default), the managers, the item's followers (`audience=FOLLOWERS`: those following
it when the reminder goes out), or only the people named (`audience=RECIPIENTS,
recipients=[...]`, e.g. the reviewers who have not answered yet; scheduling again with a
shorter list narrows it).

Personalised reminders: `personalise="surveys.distribution.personalise_reminder"` names a
function the sending calls, inside its transaction, once per chunk of the people it would
reach (members who may see the target, whose mail is not switched off):

    def personalise_reminder(reminder, user_ids):
        return {user_id: {"subject": ..., "message": ..., "url": ...}, ...}

Whoever it leaves out (or maps to None) gets nothing, so the tool decides at sending time, not
when scheduling, who is still due ("has not finished the survey") and what each is told (and
may note what it sent, in the same transaction). Missing keys fall back to the reminder's own.

scheduled(prefix) lists the reminders whose key starts with `prefix`, sent or not, by due
time: a tool's page of "what goes out when".
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import Reminder

Audience = Reminder.Audience  # MEMBERS (the default), MANAGERS, FOLLOWERS, RECIPIENTS


@transaction.atomic
def schedule(*, key, workspace, due_at, subject, url="", message="", target=None,
             audience=Audience.MEMBERS, recipients=(), personalise=""):
    """Create or move the reminder `key`. Returns it; one already sent is left as it was.
    `recipients`: users (or ids), for audience=Reminder.Audience.RECIPIENTS; still only those
    of them who are members and may see the target hear of it. `personalise`: see above."""
    recipients = sorted({getattr(u, "pk", u) for u in recipients})
    reminder, created = Reminder.objects.select_for_update().get_or_create(
        key=key,
        defaults={"workspace": workspace, "due_at": due_at, "subject": subject, "url": url, "message": message,
                  "audience": audience, "recipients": recipients, "personalise": personalise,
                  "target_type": ContentType.objects.get_for_model(target) if target is not None else None,
                  "target_id": target.pk if target is not None else None},
    )
    if not created and reminder.sent_at is None:
        reminder.due_at, reminder.subject, reminder.url, reminder.message = due_at, subject, url, message
        reminder.audience, reminder.recipients, reminder.personalise = audience, recipients, personalise
        reminder.save(update_fields=["due_at", "subject", "url", "message", "audience", "recipients", "personalise"])
    return reminder


@transaction.atomic
def cancel(*, key):
    """Drop a reminder that has not gone out yet."""
    return Reminder.objects.filter(key=key, sent_at__isnull=True).delete()[0]


def scheduled(prefix):
    """The reminders whose key starts with `prefix` (sent or not), the soonest first."""
    return Reminder.objects.filter(key__startswith=prefix).order_by("due_at", "pk")
