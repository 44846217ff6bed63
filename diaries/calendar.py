"""The calendar's grids, in the viewer's time zone: the weeks of a month (Monday first), a week's
seven days, and days of a list, with each occurrence placed on every local date it covers (a
timed event from its local start's date to its local end's; an all-day one from its first day to
its last, as dates, whatever the zone).

    start, end = bounds(first_day, last_day, zone)         # the moments to ask events_between for
    days = place(occurrences, first_day, last_day, zone)   # {date: [Placed]} (only days with some)
    weeks = month_weeks(2027, 3, days, today)              # [[Day, x7], ...] Monday first
"""

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils.dateformat import format as date_format
from django.utils.http import urlencode

MAX_EVENTS = 500  # events (not occurrences) one view expands
LIST_DAYS = 92  # a page of the list scans at most this many days...
LIST_ITEMS = 50  # ...and shows whole days until it has at least this many occurrences
WEEKDAYS = (("Mon", "Monday"), ("Tue", "Tuesday"), ("Wed", "Wednesday"), ("Thu", "Thursday"), ("Fri", "Friday"),
            ("Sat", "Saturday"), ("Sun", "Sunday"))


@dataclass(frozen=True)
class Placed:
    """An occurrence on one day: `continues` when it began on an earlier day, `goes_on` when it
    ends on a later one (a multi-day or overnight event shows on each day it covers)."""

    occurrence: object
    day: date
    continues: bool
    goes_on: bool
    url: str

    @property
    def all_day(self):
        return self.occurrence.starts_at is None


@dataclass
class Day:
    date: date
    in_month: bool = True
    is_today: bool = False
    items: list = field(default_factory=list)
    url: str = ""  # the day in the list view

    # The day's names, written here once (templates show dates only through |when and |day).
    @property
    def weekday_name(self):
        return date_format(self.date, "l")

    @property
    def month_name(self):
        return date_format(self.date, "F")

    @property
    def heading(self):
        """"Monday 7 December" (the week view)."""
        return date_format(self.date, "l j F")

    @property
    def long_heading(self):
        """"Monday 7 December 2026" (the list view)."""
        return date_format(self.date, "l j F Y")


def bounds(first_day, last_day, zone):
    """[start, end) as aware moments: from the first day's local midnight to the day after the last's."""
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def occurrence_url(occurrence):
    url = occurrence.event.get_absolute_url()
    return f"{url}?{urlencode({'on': occurrence.key})}" if occurrence.key else url


def local_days(occurrence, zone):
    """(first, last) local dates the occurrence covers (an end at midnight does not cover that day)."""
    if occurrence.starts_at is None:
        return occurrence.start_date, occurrence.end_date
    first = occurrence.starts_at.astimezone(zone).date()
    end = occurrence.ends_at.astimezone(zone)
    last = end.date()
    if end.time() == time.min and last > first:
        last -= timedelta(days=1)
    return first, max(first, last)


def place(occurrences, first_day, last_day, zone):
    """{date: [Placed]} for the days from first_day to last_day (inclusive): all-day ones first,
    then by time."""
    days = {}
    for occurrence in occurrences:
        first, last = local_days(occurrence, zone)
        url = occurrence_url(occurrence)
        day = max(first, first_day)
        while day <= min(last, last_day):
            days.setdefault(day, []).append(Placed(occurrence, day, day > first, day < last, url))
            day += timedelta(days=1)
    for items in days.values():
        items.sort(key=lambda placed: (not placed.all_day, not placed.continues, placed.occurrence.sort_key))
    return days


def month_range(year, month):
    """(first, last) days shown for a month: whole weeks, Monday first."""
    first = date(year, month, 1)
    last = date(year, month, stdlib_calendar.monthrange(year, month)[1])
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def month_weeks(year, month, days, today):
    shown_first, shown_last = month_range(year, month)
    weeks, day = [], shown_first
    while day <= shown_last:
        week = []
        for _ in range(7):
            week.append(Day(day, in_month=day.month == month, is_today=day == today, items=days.get(day, [])))
            day += timedelta(days=1)
        weeks.append(week)
    return weeks


def week_range(year, week):
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)


def week_days(monday, days, today):
    return [Day(monday + timedelta(days=n), is_today=monday + timedelta(days=n) == today,
                items=days.get(monday + timedelta(days=n), [])) for n in range(7)]


def list_page(days, first_day, last_day):
    """Whole days from first_day until at least LIST_ITEMS occurrences are shown: ([Day], the
    next page's first day)."""
    shown, count, day = [], 0, first_day
    while day <= last_day:
        if day in days:
            shown.append(Day(day, items=days[day]))
            count += len(days[day])
            if count >= LIST_ITEMS:
                return shown, day + timedelta(days=1)
        day += timedelta(days=1)
    return shown, last_day + timedelta(days=1)
