"""The iTIP emails (RFC 5546), read as a calendar program reads them: each invitee's email carries
the event as text/calendar (an alternative part and the attachment invite.ics), METHOD:REQUEST
with the event's UID and SEQUENCE, DTSTART with its TZID and a VTIMEZONE, ORGANIZER the diary's
address and ATTENDEE that invitee alone; a move raises SEQUENCE and keeps the UID; a
cancellation is METHOD:CANCEL (a whole event, or one date of a series by its RECURRENCE-ID)."""

from datetime import datetime
from email.utils import parseaddr

import pytest
from django.core import mail
from icalendar import Calendar

from diaries import invites, itip, services
from diaries.models import OccurrenceChange
from workspaces.models import EmailStatus, OutboundEmail, Role

from ..builders import add_member, make_team, make_user
from .builders import LONDON, make_diary, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def calendars(message):
    """The text/calendar parts of a sent message: [(content type header, parsed calendar, filename)]."""
    found = []
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            found.append((part["Content-Type"], Calendar.from_ical(part.get_payload(decode=True)), part.get_filename()))
    return found


def sent_to(address):
    return [m for m in mail.outbox if address in m.to[0]]


@pytest.fixture
def meeting(workspace, manager):
    diary = make_diary(workspace, manager, title="Programme board")
    return make_event(diary, manager, title="Board meeting", start=datetime(2027, 5, 4, 10, tzinfo=LONDON),
                      location="Room 4")


def test_an_invitation_carries_a_request_for_that_invitee_alone(meeting, manager, contributor, reader, commits,
                                                                settings):
    settings.DEFAULT_FROM_EMAIL = "Engage <diary@example.org>"
    with commits():
        invites.invite(actor=manager, event=meeting, users=[contributor, reader])
    assert len(mail.outbox) == 2
    [message] = sent_to(contributor.email)
    assert message.subject == "Invitation: Board meeting" and "Room 4" in message.body
    parts = calendars(message)
    assert [filename for *_, filename in parts] == [None, "invite.ics"]  # the alternative, then the attachment
    for content_type, calendar, _ in parts:
        assert "text/calendar" in content_type and 'method="REQUEST"' in content_type and "utf-8" in content_type
        assert calendar["METHOD"] == "REQUEST" and calendar.walk("VTIMEZONE")
        [vevent] = calendar.walk("VEVENT")
        assert str(vevent["UID"]) == meeting.uid and vevent["SEQUENCE"] == 0
        assert str(vevent["ORGANIZER"]) == "mailto:diary@example.org"
        assert str(vevent["ATTENDEE"]) == f"mailto:{contributor.email}"  # this invitee only
        assert vevent["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
        assert vevent.decoded("DTSTART").hour == 10 and vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert reader.email.encode() not in message.message().as_bytes()


def test_moving_a_meeting_from_10_to_11_sends_each_invitee_a_request_with_a_higher_sequence(
        meeting, manager, contributor, reader, commits):
    with commits():
        invites.invite(actor=manager, event=meeting, users=[contributor, reader])
    mail.outbox.clear()
    with commits():
        moved, significant = services.event_update(actor=manager, event=meeting, base_version=meeting.version,
                                                   starts_at=datetime(2027, 5, 4, 11, tzinfo=LONDON),
                                                   ends_at=datetime(2027, 5, 4, 12, tzinfo=LONDON))
        assert significant
        itip.event_changed(moved, actor=manager)
    assert sorted(parseaddr(m.to[0])[1] for m in mail.outbox) == sorted([contributor.email, reader.email])
    for message in mail.outbox:
        assert message.subject == "Updated: Board meeting"
        [(_, calendar, _), _] = calendars(message)
        [vevent] = calendar.walk("VEVENT")
        assert calendar["METHOD"] == "REQUEST" and str(vevent["UID"]) == meeting.uid
        assert vevent["SEQUENCE"] == meeting.sequence + 1 == 1
        start = vevent.decoded("DTSTART")
        assert (start.hour, start.minute) == (11, 0) and vevent["DTSTART"].params["TZID"] == "Europe/London"
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    mail.outbox.clear()
    with commits():
        cancelled = services.event_cancel(actor=manager, event=moved)
        itip.event_changed(cancelled, actor=manager, cancelled=True)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        [(content_type, calendar, _), _] = calendars(message)
        [vevent] = calendar.walk("VEVENT")
        assert calendar["METHOD"] == "CANCEL" and 'method="CANCEL"' in content_type
        assert str(vevent["UID"]) == meeting.uid and vevent["SEQUENCE"] == 2 and vevent["STATUS"] == "CANCELLED"
        assert message.subject == "Cancelled: Board meeting"


def test_one_cancelled_date_of_a_series_is_a_cancel_of_that_recurrence_id(workspace, manager, reader, commits):
    diary = make_diary(workspace, manager)
    series = make_event(diary, manager, title="Stand-up", start=datetime(2027, 3, 1, 9, 30, tzinfo=LONDON),
                        rrule="FREQ=WEEKLY;COUNT=20")
    with commits():
        invites.invite(actor=manager, event=series, users=[reader])
    mail.outbox.clear()
    with commits():
        OccurrenceChange.objects.create(event=series, recurrence_id="20270405T093000", cancelled=True,
                                        sequence=series.sequence + 1)
        itip.event_changed(series, actor=manager, cancelled=True, occurrence="20270405T093000")
    [message] = mail.outbox
    [(_, calendar, _), _] = calendars(message)
    [vevent] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and str(vevent["UID"]) == series.uid and vevent["SEQUENCE"] == 1
    assert vevent.decoded("RECURRENCE-ID") == datetime(2027, 4, 5, 9, 30, tzinfo=LONDON)  # BST: after the change
    assert vevent["STATUS"] == "CANCELLED" and "RRULE" not in vevent
    assert "One date of “Stand-up” is cancelled" in message.body


def test_a_request_overtaken_by_a_newer_change_is_skipped_and_a_change_is_told_once(meeting, manager, reader,
                                                                                    commits):
    with commits():
        invites.invite(actor=manager, event=meeting, users=[reader])
        moved, _ = services.event_update(actor=manager, event=meeting, location="Room 5")
        itip.event_changed(moved, actor=manager)
        itip.event_changed(moved, actor=manager)  # told twice: one row (its key)
    [message] = mail.outbox
    assert message.subject == "Updated: Board meeting" and "Room 5" in message.body
    rows = OutboundEmail.objects.filter(kind="diaries.itip", recipient=reader)
    assert sorted(rows.values_list("status", flat=True)) == [EmailStatus.SENT, EmailStatus.SKIPPED]


def test_team_members_are_invited_and_whoever_cannot_see_the_diary_is_not(workspace, manager, contributor,
                                                                        commits):
    diary = make_diary(workspace, manager, view_access="managers")
    event = make_event(diary, manager, title="Managers' away day")
    colleague = make_user("colleague@example.org")
    add_member(workspace, colleague, role=Role.MANAGER)
    stranger = make_user("stranger@example.org")  # in the team's group, not a member of the workspace
    team = make_team(workspace, "Leads", members=[colleague, contributor, stranger])
    with commits():
        result = invites.invite(actor=manager, event=event, teams=[team])
    assert [u.email for u in result.added] == ["colleague@example.org"]
    assert [u.email for u in result.unseen] == [contributor.email]
    assert event.invitations.get().team == team
    assert [parseaddr(m.to[0])[1] for m in mail.outbox] == ["colleague@example.org"]
    assert not invites.invite(actor=manager, event=event, users=[colleague]).added  # once only


def test_hostile_titles_and_places_cannot_inject_headers_or_calendar_lines(workspace, manager, reader, commits):
    diary = make_diary(workspace, manager)
    event = make_event(diary, manager, title="Meet\r\nBcc: evil@example.org", location="Room\r\nEND:VEVENT")
    with commits():
        invites.invite(actor=manager, event=event, users=[reader])
    [message] = mail.outbox
    assert message.bcc == [] and "\n" not in message.subject
    raw = message.message().as_bytes()
    assert b"\r\nBcc:" not in raw.split(b"\n\n")[0]
    [(_, calendar, _), _] = calendars(message)
    assert len(calendar.walk("VEVENT")) == 1
