"""The calendar's month, week and list views: occurrences placed by the viewer's local date
(multi-day and all-day on each day they cover), Monday first, the diary filter, hidden diaries
left out, times in the viewer's zone, hostile input answered without a 500, and the month's
query count the same with 5 and 50 events and a long weekly series."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diaries.calendar import month_range, place
from diaries.recurrence import expand

from .builders import LONDON, make_diary, make_event

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def month_url(workspace, year, month, **params):
    url = reverse("diaries:month", args=[workspace.slug, year, month])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_month_is_whole_weeks_monday_first():
    assert month_range(2027, 3) == (date(2027, 3, 1), date(2027, 4, 4))  # 1 March 2027 is a Monday
    assert month_range(2027, 2) == (date(2027, 2, 1), date(2027, 2, 28))
    first, last = month_range(2026, 11)
    assert first.weekday() == 0 and last.weekday() == 6 and first == date(2026, 10, 26)


def test_a_multi_day_and_an_all_day_event_show_on_each_day_they_cover(workspace, manager):
    diary = make_diary(workspace, manager)
    overnight = make_event(diary, manager, title="Overnight", start=datetime(2027, 3, 3, 22, tzinfo=LONDON), hours=4)
    conference = make_event(diary, manager, title="Conference", all_day=True, start_date=date(2027, 3, 10),
                            end_date=date(2027, 3, 12))
    start, end = datetime(2027, 3, 1, tzinfo=LONDON), datetime(2027, 4, 1, tzinfo=LONDON)
    days = place(expand([overnight, conference], start, end, viewer_zone=LONDON), date(2027, 3, 1),
                 date(2027, 3, 31), LONDON)
    assert sorted(d.day for d, items in days.items() if any(p.occurrence.title == "Overnight" for p in items)) == [3, 4]
    assert sorted(d.day for d, items in days.items() if any(p.occurrence.title == "Conference" for p in items)) == [
        10, 11, 12]
    fourth = [p for p in days[date(2027, 3, 4)] if p.occurrence.title == "Overnight"][0]
    assert fourth.continues and not fourth.goes_on


def test_the_month_places_events_by_the_viewers_local_date(as_user, workspace, manager):
    diary = make_diary(workspace, manager)
    make_event(diary, manager, title="Late call", start=datetime(2027, 3, 9, 20, tzinfo=LONDON))  # 10 March in Tokyo
    manager.time_zone = "Asia/Tokyo"
    manager.save(update_fields=["time_zone"])
    body = as_user(manager).get(month_url(workspace, 2027, 3)).content.decode()
    assert "05:00" in body and "Late call" in body
    assert "from=2027-03-10" in body and "(Asia/Tokyo)" in body
    cell = body.split("from=2027-03-10")[1].split("</td>")[0]
    assert "Late call" in cell


def test_the_month_links_events_to_their_occurrence_and_moves_by_month(as_user, workspace, manager, reader):
    diary = make_diary(workspace, manager)
    series = make_event(diary, manager, title="Stand-up", start=datetime(2027, 3, 1, 9, tzinfo=LONDON),
                        rrule="FREQ=WEEKLY;COUNT=10")
    response = as_user(reader).get(month_url(workspace, 2027, 3))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{series.get_absolute_url()}?on=20270301T090000" in body
    assert body.count(">Stand-up<") + body.count("Stand-up</a>") >= 5  # 1, 8, 15, 22, 29 March
    assert month_url(workspace, 2027, 4) in body and month_url(workspace, 2027, 2) in body
    assert '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in body


def test_the_filter_shows_one_diary_and_hidden_diaries_stay_hidden(as_user, workspace, manager, reader):
    board = make_diary(workspace, manager, title="Board")
    secret = make_diary(workspace, manager, title="Managers", view_access="managers")
    make_event(board, manager, title="Board meeting", start=datetime(2027, 3, 2, 10, tzinfo=LONDON))
    make_event(secret, manager, title="Pay review", start=datetime(2027, 3, 3, 10, tzinfo=LONDON))
    client = as_user(reader)
    body = client.get(month_url(workspace, 2027, 3)).content.decode()
    assert "Board meeting" in body and "Pay review" not in body
    assert client.get(month_url(workspace, 2027, 3, diary=secret.pk)).status_code == 404
    body = as_user(manager).get(month_url(workspace, 2027, 3, diary=board.pk)).content.decode()
    assert "Board meeting" in body and "Pay review" not in body


@pytest.mark.parametrize("query", ["diary=abc", "diary=99999999999999999999", "diary=-1"])
def test_a_hostile_filter_is_not_found_not_a_crash(as_user, workspace, reader, query):
    assert as_user(reader).get(reverse("diaries:calendar", args=[workspace.slug]) + "?" + query).status_code == 404


@pytest.mark.parametrize("path", ["month/0/1/", "month/2027/13/", "month/99999/1/", "week/2027/54/", "week/2027/0/"])
def test_impossible_months_and_weeks_are_not_found(as_user, workspace, reader, path):
    assert as_user(reader).get(f"/w/{workspace.slug}/diaries/{path}").status_code == 404


def test_the_week_and_the_list(as_user, workspace, manager, reader):
    diary = make_diary(workspace, manager)
    make_event(diary, manager, title="Workshop", start=datetime(2027, 3, 3, 14, tzinfo=LONDON))
    client = as_user(reader)
    body = client.get(reverse("diaries:week", args=[workspace.slug, 2027, 9])).content.decode()
    assert "Workshop" in body and "Wednesday 3 March" in body and "14:00" in body
    body = client.get(reverse("diaries:list", args=[workspace.slug]) + "?from=2027-03-01").content.decode()
    assert "Workshop" in body and "Wednesday 3 March 2027" in body and diary.title in body
    assert client.get(reverse("diaries:list", args=[workspace.slug]) + "?from=not-a-date").status_code == 200


def _queries(client, url):
    client.get(url)  # warm what the header caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["reader", "manager"])
def test_the_month_costs_the_same_with_5_and_50_events(as_user, workspace, personas, persona):
    manager = personas["manager"]
    diaries = [make_diary(workspace, manager), make_diary(workspace, manager)]
    first = datetime(2027, 3, 1, 9, tzinfo=LONDON)

    def add(n, offset):
        for i in range(n):
            make_event(diaries[i % 2], manager, start=first + timedelta(days=(i + offset) % 28, hours=i % 5))

    add(5, 0)
    make_event(diaries[0], manager, title="Weekly", start=first - timedelta(days=300), rrule="FREQ=WEEKLY")
    client = as_user(personas[persona])
    url = month_url(workspace, 2027, 3)
    few = _queries(client, url)
    add(45, 5)
    make_event(diaries[1], manager, title="Daily", start=first, rrule="FREQ=DAILY;COUNT=400",
               all_day=False)
    assert _queries(client, url) == few
    assert client.get(url).content.decode().count("Weekly") >= 4
