"""Events as iCalendar (RFC 5545) with icalendar: the per-event .ics, the per-person feed
(METHOD:PUBLISH, no attendees' addresses) and the iTIP emails (RFC 5546: METHOD:REQUEST for
an invitation or an update, METHOD:CANCEL), all from one builder, so they agree.

    body = calendar_bytes(vevents(event, changes), method="PUBLISH", name="Programme diary")
    body = calendar_bytes(vevents(event, changes, attendee=user, organiser=..., method="REQUEST"),
                          method="REQUEST")

Rules kept here: a stable UID (Event.uid) and the event's SEQUENCE; DTSTART with its TZID and
the VTIMEZONE it names (never a fixed offset, so recurring times survive DST); all-day events
as VALUE=DATE with DTEND the day after the last (exclusive, as RFC 5545 says); a changed
occurrence as its own VEVENT with RECURRENCE-ID, a cancelled one as an EXDATE (in PUBLISH) or
STATUS:CANCELLED (in iTIP)."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from .recurrence import DATE_KEY_FORMAT, KEY_FORMAT

PRODID = "-//Engage//Team diaries//EN"
REFRESH = "PT1H"  # RFC 7986 REFRESH-INTERVAL for feeds (calendars may still take up to a day)


def _times(component, event, starts_at=None, ends_at=None, start_date=None, end_date=None):
    if event.all_day:
        first, last = start_date or event.start_date, end_date or event.end_date
        component.add("dtstart", first)
        component.add("dtend", last + timedelta(days=1))
    else:
        zone = event.zone
        component.add("dtstart", (starts_at or event.starts_at).astimezone(zone))
        component.add("dtend", (ends_at or event.ends_at).astimezone(zone))


def _recurrence_id(event, key):
    if event.all_day:
        return datetime.strptime(key, DATE_KEY_FORMAT).date()
    return datetime.strptime(key, KEY_FORMAT).replace(tzinfo=event.zone)


def _describe(component, event, url="", summary_prefix=""):
    component.add("uid", event.uid)
    component.add("dtstamp", timezone.now().astimezone(UTC))
    component.add("summary", summary_prefix + event.title)
    text = event.description
    if event.online_url:
        text = f"{text}\n\nJoin online: {event.online_url}".strip()
    if url:
        text = f"{text}\n\n{url}".strip()
    if text:
        component.add("description", text)
    if event.location:
        component.add("location", event.location)
    if url:
        component.add("url", url)
    component.add("last-modified", event.updated_at.astimezone(UTC) if event.updated_at else timezone.now())


def vevents(event, changes=(), *, method="PUBLISH", url="", summary_prefix="", attendee=None, organiser=None,
            partstat="NEEDS-ACTION"):
    """The VEVENTs of one event: the series (or one-off) and one per changed occurrence.
    `attendee` (a user) and `organiser` (an email address) only for iTIP (never in PUBLISH)."""
    master = VEvent()
    _describe(master, event, url, summary_prefix)
    _times(master, event)
    master.add("sequence", event.sequence)
    cancelled_all = event.is_cancelled
    master.add("status", "CANCELLED" if cancelled_all else "CONFIRMED")
    if event.rrule:
        master.add("rrule", _rule(event.rrule))
    if method != "PUBLISH":
        if organiser:
            master.add("organizer", _address(organiser))
        if attendee is not None:
            master.add("attendee", _address(attendee.email, name=attendee.name, partstat=partstat))
    found = [master]
    exdates = []
    for change in changes:
        if change.cancelled and method == "PUBLISH":
            exdates.append(_recurrence_id(event, change.recurrence_id))
            continue
        one = VEvent()
        _describe(one, event, url, summary_prefix)
        if change.title:
            one["summary"] = vText(summary_prefix + change.title)
        if change.location:
            one["location"] = vText(change.location)
        one.add("recurrence-id", _recurrence_id(event, change.recurrence_id))
        occurrence_start = _recurrence_id(event, change.recurrence_id)
        if event.all_day:
            length = event.end_date - event.start_date
            first = change.start_date or occurrence_start
            _times(one, event, start_date=first, end_date=change.end_date or first + length)
        else:
            length = event.ends_at - event.starts_at
            starts_at = change.starts_at or occurrence_start
            _times(one, event, starts_at=starts_at, ends_at=change.ends_at or starts_at + length)
        one.add("sequence", max(event.sequence, change.sequence))
        one.add("status", "CANCELLED" if change.cancelled or cancelled_all else "CONFIRMED")
        if method != "PUBLISH" and attendee is not None:
            if organiser:
                one.add("organizer", _address(organiser))
            one.add("attendee", _address(attendee.email, name=attendee.name, partstat=partstat))
        found.append(one)
    for exdate in exdates:
        master.add("exdate", exdate)
    return found


def _rule(text):
    from icalendar import vRecur

    return vRecur.from_ical(text)


def _address(email, name="", partstat=None):
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    if partstat:
        address.params["partstat"] = partstat
        address.params["rsvp"] = "TRUE"
    return address


def calendar_bytes(components, *, method="PUBLISH", name=""):
    """A VCALENDAR of `components` with METHOD, and a VTIMEZONE for every zone they name."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    if method == "PUBLISH":
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH)
    for component in components:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()
