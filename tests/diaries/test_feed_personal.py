"""The personal calendar feed and the event's .ics, parsed back with icalendar: PUBLISH, no
ATTENDEE and no address but the owner's (none at all here), the owner's RSVP in the summary,
only what the owner may see now, 404 for a revoked, forged or malformed token, a weekly 09:00
Europe/London series back at 09:00 local in March and November, conditional GET; the page that
makes, shows once and revokes an address."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from diaries.feeds import MINE
from diaries.models import Answer, Rsvp
from workspaces.kit.feeds import feed_token_create, feed_token_revoke
from workspaces.models import Membership

from ..builders import make_user
from .builders import LONDON, make_diary, make_event

pytestmark = pytest.mark.django_db
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")


def feed_url(secret):
    return reverse("me:diaries:ical", kwargs={"token": secret})


def fetch(client, secret, **headers):
    return client.get(feed_url(secret), **headers)


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def summaries(calendar):
    return sorted(str(c["summary"]) for c in calendar.walk("VEVENT"))


@pytest.fixture
def world(workspace, public_workspace, manager, reader):
    diary = make_diary(workspace, manager, title="Programme board")
    board = make_event(diary, manager, title="Board meeting", location="Room 4")
    Rsvp.objects.create(event=board, user=reader, answer=Answer.YES)
    other = make_diary(public_workspace, manager, title="Open forum diary")
    forum = make_event(other, manager, title="Forum evening")
    Rsvp.objects.create(event=forum, user=reader, answer=Answer.MAYBE)
    Rsvp.objects.create(event=forum, user=manager, answer=Answer.NO)
    _token, secret = feed_token_create(owner=reader, scope=MINE, label="Phone")
    return {"diary": diary, "board": board, "forum": forum, "secret": secret}


def test_the_feed_has_every_workspace_the_owners_replies_and_no_attendee(client, world):
    response = fetch(client, world["secret"])
    calendar = parse(response)
    assert str(calendar["method"]) == "PUBLISH" and "X-WR-CALNAME" in calendar and "REFRESH-INTERVAL" in calendar
    assert summaries(calendar) == ["[Going] Board meeting", "[Maybe] Forum evening"]
    assert b"ATTENDEE" not in response.content and b"ORGANIZER" not in response.content
    assert not [m for m in EMAIL.findall(response.content) if not m.endswith(b"@engage")]  # UIDs only
    assert "private" in response["Cache-Control"] and response["X-Robots-Tag"].startswith("noindex")


def test_an_event_the_owner_can_no_longer_see_leaves_the_feed(client, world, workspace, reader):
    world["diary"].view_access = "managers"
    world["diary"].save(update_fields=["view_access"])
    assert summaries(parse(fetch(client, world["secret"]))) == ["[Maybe] Forum evening"]
    world["diary"].view_access = "members"
    world["diary"].save(update_fields=["view_access"])
    Membership.objects.filter(workspace=workspace, user=reader).delete()
    assert summaries(parse(fetch(client, world["secret"]))) == ["[Maybe] Forum evening"]


def test_a_diary_switched_off_or_deleted_leaves_the_feed(client, world, workspace):
    workspace.enabled_tools = [slug for slug in workspace.enabled_tools if slug != "diaries"]
    workspace.save(update_fields=["enabled_tools"])
    assert summaries(parse(fetch(client, world["secret"]))) == ["[Maybe] Forum evening"]


@pytest.mark.parametrize("bad", ["revoked", "forged", "malformed", "deactivated", "workspace_token"])
def test_a_bad_token_is_not_found(client, world, reader, workspace, bad):
    from workspaces.models import FeedToken

    secret = world["secret"]
    if bad == "revoked":
        feed_token_revoke(actor=reader, token=FeedToken.objects.get(user=reader, scope=MINE.name))
    elif bad == "forged":
        secret = secret[:-2] + ("AA" if not secret.endswith("AA") else "BB")
    elif bad == "malformed":
        secret = "not-url-safe$$$" + secret[:20]
    elif bad == "deactivated":
        type(reader).objects.filter(pk=reader.pk).update(is_active=False)
    else:
        from workspaces.kit.feeds import WORKSPACE_ACTIVITY

        _token, secret = feed_token_create(owner=reader, scope=WORKSPACE_ACTIVITY, workspace=workspace)
    assert fetch(client, secret).status_code == 404
    assert client.post(feed_url(world["secret"])).status_code == 405


def test_a_weekly_london_0900_series_is_sent_as_its_rule_and_reads_back_at_0900(client, workspace, manager):
    diary = make_diary(workspace, manager)
    from django.utils import timezone

    year = timezone.now().year + 1
    make_event(diary, manager, title="Stand-up", start=datetime(year, 1, 4, 9, tzinfo=LONDON),
               rrule=f"FREQ=WEEKLY;UNTIL={year}1231")
    _token, secret = feed_token_create(owner=manager, scope=MINE)
    calendar = parse(fetch(client, secret))
    (series,) = [c for c in calendar.walk("VEVENT") if str(c["summary"]) == "Stand-up"]
    assert "RRULE" in series and series["dtstart"].dt.tzinfo.key == "Europe/London"
    from dateutil.rrule import rrulestr

    starts = list(rrulestr(series["rrule"].to_ical().decode(), dtstart=series["dtstart"].dt))
    march = [s for s in starts if s.month == 3 and s.day > 28]
    november = [s for s in starts if s.month == 11]
    assert march and november
    assert {s.astimezone(LONDON).hour for s in march + november} == {9}
    assert {s.utcoffset().total_seconds() for s in march + november} == {0, 3600}


def test_a_second_fetch_with_the_etag_is_304(client, world):
    first = fetch(client, world["secret"])
    again = fetch(client, world["secret"], HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    world["board"].title = "Board meeting (moved)"
    world["board"].save()
    assert fetch(client, world["secret"], HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_an_events_ics_is_publish_with_its_series_and_no_attendee(as_user, workspace, manager, reader):
    diary = make_diary(workspace, manager)
    event = make_event(diary, manager, title="Board meeting", rrule="FREQ=WEEKLY;COUNT=4")
    response = as_user(reader).get(reverse("diaries:event_ics", args=[workspace.slug, event.pk]))
    calendar = parse(response)
    assert str(calendar["method"]) == "PUBLISH" and b"ATTENDEE" not in response.content
    assert response["Content-Disposition"] == 'attachment; filename="board-meeting.ics"'
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == event.uid and "RRULE" in vevent
    response = as_user(reader).get(reverse("diaries:diary_ics", args=[workspace.slug, diary.pk]))
    assert summaries(parse(response)) == ["Board meeting"]


def test_the_page_makes_an_address_shows_it_once_and_revokes_it(as_user, workspace, reader):
    client = as_user(reader)
    url = reverse("diaries:feed", args=[workspace.slug])
    assert "up to a day" in client.get(url).content.decode()
    response = client.post(url, {"label": "Outlook at work"})
    body = response.content.decode()
    secret = re.search(r"/me/diaries/calendar/([A-Za-z0-9_-]+)\.ics", body).group(1)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert fetch(client, secret).status_code == 200
    body = client.get(url).content.decode()
    assert "Outlook at work" in body and secret not in body
    from workspaces.models import FeedToken

    token = FeedToken.objects.get(user=reader, scope=MINE.name)
    assert token.workspace_id is None
    assert client.get(reverse("feed_addresses")).content.decode().count("All your workspaces") == 1
    stranger = as_user(make_user("stranger@example.org"))
    assert stranger.post(url, {"revoke": token.pk}).status_code in (403, 404)
    assert client.post(url, {"revoke": token.pk}).status_code == 302
    assert fetch(client, secret).status_code == 404


def test_the_reset_of_a_personal_address_makes_a_personal_one(as_user, reader):
    from workspaces.models import FeedToken

    token, _secret = feed_token_create(owner=reader, scope=MINE, label="Phone")
    response = as_user(reader).post(reverse("feed_address_reset", args=[token.pk]), {"confirm": "yes"})
    assert response.status_code == 200
    assert re.search(rb"/me/diaries/calendar/[A-Za-z0-9_-]+\.ics", response.content)
    new = FeedToken.objects.get(user=reader, scope=MINE.name, revoked_at__isnull=True)
    assert new.workspace_id is None and new.pk != token.pk
