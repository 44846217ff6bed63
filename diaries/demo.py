"""The diaries' demo content (manage.py seed_demo): a "Programme team diary" in the demo workspace
with a weekly stand-up (Europe/London, 09:30, 20 times; one date moved, one cancelled), a monthly
board meeting with its agenda and minutes, an all-day workshop and a stakeholder evening with
limited places and a waitlist; the demo people invited and replying. Dates are counted from
today in local dates and made into times in the organiser's zone (DST-safe). Idempotent: a
workspace that has the diary is left alone."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from . import invites
from .models import Diary, OccurrenceChange
from .recurrence import key_for, local_start
from .services import diary_create, event_create

TITLE = "Programme team diary"
LONDON = ZoneInfo("Europe/London")
AGENDA = """1. Minutes of the last meeting
2. Risk register: the three risks outside appetite
3. Budget to the end of the year
4. Any other business"""
MINUTES = """**Present:** Maya Manager (chair), Chris Contributor, Rita Reader.

- The risk register was reviewed: two actions agreed, owners named.
- The budget is on track; the next report is due at the next meeting.
- *Next meeting:* as in the diary."""


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def seed_demo(workspace, users):
    manager, contributor = users.get("manager@example.org"), users.get("contributor@example.org")
    reader = users.get("reader@example.org")
    if manager is None or Diary.objects.filter(workspace=workspace, title=TITLE).exists():
        return None
    today = timezone.localdate()
    diary = diary_create(actor=manager, workspace=workspace, title=TITLE,
                         description="Meetings and events of the programme team.", view_access="members")
    people = [person for person in (contributor, reader) if person is not None]

    monday = today - timedelta(days=today.weekday() + 14)  # two weeks ago: some dates past, most to come
    standup = event_create(actor=manager, diary=diary, title="Weekly stand-up", time_zone="Europe/London",
                           starts_at=_at(monday, 9, 30), ends_at=_at(monday, 9, 45), rrule="FREQ=WEEKLY;COUNT=20",
                           location="Teams call", online_url="https://meet.example.org/standup",
                           description="Fifteen minutes: what each of us is doing this week, and what is blocking.")
    moved_day = monday + timedelta(weeks=3)
    moved_key = key_for(standup, local_start(standup) + timedelta(weeks=3))
    cancelled_key = key_for(standup, local_start(standup) + timedelta(weeks=5))
    tuesday = moved_day + timedelta(days=1)
    OccurrenceChange.objects.create(event=standup, recurrence_id=moved_key, starts_at=_at(tuesday, 10),
                                    ends_at=_at(tuesday, 10, 15), title="Weekly stand-up (Tuesday: bank holiday)",
                                    sequence=standup.sequence + 1)
    OccurrenceChange.objects.create(event=standup, recurrence_id=cancelled_key, cancelled=True,
                                    sequence=standup.sequence + 1)
    standup.save()  # its span takes the moved date in
    invites.invite(actor=manager, event=standup, users=people)

    first_board = today - timedelta(days=20)
    board = event_create(actor=manager, diary=diary, title="Programme board", time_zone="Europe/London",
                         starts_at=_at(first_board, 14), ends_at=_at(first_board, 16), rrule="FREQ=MONTHLY;COUNT=12",
                         location="Board room, 2nd floor", agenda=AGENDA, minutes=MINUTES,
                         description="The programme board: decisions, risks and budget.")
    invites.invite(actor=manager, event=board, users=people)

    workshop_day = today + timedelta(days=10)
    workshop = event_create(actor=contributor or manager, diary=diary, title="Co-design workshop", all_day=True,
                            start_date=workshop_day, end_date=workshop_day + timedelta(days=1),
                            location="Community hall", time_zone="Europe/London",
                            description="Two days with residents to shape the next phase. Lunch provided.")
    invites.invite(actor=manager, event=workshop, users=people)

    evening_day = today + timedelta(days=7)
    # Two places among the demo's three members, so that the third waits (the waitlist shown).
    evening = event_create(actor=manager, diary=diary, title="Stakeholder evening", time_zone="Europe/London",
                           starts_at=_at(evening_day, 18), ends_at=_at(evening_day, 20), capacity=2,
                           show_attendees=True, location="Community hall, Main Street",
                           description="An evening with stakeholders: places are limited; say if you are going.")
    invites.invite(actor=manager, event=evening, users=people)
    for person, answer in ((manager, "yes"), (contributor, "yes"), (reader, "yes")):
        if person is not None:
            invites.respond(user=person, event=evening, answer=answer)
    for person, answer in ((contributor, "yes"), (reader, "maybe")):
        if person is not None:
            invites.respond(user=person, event=standup, answer=answer)
            invites.respond(user=person, event=board, answer="yes" if answer == "yes" else "no")
    if reader is not None:
        invites.respond(user=reader, event=standup, answer="no", occurrence=key_for(
            standup, local_start(standup) + timedelta(weeks=2)))
    return diary
