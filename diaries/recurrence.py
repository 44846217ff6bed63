"""Recurring events, expanded in the organiser's wall-clock time (RFC 5545 with
python-dateutil's rrule), so that a weekly 09:00 Europe/London meeting stays at 09:00 across
both DST changes; all-day events as dates, never through a moment.

    rule = check_rule("FREQ=WEEKLY;BYDAY=MO;COUNT=10", first_start_local)  # normalised text, or ValidationError
    occurrences(event, start, end)        # the Occurrences of one event overlapping [start, end)
    expand(events, start, end)            # every occurrence of many events, their changes in one query
    total(event)                          # how many occurrences a rule that ends has (None: it never ends)

Bounded everywhere: a rule repeats at most daily, COUNT at most MAX_COUNT, and one expansion
returns at most MAX_EXPANSION occurrences after scanning at most MAX_SCAN starts, whatever the
rule says (a rule that never ends is expanded only over the range asked)."""

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError

MAX_COUNT = 500
MAX_EXPANSION = 1000
MAX_SCAN = 20_000
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
REFUSED_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")  # the event's own time says when in the day
ALL_DAY_SLACK = timedelta(hours=14)  # the furthest any zone is from UTC: an all-day event's span
KEY_FORMAT, DATE_KEY_FORMAT = "%Y%m%dT%H%M%S", "%Y%m%d"
BAD_RULE = "That repeat rule cannot be read. Choose how often it repeats from the list."


@dataclass(frozen=True)
class Occurrence:
    """One occurrence: `key` is its recurrence id ("" for a one-off event); moments (aware, UTC)
    for a timed event, dates (the last included) for an all-day one; what a change to this
    occurrence alone says (moved, retitled, cancelled)."""

    event: object
    key: str
    starts_at: datetime | None
    ends_at: datetime | None
    start_date: date | None
    end_date: date | None
    title: str
    location: str
    cancelled: bool = False
    change: object = None

    @property
    def sort_key(self):
        if self.starts_at is not None:
            return self.starts_at
        return datetime.combine(self.start_date, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def zone_named(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError({"time_zone": "Choose a time zone from the list."}) from None


def rule_parts(text):
    parts = {}
    for piece in (text or "").strip().upper().removeprefix("RRULE:").split(";"):
        if piece:
            name, sep, value = piece.partition("=")
            if not sep or not name or not value:
                raise ValidationError({"rrule": BAD_RULE})
            parts[name] = value
    return parts


def _local_rule(text, dtstart, zone):
    """A dateutil rule over naive wall-clock times from `dtstart` (naive, local). UNTIL (kept in
    UTC, as RFC 5545 asks beside a TZID) is turned into wall-clock time for the expansion."""
    parts = rule_parts(text)
    until = parts.get("UNTIL")
    if until:
        try:
            if until.endswith("Z"):
                moment = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                parts["UNTIL"] = moment.astimezone(zone).replace(tzinfo=None).strftime(KEY_FORMAT)
            elif "T" not in until:
                parts["UNTIL"] = datetime.strptime(until, DATE_KEY_FORMAT).strftime("%Y%m%dT235959")
        except ValueError:
            raise ValidationError({"rrule": BAD_RULE}) from None
    try:
        return rrulestr("RRULE:" + ";".join(f"{k}={v}" for k, v in parts.items()), dtstart=dtstart)
    except (ValueError, TypeError):
        raise ValidationError({"rrule": BAD_RULE}) from None


def check_rule(text, dtstart, zone=None):
    """The rule as it is kept (upper case, no "RRULE:", UNTIL in UTC), or ValidationError: an
    unreadable rule, more often than daily, BYHOUR/BYMINUTE/BYSECOND, COUNT above MAX_COUNT, or
    a rule with no occurrence at all. `dtstart`: the first start, naive wall-clock time."""
    zone = zone or ZoneInfo(settings.TIME_ZONE)
    parts = rule_parts(text)
    if not parts:
        return ""
    if parts.get("FREQ") not in FREQUENCIES:
        raise ValidationError({"rrule": "An event repeats at most daily: choose daily, weekly, monthly or yearly."})
    if any(part in parts for part in REFUSED_PARTS):
        raise ValidationError({"rrule": "Set the time of day on the event itself, not in the repeat rule."})
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError({"rrule": "Say either how many times it repeats or until when, not both."})
    if "COUNT" in parts:
        if not parts["COUNT"].isdigit() or not 1 <= int(parts["COUNT"]) <= MAX_COUNT:
            raise ValidationError({"rrule": f"An event repeats from 1 to {MAX_COUNT} times."})
    if "INTERVAL" in parts and (not parts["INTERVAL"].isdigit() or not 1 <= int(parts["INTERVAL"]) <= 400):
        raise ValidationError({"rrule": "Choose an interval from 1 to 400."})
    until = parts.get("UNTIL")
    if until and not until.endswith("Z"):  # kept in UTC: RFC 5545 with a TZID'd DTSTART
        try:
            local = (datetime.strptime(until, KEY_FORMAT) if "T" in until
                     else datetime.combine(datetime.strptime(until, DATE_KEY_FORMAT).date(), time(23, 59, 59)))
        except ValueError:
            raise ValidationError({"rrule": BAD_RULE}) from None
        parts["UNTIL"] = local.replace(tzinfo=zone).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = ";".join(f"{k}={v}" for k, v in parts.items())
    rule = _local_rule(text, dtstart, zone)
    if next(iter(rule), None) is None:
        raise ValidationError({"rrule": "This rule gives no date at all: check the days and the end."})
    return text


def local_start(event):
    """The first occurrence's start as naive wall-clock time in the event's zone (all-day: midnight)."""
    if event.all_day:
        return datetime.combine(event.start_date, time.min)
    return event.starts_at.astimezone(event.zone).replace(tzinfo=None)


def key_for(event, local):
    return local.strftime(DATE_KEY_FORMAT if event.all_day else KEY_FORMAT)


def _starts(event, after=None, before=None):
    """The occurrences' local starts (naive), from `after` to `before` (naive, local), bounded."""
    first = local_start(event)
    if not event.rrule:
        return [first]
    rule = _local_rule(event.rrule, first, event.zone)
    found = []
    for local in itertools.islice(rule, MAX_SCAN):
        if before is not None and local >= before:
            break
        if after is None or local >= after:
            found.append(local)
            if len(found) >= MAX_EXPANSION:
                break
    return found


def _make(event, local, change=None):
    if event.all_day:
        days = event.end_date - event.start_date
        start = local.date()
        start_date, end_date = start, start + days
        if change is not None and change.start_date:
            start_date, end_date = change.start_date, change.end_date or change.start_date
        return Occurrence(event, key_for(event, local) if event.rrule else "", None, None, start_date, end_date,
                          (change and change.title) or event.title, (change and change.location) or event.location,
                          bool(change and change.cancelled), change)
    zone = event.zone
    length = event.ends_at.astimezone(zone).replace(tzinfo=None) - local_start(event)
    starts_at = local.replace(tzinfo=zone).astimezone(UTC)
    ends_at = (local + length).replace(tzinfo=zone).astimezone(UTC)
    if change is not None and change.starts_at:
        starts_at, ends_at = change.starts_at, change.ends_at or change.starts_at + (ends_at - starts_at)
    return Occurrence(event, key_for(event, local) if event.rrule else "", starts_at, ends_at, None, None,
                      (change and change.title) or event.title, (change and change.location) or event.location,
                      bool(change and change.cancelled), change)


def _overlaps(occurrence, start, end, zone):
    if occurrence.starts_at is not None:
        return occurrence.starts_at < end and occurrence.ends_at > start
    first, last = start.astimezone(zone).date(), (end - timedelta(microseconds=1)).astimezone(zone).date()
    return occurrence.start_date <= last and occurrence.end_date >= first


def occurrences(event, start, end, changes=None, viewer_zone=None, cancelled=True):
    """The occurrences of `event` overlapping [start, end) (aware moments; all-day events
    compared by date in `viewer_zone`, the site's by default), its changes applied (`changes`:
    {recurrence id: OccurrenceChange}, loaded if not given); cancelled ones kept unless
    `cancelled` is False."""
    viewer_zone = viewer_zone or ZoneInfo(settings.TIME_ZONE)
    if changes is None:
        changes = {change.recurrence_id: change for change in event.changes.all()} if event.rrule else {}
    if event.all_day:
        after = datetime.combine(start.astimezone(viewer_zone).date(), time.min) - timedelta(days=400)
        before = datetime.combine(end.astimezone(viewer_zone).date(), time.min) + timedelta(days=1)
    else:
        slack = timedelta(days=2) + (event.ends_at - event.starts_at)
        after = (start - slack).astimezone(event.zone).replace(tzinfo=None)
        before = (end + timedelta(days=2)).astimezone(event.zone).replace(tzinfo=None)
    found = []
    for local in _starts(event, after, before):
        occurrence = _make(event, local, changes.get(key_for(event, local)))
        if (cancelled or not occurrence.cancelled) and _overlaps(occurrence, start, end, viewer_zone):
            found.append(occurrence)
    # A change may move an occurrence into the range from outside the scanned starts.
    seen = {occurrence.key for occurrence in found}
    for key, change in changes.items():
        if key not in seen and (change.starts_at or change.start_date) and not (change.cancelled and not cancelled):
            local = datetime.strptime(key, DATE_KEY_FORMAT if event.all_day else KEY_FORMAT)
            occurrence = _make(event, local, change)
            if _overlaps(occurrence, start, end, viewer_zone):
                found.append(occurrence)
    return sorted(found, key=lambda o: o.sort_key)


def expand(events, start, end, viewer_zone=None, cancelled=False):
    """Every occurrence of `events` overlapping [start, end), in time order; their changes in
    one query. Cancelled occurrences (and cancelled events) left out unless `cancelled`."""
    events = list(events)
    recurring = [event.pk for event in events if event.rrule]
    changes = {}
    model = events[0].changes.model if recurring else None  # OccurrenceChange (models imports this module)
    for change in model.objects.filter(event__in=recurring) if recurring else ():
        changes.setdefault(change.event_id, {})[change.recurrence_id] = change
    found = []
    for event in events:
        if event.is_cancelled and not cancelled:
            continue
        found.extend(occurrences(event, start, end, changes.get(event.pk, {}), viewer_zone, cancelled))
        if len(found) >= MAX_EXPANSION:
            break
    return sorted(found, key=lambda o: o.sort_key)[:MAX_EXPANSION]


def total(event):
    """How many occurrences the event has (1 for a one-off; None when the rule never ends)."""
    if not event.rrule:
        return 1
    parts = rule_parts(event.rrule)
    if "COUNT" not in parts and "UNTIL" not in parts:
        return None
    return len(_starts(event))


def span_of(event):
    """(span_start, span_end): moments bounding every occurrence (span_end None: never ends)."""
    starts = [local_start(event)]
    parts = rule_parts(event.rrule) if event.rrule else {}
    ends = bool(not event.rrule or "COUNT" in parts or "UNTIL" in parts)
    if event.rrule and ends:
        starts = _starts(event) or starts
        ends = len(starts) < MAX_EXPANSION
    if event.all_day:
        days = event.end_date - event.start_date
        span_start = datetime.combine(event.start_date, time.min, tzinfo=UTC) - ALL_DAY_SLACK
        last = starts[-1].date() + days + timedelta(days=1)
        span_end = datetime.combine(last, time.min, tzinfo=UTC) + ALL_DAY_SLACK
    else:
        zone = event.zone
        span_start = event.starts_at
        length = event.ends_at.astimezone(zone).replace(tzinfo=None) - local_start(event)
        span_end = (starts[-1] + length).replace(tzinfo=zone).astimezone(UTC)
    if event.pk and event.rrule:  # an occurrence moved by a change may lie outside the rule's span
        for change in event.changes.exclude(starts_at=None, start_date=None):
            if change.starts_at:
                span_start, span_end = min(span_start, change.starts_at), span_end and max(span_end, change.ends_at
                                                                                         or change.starts_at)
            else:
                low = datetime.combine(change.start_date, time.min, tzinfo=UTC) - ALL_DAY_SLACK
                high = datetime.combine((change.end_date or change.start_date) + timedelta(days=1), time.min,
                                        tzinfo=UTC) + ALL_DAY_SLACK
                span_start, span_end = min(span_start, low), span_end and max(span_end, high)
    return span_start, (span_end if ends else None)
