"""The "response expected by" date: close + 12 weeks (ENGAGE_CONSULTATION_RESPONSE_WEEKS),
shown publicly once the consultation closes; the managers are reminded 14 days before
(ENGAGE_CONSULTATION_DUE_REMINDER_DAYS); past it, the consultation is overdue on the workspace
home until its outcome is published."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from workspaces.kit.services import reminders

REMINDER_AT = time(9, 0)
MANAGERS = "managers"  # Reminder.Audience.MANAGERS


def reminder_days():
    return getattr(settings, "ENGAGE_CONSULTATION_DUE_REMINDER_DAYS", 14)


def reminder_key(consultation):
    return f"consultations.due:{consultation.pk}"


def schedule(consultation):
    """Set response_due_on from the close date and (re)schedule the managers' reminder. Inside
    the caller's transaction; the caller saves response_due_on (returned)."""
    due = consultation.due_from(consultation.closes_at)
    consultation.response_due_on = due
    if due is None:
        reminders.cancel(key=reminder_key(consultation))
        return due
    when = datetime.combine(due - timedelta(days=reminder_days()), REMINDER_AT, tzinfo=ZoneInfo(settings.TIME_ZONE))
    reminders.schedule(
        key=reminder_key(consultation), workspace=consultation.workspace, due_at=when, target=consultation,
        subject=f"Response to “{str(consultation)[:80]}” expected by {due.strftime('%-d %B %Y')}",
        message=f"The consultation closed and its outcome is expected by {due.strftime('%-d %B %Y')} "
                f"({reminder_days()} days from now). Publish the outcome from the consultation's page.",
        url=consultation.get_absolute_url(), audience=MANAGERS,
    )
    return due


def cancel(consultation):
    reminders.cancel(key=reminder_key(consultation))
