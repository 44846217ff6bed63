"""The diaries' own email (kit.mail): invitations, updates and cancellations carrying an iTIP
`.ics` (RFC 5546), and "a place is yours" to whoever leaves the waitlist.

    queue_itip(event, user_ids, method="REQUEST", what="invited")      in the change's transaction
    queue_itip(event, user_ids, method="CANCEL", what="cancelled", occurrence="20270301T090000")
    queue_place(event, rsvps)

One row per person, its idempotency key per (event, person, SEQUENCE, kind): a change told twice
is sent once. The message is made when it is sent, from the event as it is then (one preload per
chunk: the events, their changed occurrences, the people's replies and who may still see what):
an invitation or update overtaken by a newer change before it went out is skipped (the newer
one carries everything), and nobody who can no longer see the event is sent its details.

Each message: a plain-text body (when in the person's own time zone, where, the link to reply),
and the calendar twice, as Outlook and Gmail read it: an alternative part and an attachment
`invite.ics`, both `text/calendar; method=REQUEST|CANCEL; charset="utf-8"`. The calendar: one
VCALENDAR with METHOD, the event's UID and SEQUENCE, DTSTART with its TZID and the VTIMEZONE,
ORGANIZER the diary's no-reply address (DEFAULT_FROM_EMAIL) and ATTENDEE that person only."""

from email.utils import parseaddr
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import vText

from workspaces.kit.mail import MailKind, OutboundEmail, compose, queue
from workspaces.lib.dates import format_day, format_moment
from workspaces.permissions import visible_to_many

ITIP = "diaries.itip"
PLACE = "diaries.place"
PARTSTATS = {"yes": "ACCEPTED", "maybe": "TENTATIVE", "no": "DECLINED"}
LEADS = {
    "invited": "You are invited to “{title}”.",
    "updated": "“{title}” has changed: your calendar is updated by the attached invitation.",
    "cancelled": "“{title}” is cancelled.",
    "place": "A place has freed up for “{title}” and it is yours: you were first on the waitlist, and you are "
             "now going.",
}
SUBJECTS = {"invited": "Invitation: {title}", "updated": "Updated: {title}", "cancelled": "Cancelled: {title}",
            "place": "A place is yours: {title}"}


def organiser_address():
    """The address in ORGANIZER: the platform's sender (replies are not read)."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"


def _sequence(event, occurrence=""):
    if occurrence:
        change = event.changes.filter(recurrence_id=occurrence).first()
        return max(event.sequence, change.sequence if change else 0)
    return event.sequence


def queue_itip(event, user_ids, *, method="REQUEST", what="updated", occurrence=""):
    """Queue the iTIP email (REQUEST or CANCEL) to each of `user_ids`, when the transaction
    commits; the rows' ids."""
    sequence = _sequence(event, occurrence)
    subject = SUBJECTS[what].format(title=event.title)[:200]
    tail = f":{occurrence}" if occurrence else ""
    rows = [OutboundEmail(
        idempotency_key=f"{ITIP}:{event.pk}:{user_id}:{sequence}:{what}{tail}", kind=ITIP, recipient_id=user_id,
        ref_id=event.pk, subject=subject,
        payload={"method": method, "what": what, "sequence": sequence, "occurrence": occurrence},
    ) for user_id in dict.fromkeys(user_ids)]
    return queue(rows)


def queue_place(event, rsvps):
    """Queue "a place is yours" (with the invitation, accepted) to each promoted person."""
    subject = SUBJECTS["place"].format(title=event.title)[:200]
    rows = [OutboundEmail(
        idempotency_key=f"{PLACE}:{event.pk}:{rsvp.user_id}:{rsvp.promoted_at:%Y%m%d%H%M%S%f}", kind=PLACE,
        recipient_id=rsvp.user_id, ref_id=event.pk, subject=subject,
        payload={"method": "REQUEST", "what": "place", "sequence": event.sequence, "occurrence": ""},
    ) for rsvp in rsvps]
    return queue(rows)


class Loaded:
    def __init__(self, events, changes, answers, seen):
        self.events, self.changes, self.answers, self.seen = events, changes, answers, seen


def preload(rows, batch):
    """The chunk's events (with diary and workspace), their changed occurrences, the people's
    replies and which of them may see which event: five queries, whatever the chunk's size."""
    from .models import Event, OccurrenceChange, Rsvp

    ids = {row.ref_id for row in rows}
    events = Event.objects.select_related("diary__workspace", "workspace").in_bulk(ids)
    changes = {}
    for change in OccurrenceChange.objects.filter(event__in=ids).order_by("recurrence_id"):
        changes.setdefault(change.event_id, {})[change.recurrence_id] = change
    people = {row.recipient_id for row in rows}
    answers = {(r.event_id, r.user_id): r.answer
               for r in Rsvp.objects.filter(event__in=ids, user__in=people, occurrence="")}
    users = [batch.users[pk] for pk in people if pk in batch.users]
    live = Event.objects.filter(pk__in=ids, diary__is_deleted=False)
    seen = visible_to_many(users, live) if users else set()
    return Loaded(events, changes, answers, seen)


def _zone(user, event):
    try:
        return ZoneInfo(user.time_zone) if user.time_zone else event.zone
    except (ZoneInfoNotFoundError, ValueError):
        return event.zone


def _when(event, change=None, key=""):
    """When the event (or one occurrence) is, in words, in the active time zone."""
    from .recurrence import occurrences

    if key:
        from datetime import datetime, timedelta

        from .recurrence import DATE_KEY_FORMAT, KEY_FORMAT
        local = datetime.strptime(key, DATE_KEY_FORMAT if event.all_day else KEY_FORMAT)
        if event.all_day:
            return format_day(local.date())
        start = local.replace(tzinfo=event.zone)
        found = [o for o in occurrences(event, start - timedelta(days=1), start + timedelta(days=2),
                                        {key: change} if change else {}) if o.key == key]
        if found and found[0].starts_at:
            return f"{format_moment(found[0].starts_at)} to {format_moment(found[0].ends_at)}"
        return format_moment(start)
    if event.all_day:
        first, last = format_day(event.start_date), format_day(event.end_date)
        text = first if first == last else f"{first} to {last}"
    else:
        text = f"{format_moment(event.starts_at)} to {format_moment(event.ends_at)}"
    if event.rrule:
        text += " (the first date: the event repeats; your calendar shows every date)"
    return text


def build(row, batch):
    from .ical import calendar_bytes, vevents
    from .models import OccurrenceChange

    data = batch.loaded(row)
    event = data.events.get(row.ref_id)
    if event is None:
        return None, ()
    user = batch.users[row.recipient_id]
    payload = row.payload
    method, what, occurrence = payload["method"], payload["what"], payload.get("occurrence", "")
    changes = data.changes.get(event.pk, {})
    if method == "REQUEST":
        if event.is_cancelled or (user.pk, event.pk) not in data.seen:
            return None, ()
        current = max(event.sequence, changes[occurrence].sequence) if occurrence in changes else event.sequence
        if what != "place" and payload["sequence"] < current:
            return None, ()  # a newer change was queued after this one: it carries everything
    organiser = organiser_address()
    partstat = "ACCEPTED" if what == "place" else PARTSTATS.get(data.answers.get((event.pk, user.pk)),
                                                                  "NEEDS-ACTION")
    path = reverse("diaries:event", kwargs={"workspace": event.workspace.slug, "pk": event.pk})
    url = settings.SITE_URL + path
    change = None
    if method == "CANCEL" and occurrence:
        change = changes.get(occurrence) or OccurrenceChange(event=event, recurrence_id=occurrence, cancelled=True,
                                                             sequence=payload["sequence"])
        change.cancelled = True
        components = vevents(event, [change], method="CANCEL", url=url, attendee=user, organiser=organiser)[1:]
    elif method == "CANCEL":
        components = vevents(event, method="CANCEL", url=url, attendee=user, organiser=organiser)[:1]
        components[0]["status"] = vText("CANCELLED")
    else:
        components = vevents(event, list(changes.values()), method="REQUEST", url=url, attendee=user,
                             organiser=organiser, partstat=partstat)
    for component in components:
        if "organizer" in component:
            component["organizer"].params["cn"] = vText(event.diary.title)
    body = calendar_bytes(components, method=method).decode()
    with timezone.override(_zone(user, event)):
        when = _when(event, change, occurrence)
    title = (change.title if change is not None and change.title else "") or event.title
    lines = [LEADS[what].format(title=title), "", f"When: {when}"]
    if occurrence and method == "CANCEL":
        lines[0] = f"One date of “{title}” is cancelled (the other dates stay as they are)."
    if event.location:
        lines.append(f"Where: {event.location}")
    if event.online_url:
        lines.append(f"Join online: {event.online_url}")
    lines.append(f"Diary: {event.diary.title} ({event.workspace.name})")
    if method == "REQUEST":
        rsvp = reverse("diaries:rsvp", kwargs={"workspace": event.workspace.slug, "pk": event.pk})
        lines += ["", f"Reply (going, maybe, not going): {settings.SITE_URL}{rsvp}"]
    lines += ["", f"The event: {url}", "",
              "Open the attached invitation to add it to your calendar (Outlook, Google, Apple): later changes "
              "update the same entry."]
    message = compose(row, to=(user.name, user.email), subject=SUBJECTS[what].format(title=title),
                      text="\n".join(lines))
    calendar_type = f"text/calendar; method={method}"
    message.attach_alternative(body, calendar_type)
    message.attach("invite.ics", body, calendar_type)
    return message, ()


MAIL_KINDS = (
    MailKind(name=ITIP, label="Diary invitation, update or cancellation", build=build, preload=preload),
    MailKind(name=PLACE, label="Diary: a place freed from the waitlist", build=build, preload=preload),
)
