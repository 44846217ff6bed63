"""The "response expected by" date and the managers' reminder (due.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from consultations import due
from consultations.models import Consultation
from workspaces.models import Reminder

from .builders import make_consultation

LONDON = ZoneInfo("Europe/London")


def test_close_plus_twelve_weeks_and_a_reminder_fourteen_days_before(workspace, manager):
    consultation = make_consultation(workspace, manager, stage="closed")
    consultation.closes_at = datetime(2027, 3, 1, 17, tzinfo=LONDON)
    assert due.schedule(consultation).isoformat() == "2027-05-24"
    reminder = Reminder.objects.get(key=due.reminder_key(consultation))
    assert reminder.due_at == datetime(2027, 5, 10, 9, tzinfo=LONDON)
    assert reminder.audience == "managers" and reminder.target_id == consultation.pk


def test_the_weeks_and_days_are_settings(settings, workspace, manager):
    settings.ENGAGE_CONSULTATION_RESPONSE_WEEKS = 8
    settings.ENGAGE_CONSULTATION_DUE_REMINDER_DAYS = 7
    consultation = make_consultation(workspace, manager, stage="closed")
    consultation.closes_at = datetime(2027, 3, 1, 17, tzinfo=LONDON)
    assert due.schedule(consultation).isoformat() == "2027-04-26"
    assert Reminder.objects.get(key=due.reminder_key(consultation)).due_at.date().isoformat() == "2027-04-19"


def test_no_close_date_drops_the_reminder(workspace, manager):
    consultation = make_consultation(workspace, manager, stage="closed")
    due.schedule(consultation)
    consultation.closes_at = None
    assert due.schedule(consultation) is None
    assert not Reminder.objects.filter(key=due.reminder_key(consultation)).exists()


def test_overdue_once_past_the_date_until_the_outcome(workspace, manager):
    consultation = make_consultation(workspace, manager, stage="analysing")
    day = consultation.response_due_on
    assert not consultation.is_overdue(day)
    assert consultation.is_overdue(day + timedelta(days=1))
    Consultation.objects.filter(pk=consultation.pk).update(status="outcome")
    consultation.refresh_from_db()
    assert not consultation.is_overdue(day.replace(year=day.year + 1))
