"""The consultation-period check: a period shorter than the minimum (6 weeks), or one that
takes in a holiday (20 December–3 January, August), asks the manager for a reason, which is
audited. The thresholds are settings (ENGAGE_CONSULTATION_MIN_WEEKS,
ENGAGE_CONSULTATION_HOLIDAYS)."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

DEFAULT_HOLIDAYS = "12-20:01-03,08-01:08-31"  # month-day:month-day, a range may wrap the year end


def min_weeks():
    return getattr(settings, "ENGAGE_CONSULTATION_MIN_WEEKS", 6)


def holidays():
    """[(start (month, day), end (month, day), name)] from ENGAGE_CONSULTATION_HOLIDAYS."""
    spec = getattr(settings, "ENGAGE_CONSULTATION_HOLIDAYS", DEFAULT_HOLIDAYS)
    ranges = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        start, end = (tuple(int(n) for n in side.split("-")) for side in part.split(":"))
        ranges.append((start, end, _name(start, end)))
    return ranges


def _name(start, end):
    if start == (12, 20) and end == (1, 3):
        return "the Christmas and New Year holiday (20 December to 3 January)"
    if start == (8, 1) and end == (8, 31):
        return "August"
    return f"the holiday from {_day(start)} to {_day(end)}"


def _day(month_day):
    return date(2000, *month_day).strftime("%-d %B")


def _holiday_spans(first, last, start, end):
    """The dates of one holiday range in the years first..last touches."""
    for year in range(first.year - 1, last.year + 1):
        begin = _on(year, start)
        finish = _on(year + (1 if end < start else 0), end)
        yield begin, finish


def _on(year, month_day):
    """The day in that year; 29 February in a year without one is the 28th."""
    month, day = month_day
    if (month, day) == (2, 29) and not calendar.isleap(year):
        day = 28
    return date(year, month, day)


def problems(opens_at, closes_at):
    """What a manager must give a reason for, in words ("The period is 4 weeks, shorter than the
    6 weeks expected."); [] when there is nothing to explain or the dates are not set."""
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        return []
    found = []
    length = closes_at - opens_at
    if length < timedelta(weeks=min_weeks()):
        weeks = length.days // 7
        days = length.days % 7
        said = f"{weeks} week{'s' if weeks != 1 else ''}"
        if days:
            said += f" and {days} day{'s' if days != 1 else ''}"
        found.append(f"The period is {said}, shorter than the {min_weeks()} weeks expected.")
    first, last = timezone.localdate(opens_at), timezone.localdate(closes_at)
    for start, end, name in holidays():
        if any(begin <= last and first <= finish for begin, finish in _holiday_spans(first, last, start, end)):
            found.append(f"The period takes in {name}, when many people are away.")
    return found
