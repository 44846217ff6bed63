"""The scale seed's diaries at size S: 50 events (5,000 at L) over two years in four diaries, each
with its span filled as Event.save() would; invitations and replies; a second run adds nothing;
the bench pages answer. And the demo diary, seeded twice, once."""

import random
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from diaries.demo import TITLE, seed_demo
from diaries.models import Diary, Event, Invitation, OccurrenceChange, Rsvp
from diaries.recurrence import expand, span_of
from diaries.scale import bench_pages, event_count, seed_scale
from diaries.selectors import events_between
from workspaces.scale import SIZES, ScaleContext

from ..builders import add_member, make_user


def test_the_sizes_ask_for_5000_events_at_l():
    assert event_count(SIZES["L"]) == 5000 and event_count(SIZES["S"]) == 50


def test_the_seed_writes_events_with_their_spans_and_replies(workspace, manager):
    people = [make_user(f"stakeholder{n}@example.org") for n in range(30)]
    for person in people:
        add_member(workspace, person)
    now = timezone.now()
    ctx = ScaleContext(size=SIZES["S"], rng=random.Random(1), now=now, organisation=workspace.organisation,
                       workspace=workspace, small_workspaces=[], demo={manager.email: manager},
                       staff_ids=[manager.pk], stakeholder_ids=[u.pk for u in people], team_ids=[])
    seed_scale(ctx)
    seed_scale(ctx)  # a second run adds nothing
    events = list(Event.objects.filter(workspace=workspace))
    assert len(events) == 50 and Diary.objects.filter(workspace=workspace).count() == 4
    assert any(e.rrule for e in events) and any(not e.rrule for e in events)
    for event in events:
        assert (event.span_start, event.span_end) == span_of(event)
    assert min(e.span_start for e in events) < now - timedelta(days=100)
    assert max(e.span_start for e in events) > now + timedelta(days=100)
    assert Invitation.objects.filter(event__workspace=workspace).count() == 7 * 20  # every eighth event
    assert Rsvp.objects.filter(event__workspace=workspace).exists()
    found = list(events_between(manager, now - timedelta(days=400), now + timedelta(days=400), workspace=workspace))
    assert len(found) == 50 and expand(found, now, now + timedelta(days=30)) is not None
    client = Client()
    client.force_login(manager)
    pages = bench_pages(workspace)
    assert pages
    for _name, path in pages:
        assert client.get(path).status_code == 200


def test_the_demo_diary_is_seeded_once(workspace, manager, contributor, reader):
    users = {"manager@example.org": manager, "contributor@example.org": contributor, "reader@example.org": reader}
    diary = seed_demo(workspace, users)
    assert seed_demo(workspace, users) is None
    assert Diary.objects.filter(workspace=workspace, title=TITLE).count() == 1
    events = {event.title: event for event in diary.events.all()}
    standup = events["Weekly stand-up"]
    assert standup.rrule == "FREQ=WEEKLY;COUNT=20" and standup.starts_at.astimezone(standup.zone).hour == 9
    assert OccurrenceChange.objects.filter(event=standup, cancelled=True).count() == 1
    assert OccurrenceChange.objects.filter(event=standup, cancelled=False).exclude(starts_at=None).count() == 1
    assert events["Programme board"].minutes_html and events["Co-design workshop"].all_day
    evening = events["Stakeholder evening"]
    assert Rsvp.objects.filter(event=evening, waiting_since__isnull=False).count() == 1
    assert Invitation.objects.filter(event=evening).count() == 2
