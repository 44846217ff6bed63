"""Builders for diary tests: diaries and events made through the services.

    diary = make_diary(workspace, manager)
    event = make_event(diary, manager, start=datetime(2027, 3, 1, 10, tzinfo=LONDON), hours=1)
    event = make_event(diary, manager, rrule="FREQ=WEEKLY;COUNT=10")
    event = make_event(diary, manager, all_day=True, start_date=date(2027, 12, 29))"""

import itertools
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from diaries import services
from diaries.models import Diary, Event

LONDON = ZoneInfo("Europe/London")
_n = itertools.count(1)


def make_diary(workspace, author, *, title=None, **extra):
    diary = services.diary_create(actor=author, workspace=workspace, title=title or f"Diary {next(_n)}", **extra)
    return Diary.objects.select_related("workspace").get(pk=diary.pk)


def make_event(diary, author, *, title=None, start=None, hours=1, time_zone="Europe/London", all_day=False,
               start_date=None, end_date=None, **extra):
    if all_day:
        start_date = start_date or timezone.localdate() + timedelta(days=3)
        event = services.event_create(actor=author, diary=diary, title=title or f"Event {next(_n)}", all_day=True,
                                      start_date=start_date, end_date=end_date or start_date, time_zone=time_zone,
                                      **extra)
    else:
        if start is None:
            day = timezone.localdate() + timedelta(days=3)
            start = datetime.combine(day, time(10), tzinfo=ZoneInfo(time_zone))
        event = services.event_create(actor=author, diary=diary, title=title or f"Event {next(_n)}", starts_at=start,
                                      ends_at=start + timedelta(hours=hours), time_zone=time_zone, **extra)
    return Event.objects.select_related("diary__workspace").get(pk=event.pk)
