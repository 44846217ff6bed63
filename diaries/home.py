"""The workspace home: the diaries this person may see with an event coming in the next month,
each with its next event in the note (the home lists items, and a diary is the diaries' item)."""

from datetime import timedelta

from django.utils import timezone

from workspaces.lib.dates import format_day, format_moment
from workspaces.registry import HomeEntry

from .recurrence import expand
from .selectors import events_between

HORIZON = timedelta(days=31)


def latest(user, workspace, limit):
    now = timezone.now()
    events = list(events_between(user, now, now + HORIZON, workspace=workspace)[:100])
    for event in events:
        event.workspace = event.diary.workspace = workspace
    entries, seen = [], set()
    for occurrence in expand(events, now, now + HORIZON):
        diary = occurrence.event.diary
        if diary.pk in seen:
            continue
        seen.add(diary.pk)
        when = occurrence.starts_at or occurrence.sort_key
        moment = format_moment(when) if occurrence.starts_at else format_day(occurrence.start_date)
        entries.append(HomeEntry(title=diary.title, url=diary.get_absolute_url(),
                                 note=f"next: {occurrence.title}, {moment}", when=when))
        if len(entries) >= limit:
            break
    return entries
