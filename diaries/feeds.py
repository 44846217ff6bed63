"""A person's private calendar address: every event of all their workspaces that they may see
now, as one iCalendar feed (METHOD:PUBLISH) for Outlook, Google or Apple calendars to subscribe to.

- The address is a personal feed token (workspaces.kit.feeds, FeedScope personal=True: no
  workspace) under /me/diaries/calendar/<token>.ics (Tool.personal_urls); the token is checked by
  permissions.decorators.personal_feed_view (revoked, unknown, malformed, deactivated: 404).
- Each fetch reads the owner's workspaces as they are now: memberships that count (licence
  current), the diaries tool switched on, then visible(owner, ...) on the events (item access),
  so an event of a diary they can no longer see leaves the feed at once.
- From 90 days back to 400 ahead; a recurring series is sent once, as its RRULE with its
  changed occurrences (never expanded). No ATTENDEE and no one's address (RFC 5546 PUBLISH);
  the owner's own reply in the summary: "[Going] Board meeting".
- ETag and Last-Modified from what the feed is made of (events, changes, replies), so a calendar
  that has it already gets 304.
"""

import hashlib
from datetime import UTC, datetime, timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from workspaces.kit.feeds import FeedScope, personal_feed_view
from workspaces.permissions import licensed_memberships, visible

from . import ical
from .models import Answer, Event, OccurrenceChange, Rsvp
from .selectors import overlapping

MINE = FeedScope("diaries.mine", perm="diaries.view_event", url_name="me:diaries:ical", noun="calendar",
                 personal=True)
BACK, AHEAD = timedelta(days=90), timedelta(days=400)
MAX_FEED_EVENTS = 1000
NAME = "Engage: my diaries"
REFRESH_NOTE = ("Calendars fetch a subscribed address on their own schedule: Google may take up to a day to show a "
                "change, Outlook a few hours. Invitations by email carry changes at once.")
GRANTS = ("Shows your calendar programs every event you may see in the diaries of all your workspaces, with your "
          "replies, nothing else: it cannot sign in or change anything, and stops working when you revoke it.")
PREFIXES = {Answer.YES: "[Going] ", Answer.MAYBE: "[Maybe] ", Answer.NO: "[Not going] "}
WAITING = "[Waiting list] "
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def components(request, events, prefixes=None):
    """The VEVENTs of `events` (series with their changes, one query for all the changes)."""
    prefixes = prefixes or {}
    recurring = [event.pk for event in events if event.rrule]
    changes = {}
    for change in OccurrenceChange.objects.filter(event__in=recurring) if recurring else ():
        changes.setdefault(change.event_id, []).append(change)
    found = []
    for event in events:
        url = request.build_absolute_uri(event.get_absolute_url())
        found.extend(ical.vevents(event, changes.get(event.pk, ()), url=url,
                                  summary_prefix=prefixes.get(event.pk, "")))
    return found


def owner_events(owner, now=None):
    """The events of the owner's feed: in the workspaces they count as a member of now, with
    diaries on, that visible() gives them, overlapping the window; the newest MAX_FEED_EVENTS."""
    now = now or timezone.now()
    memberships = licensed_memberships(owner.pk).select_related("workspace").only("workspace",
                                                                                   "workspace__enabled_tools")
    workspace_ids = [m.workspace.pk for m in memberships if m.workspace.tool_enabled("diaries")]
    events = Event.objects.filter(workspace_id__in=workspace_ids, diary__is_deleted=False)
    events = visible(owner, overlapping(events, now - BACK, now + AHEAD))
    return list(events.select_related("diary", "workspace").order_by("span_start", "id")[:MAX_FEED_EVENTS])


def prefixes_for(owner, events):
    """{event id: "[Going] "}: the owner's reply to each whole event (a place waited for says so)."""
    found = {}
    for rsvp in Rsvp.objects.filter(user=owner.pk, event__in=[event.pk for event in events], occurrence=""):
        found[rsvp.event_id] = WAITING if rsvp.is_waiting else PREFIXES.get(rsvp.answer, "")
    return found


def _fingerprint(owner, events, prefixes):
    """(etag, last modified) of what the feed is made of, without building it."""
    ids = [event.pk for event in events]
    changed = list(OccurrenceChange.objects.filter(event__in=ids).values_list("event_id", "recurrence_id",
                                                                              "updated_at")) if ids else []
    stamps = [event.updated_at for event in events] + [stamp for _e, _k, stamp in changed]
    latest = max((stamp for stamp in stamps if stamp), default=EPOCH)
    text = repr(([(e.pk, e.version, e.sequence, e.updated_at, e.diary.title) for e in events], sorted(changed),
                 sorted(prefixes.items())))
    return quote_etag(hashlib.sha256(text.encode()).hexdigest()[:32]), latest


@personal_feed_view(MINE)
def mine(request):
    owner = request.feed.owner
    events = owner_events(owner)
    prefixes = prefixes_for(owner, events)
    etag, latest = _fingerprint(owner, events, prefixes)
    last_modified = int(latest.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    body = ical.calendar_bytes(components(request, events, prefixes), method="PUBLISH", name=NAME)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="engage.ics"'
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    return response
