"""Events: adding one in a chosen zone, the series edits (this / this and following / all) and
cancellations, all-day dates whatever the server's zone, refusals next to their fields,
hostile text inert, and the event page's queries the same for a one-off and a long series."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diaries import series
from diaries.models import Event, EventStatus
from diaries.recurrence import occurrences, rule_parts, total

from .builders import LONDON, make_diary, make_event

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def _form(**extra):
    data = {"title": "Board", "start_date": "2030-03-04", "start_time": "10:00", "end_date": "2030-03-04",
            "end_time": "11:00", "time_zone": "Europe/London", "repeat": "", "interval": "1", "ends": "never",
            "location": "", "online_url": "", "description": ""}
    return {**data, **extra}


def _all(event):
    return occurrences(event, datetime(2020, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC))


def test_this_and_following_on_occurrence_6_of_10_keeps_10_in_total(workspace, manager):
    event = make_event(make_diary(workspace, manager), manager, start=datetime(2030, 3, 4, 10, tzinfo=LONDON),
                       rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=10")
    sixth = _all(event)[5]
    remaining = series.remaining_count(event, sixth.key)
    assert remaining == 5
    new = series.split_following(actor=manager, event=event, key=sixth.key, base_version=event.version,
                                 title="Board (new room)", starts_at=sixth.starts_at, ends_at=sixth.ends_at,
                                 rrule=f"FREQ=WEEKLY;BYDAY=MO;COUNT={remaining}")
    old = Event.objects.get(pk=event.pk)
    assert total(old) + total(new) == 10 and total(old) == 5
    assert new.split_from_id == old.pk and new.uid != old.uid and new.sequence == 0 and old.sequence == 1
    assert _all(new)[0].starts_at == sixth.starts_at


def test_moving_the_following_to_another_weekday_rewrites_byday(workspace, manager):
    event = make_event(make_diary(workspace, manager), manager, start=datetime(2030, 3, 4, 10, tzinfo=LONDON),
                       rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=10")
    third = _all(event)[2]
    wednesday = third.starts_at + timedelta(days=2)
    new = series.split_following(actor=manager, event=event, key=third.key, title=event.title,
                                 starts_at=wednesday, ends_at=wednesday + timedelta(hours=1),
                                 rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=8")
    assert rule_parts(new.rrule)["BYDAY"] == "WE"
    assert {o.starts_at.astimezone(LONDON).weekday() for o in _all(new)} == {2}


def test_a_moved_occurrence_shows_on_the_page_and_in_the_expansion(as_user, workspace, manager):
    event = make_event(make_diary(workspace, manager), manager, start=datetime(2030, 3, 4, 10, tzinfo=LONDON),
                       rrule="FREQ=WEEKLY;COUNT=4")
    second = _all(event)[1]
    url = reverse("diaries:edit_event", args=[workspace.slug, event.pk])
    client = as_user(manager)
    assert b"Which events?" in client.get(url, {"on": second.key}).content
    response = client.post(f"{url}?on={second.key}&scope=this", {
        "title": "Board, moved", "start_date": "2030-03-12", "start_time": "14:00", "end_date": "2030-03-12",
        "end_time": "15:00", "location": "Room 9", "base_sequence": "0"})
    assert response.status_code == 302
    moved = [o for o in _all(Event.objects.get(pk=event.pk)) if o.key == second.key][0]
    assert moved.starts_at == datetime(2030, 3, 12, 14, tzinfo=LONDON) and moved.title == "Board, moved"
    assert len(_all(event)) == 4
    page = client.get(reverse("diaries:event", args=[workspace.slug, event.pk]), {"on": second.key}).content.decode()
    assert "Board, moved" in page and "Room 9" in page and "Moved from its usual time" in page


def test_cancelling_one_occurrence_then_the_following(as_user, workspace, manager):
    event = make_event(make_diary(workspace, manager), manager, start=datetime(2030, 3, 4, 10, tzinfo=LONDON),
                       rrule="FREQ=DAILY;COUNT=6")
    keys = [o.key for o in _all(event)]
    url = reverse("diaries:cancel_event", args=[workspace.slug, event.pk])
    client = as_user(manager)
    assert client.post(f"{url}?on={keys[1]}", {"scope": "this", "on": keys[1]}).status_code == 302
    assert [o.cancelled for o in _all(event)] == [False, True, False, False, False, False]
    assert client.post(f"{url}?on={keys[3]}", {"scope": "following", "on": keys[3]}).status_code == 302
    assert total(Event.objects.get(pk=event.pk)) == 3
    page = client.get(reverse("diaries:event", args=[workspace.slug, event.pk]), {"on": keys[1]}).content
    assert b"This occurrence is cancelled" in page
    assert client.post(url).status_code == 302
    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED


def test_an_event_added_in_a_zone_keeps_its_wall_clock_time(as_user, workspace, manager):
    diary = make_diary(workspace, manager)
    response = as_user(manager).post(reverse("diaries:add", args=[workspace.slug, diary.pk]), _form(
        time_zone="America/New_York", repeat="weekly", weekdays=["MO"], ends="count", count="10"))
    assert response.status_code == 302
    event = Event.objects.get(title="Board")
    assert event.starts_at == datetime(2030, 3, 4, 10, tzinfo=ZoneInfo("America/New_York"))
    assert event.rrule == "FREQ=WEEKLY;BYDAY=MO;COUNT=10" and total(event) == 10


def test_the_page_gives_the_organisers_time_when_the_zone_differs(as_user, workspace, manager):
    event = make_event(make_diary(workspace, manager), manager, start=datetime(2030, 3, 4, 10, tzinfo=LONDON),
                       rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=10")
    manager.time_zone = "Asia/Tokyo"
    manager.save(update_fields=["time_zone"])
    page = as_user(manager).get(event.get_absolute_url()).content.decode()
    assert "10:00 in Europe/London, the organiser&#x27;s time" in page or "10:00 in Europe/London" in page
    assert "Repeats weekly on Monday, 10 times" in page


def test_an_all_day_event_on_29_december_stays_29_december(as_user, workspace, manager, settings):
    settings.TIME_ZONE = "Australia/Brisbane"
    diary = make_diary(workspace, manager)
    response = as_user(manager).post(reverse("diaries:add", args=[workspace.slug, diary.pk]), _form(
        all_day="on", start_date="2030-12-29", start_time="", end_date="", end_time="", time_zone="Australia/Brisbane"))
    assert response.status_code == 302
    event = Event.objects.get(title="Board")
    assert event.all_day and event.start_date == event.end_date == date(2030, 12, 29)
    page = as_user(manager).get(event.get_absolute_url()).content.decode()
    assert "29 Dec 2030" in page and "all day" in page


@pytest.mark.parametrize("bad, field, message", [
    ({"end_time": "09:00"}, "end_date", "The end must be after the start."),
    ({"time_zone": "Mars/Olympus"}, "time_zone", "Choose a time zone from the list."),
    ({"repeat": "weekly", "capacity": "5"}, "capacity", "one-off event only"),
    ({"repeat": "daily", "ends": "count", "count": "100000"}, "count", "500"),
    ({"repeat": "daily", "ends": "until", "until": ""}, "until", "Give the last date"),
    ({"online_url": "http://example.org/meet"}, "online_url", "https://"),
    ({"start_time": ""}, "start_time", "Give the start time"),
    ({"title": "  "}, "title", "title"),
])
def test_refusals_come_next_to_their_field_and_nothing_typed_is_lost(as_user, workspace, manager, bad, field,
                                                                     message):
    diary = make_diary(workspace, manager)
    response = as_user(manager).post(reverse("diaries:add", args=[workspace.slug, diary.pk]),
                                     _form(description="Keep **this**", **bad))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert form.data["description"] == "Keep **this**"
    assert not Event.objects.exists()


def test_hostile_text_is_inert(as_user, workspace, manager):
    diary = make_diary(workspace, manager)
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    as_user(manager).post(reverse("diaries:add", args=[workspace.slug, diary.pk]),
                          _form(title=hostile, location=hostile, description=hostile))
    event = Event.objects.get()
    url = reverse("diaries:notes", args=[workspace.slug, event.pk])
    assert as_user(manager).post(url, {"agenda": hostile, "minutes": hostile, "publish": "on",
                                       "base_version": event.version}).status_code == 302
    page = as_user(manager).get(event.get_absolute_url()).content.decode()
    body = page.split("<main", 1)[1]
    assert not re.search(r"<script>alert|<img[^>]*onerror", body) and "&lt;script&gt;" in body


def test_publishing_minutes_is_recorded(as_user, workspace, manager):
    from workspaces.models import Activity

    event = make_event(make_diary(workspace, manager), manager)
    url = reverse("diaries:notes", args=[workspace.slug, event.pk])
    response = as_user(manager).post(url, {"agenda": "", "minutes": "", "publish": "on"})
    assert "Write the minutes" in str(response.context["form"].errors["minutes"])
    as_user(manager).post(url, {"agenda": "1. Budget", "minutes": "Agreed.", "publish": "on"})
    assert Activity.objects.filter(verb="diaries.minutes_published").count() == 1
    assert Event.objects.get(pk=event.pk).minutes == "Agreed."


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_event_page_costs_the_same_for_a_one_off_and_a_long_series(as_user, workspace, manager):
    diary = make_diary(workspace, manager)
    one = make_event(diary, manager)
    many = make_event(diary, manager, rrule="FREQ=DAILY;COUNT=100")
    client = as_user(manager)
    client.get(one.get_absolute_url())  # warm what the header caches
    few = _queries(client, one.get_absolute_url())
    client.get(many.get_absolute_url())
    assert _queries(client, many.get_absolute_url()) == few


def test_a_split_series_invites_the_old_series_invitees_to_the_new_one(workspace, manager, reader):
    from diaries import invites
    from diaries.models import Invitation

    event = make_event(make_diary(workspace, manager), manager, start=datetime(2030, 3, 4, 10, tzinfo=LONDON),
                       rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=10")
    invites.invite(actor=manager, event=event, users=[reader])
    sixth = _all(event)[5]
    new = series.split_following(actor=manager, event=Event.objects.get(pk=event.pk), key=sixth.key,
                                 title="Board (new room)", starts_at=sixth.starts_at, ends_at=sixth.ends_at,
                                 rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=5")
    assert set(Invitation.objects.filter(event=new).values_list("user_id", flat=True)) == {reader.pk}
