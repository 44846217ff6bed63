"""The diaries' contract: recurrence in the organiser's wall-clock time (DST-proof), all-day
events as dates, bounded rules, iCalendar from one builder (stable UID, rising SEQUENCE,
VTIMEZONE, no attendees in PUBLISH), events seen by whoever sees their diary."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from diaries import services
from diaries.ical import calendar_bytes, vevents
from diaries.models import Event
from diaries.recurrence import expand, occurrences, total
from workspaces.permissions import can, visible

from .builders import LONDON, make_diary, make_event

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def parse(body):
    return Calendar.from_ical(body)


def test_a_weekly_0900_london_event_stays_at_0900_across_both_dst_changes(workspace, manager):
    diary = make_diary(workspace, manager)
    event = make_event(diary, manager, start=datetime(2027, 3, 1, 9, tzinfo=LONDON), rrule="FREQ=WEEKLY;UNTIL=20271231")
    found = occurrences(event, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    assert {o.starts_at.astimezone(LONDON).time().hour for o in found} == {9}
    assert {o.starts_at.astimezone(UTC).hour for o in found} == {8, 9}  # BST in summer, GMT in winter
    assert found[0].starts_at.astimezone(LONDON).date() == date(2027, 3, 1) and total(event) == len(found)
    body = calendar_bytes(vevents(event), method="PUBLISH")
    assert b"DTSTART;TZID=Europe/London:20270301T090000" in body and b"BEGIN:VTIMEZONE" in body


def test_an_all_day_event_is_dates_whatever_the_servers_zone(workspace, manager, settings):
    settings.TIME_ZONE = "Australia/Brisbane"  # UTC+10
    event = make_event(make_diary(workspace, manager), manager, all_day=True, start_date=date(2027, 12, 29))
    body = calendar_bytes(vevents(event), method="PUBLISH")
    assert b"DTSTART;VALUE=DATE:20271229" in body and b"DTEND;VALUE=DATE:20271230" in body
    [one] = occurrences(event, datetime(2027, 12, 28, tzinfo=UTC), datetime(2028, 1, 2, tzinfo=UTC))
    assert one.start_date == one.end_date == date(2027, 12, 29)


def test_moving_an_event_keeps_its_uid_and_raises_its_sequence(workspace, manager):
    event = make_event(make_diary(workspace, manager), manager, start=datetime(2027, 5, 4, 10, tzinfo=LONDON))
    before = parse(calendar_bytes(vevents(event, method="REQUEST", attendee=manager, organiser="diary@example.org"),
                                  method="REQUEST")).walk("VEVENT")[0]
    moved, significant = services.event_update(actor=manager, event=event, base_version=event.version,
                                               starts_at=datetime(2027, 5, 4, 11, tzinfo=LONDON),
                                               ends_at=datetime(2027, 5, 4, 12, tzinfo=LONDON))
    after = parse(calendar_bytes(vevents(moved, method="REQUEST", attendee=manager, organiser="diary@example.org"),
                                 method="REQUEST")).walk("VEVENT")[0]
    assert significant and after["UID"] == before["UID"] and after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.DTSTART.astimezone(LONDON).hour == 11
    _, quiet = services.event_update(actor=manager, event=moved, minutes="Notes")
    assert not quiet and Event.objects.get(pk=event.pk).sequence == 1


def test_a_published_calendar_names_no_attendee(workspace, manager):
    event = make_event(make_diary(workspace, manager), manager)
    body = calendar_bytes(vevents(event, method="PUBLISH", attendee=manager), method="PUBLISH")
    assert b"ATTENDEE" not in body and b"METHOD:PUBLISH" in body


@pytest.mark.parametrize("rule, field", [
    ("FREQ=SECONDLY", "rrule"), ("FREQ=HOURLY;COUNT=5", "rrule"), ("FREQ=DAILY;COUNT=100000", "rrule"),
    ("FREQ=DAILY;BYHOUR=1,2,3", "rrule"), ("NONSENSE", "rrule"), ("FREQ=WEEKLY;COUNT=2;UNTIL=20280101", "rrule"),
])
def test_rules_that_explode_or_cannot_be_read_are_refused(workspace, manager, rule, field):
    with pytest.raises(ValidationError) as refused:
        make_event(make_diary(workspace, manager), manager, rrule=rule)
    assert field in refused.value.message_dict
    assert not Event.objects.exists()


def test_an_end_before_the_start_and_places_on_a_series_are_refused(workspace, manager):
    diary = make_diary(workspace, manager)
    with pytest.raises(ValidationError) as refused:
        make_event(diary, manager, hours=-1)
    assert "ends_at" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_event(diary, manager, rrule="FREQ=DAILY;COUNT=3", capacity=5)
    assert "capacity" in refused.value.message_dict


def test_a_rule_that_never_ends_is_expanded_only_over_the_range(workspace, manager):
    event = make_event(make_diary(workspace, manager), manager, start=datetime(2027, 1, 1, 9, tzinfo=LONDON),
                       rrule="FREQ=DAILY")
    assert event.span_end is None and total(event) is None
    found = expand([event], datetime(2030, 6, 1, tzinfo=UTC), datetime(2030, 6, 8, tzinfo=UTC))
    assert len(found) == 7


def test_events_are_seen_by_whoever_sees_their_diary(workspace, manager, contributor, reader, outsider):
    diary = make_diary(workspace, manager, organisers="managers")
    event = make_event(diary, manager)
    assert can(reader, "diaries.view_event", event) and not can(outsider, "diaries.view_event", event)
    assert can(reader, "diaries.respond_event", event) and not can(reader, "diaries.change_event", event)
    assert not can(contributor, "diaries.organise_diary", diary) and can(manager, "diaries.change_event", event)
    assert not can(reader, "diaries.attendees_event", event)
    assert list(visible(outsider, Event.objects.all())) == []
    services.event_cancel(actor=manager, event=event)
    assert not can(reader, "diaries.respond_event", Event.objects.get(pk=event.pk))
