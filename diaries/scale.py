"""The diaries' share of the reference data (manage.py seed_scale, workspaces.scale): four diaries
in the flagship with `event_count` events (50 at size S, 500 at M, 5,000 at L; the issue's
"5,000 events") over two years, a year back and a year ahead: one-off meetings in the working
day (Europe/London), some all-day, one in ten a weekly series of 5 to 30 dates, some with
limited places; one event in eight with 20 stakeholders invited, most of them replying. Rows go
in by COPY on PostgreSQL (ctx.insert_rows); each event's span (span_start, span_end) is
computed as Event.save() would, by recurrence.span_of on the unsaved event."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from .models import Diary, Event, Invitation, Rsvp
from .recurrence import span_of
from .services import diary_create

DIARIES = ("Programme board diary", "Engagement events", "Delivery team diary", "Stakeholder forums")
LONDON = ZoneInfo("Europe/London")
EVENT_FIELDS = ["workspace_id", "diary_id", "uid", "sequence", "title", "description", "description_html", "agenda",
                "agenda_html", "minutes", "minutes_html", "location", "online_url", "all_day", "time_zone",
                "starts_at", "ends_at", "start_date", "end_date", "rrule", "span_start", "span_end", "capacity",
                "show_attendees", "status", "created_by_id", "updated_by_id", "version", "created_at", "updated_at"]
NAMES = ("Steering group", "Residents' drop-in", "Design review", "Site visit", "Partner call", "Budget check",
         "Workshop", "Community forum", "Planning session", "Team lunch")
PLACES = ("Room 4", "Board room", "Community hall", "Library, Main Street", "Online", "Site office")


def event_count(size):
    return getattr(size, "diary_events", min(5000, max(50, size.stakeholders // 40)))  # S 50, M 500, L 5,000


def seed_scale(ctx):
    workspace, rng = ctx.workspace, ctx.rng
    if Diary.objects.filter(workspace=workspace, title=DIARIES[0]).exists():
        return None
    User = get_user_model()
    author_id = ctx.demo["manager@example.org"].pk if "manager@example.org" in ctx.demo else ctx.staff_ids[0]
    author = User.objects.get(pk=author_id)
    diaries = [diary_create(actor=author, workspace=workspace, title=title, view_access="members")
               for title in DIARIES]
    today = ctx.now.astimezone(LONDON).date()
    rows = []
    for n in range(event_count(ctx.size)):
        diary = diaries[n % len(diaries)]
        day = today + timedelta(days=rng.randrange(-365, 365))
        organiser = rng.choice(ctx.staff_ids) if ctx.staff_ids else author_id
        event = Event(workspace_id=workspace.pk, diary_id=diary.pk, uid=f"scale-{workspace.pk}-{n}@engage",
                      title=f"{rng.choice(NAMES)} {n}", location=rng.choice(PLACES), time_zone="Europe/London")
        roll = rng.random()
        if roll < 0.05:
            event.all_day, event.start_date = True, day
            event.end_date = day + timedelta(days=rng.choice((0, 0, 1)))
        else:
            start = datetime.combine(day, time(rng.randrange(9, 17), rng.choice((0, 30))), tzinfo=LONDON)
            event.starts_at, event.ends_at = start, start + timedelta(minutes=rng.choice((30, 60, 90, 120)))
            if roll < 0.15:
                event.rrule = f"FREQ=WEEKLY;COUNT={rng.randrange(5, 31)}"
            elif roll < 0.2:
                event.capacity = rng.choice((10, 20, 40))
        span_start, span_end = span_of(event)
        moment = ctx.now - timedelta(days=rng.randrange(1, 400))
        rows.append((workspace.pk, diary.pk, event.uid, 0, event.title, "", "", "", "", "", "", event.location, "",
                     event.all_day, event.time_zone, event.starts_at, event.ends_at, event.start_date,
                     event.end_date, event.rrule, span_start, span_end, event.capacity,
                     event.capacity is not None, "confirmed", organiser, organiser, 1, moment, moment))
    ctx.insert_rows(Event, EVENT_FIELDS, rows)
    ids = list(Event.objects.filter(diary__in=diaries).order_by("id").values_list("id", flat=True))
    invited, replies = [], []
    people = list(ctx.stakeholder_ids) or list(ctx.staff_ids)
    for pk in ids[::8]:
        chosen = rng.sample(people, min(20, len(people)))
        for user_id in chosen:
            moment = ctx.now - timedelta(days=rng.randrange(1, 60))
            invited.append((pk, user_id, None, author_id, moment))
            roll = rng.random()
            if roll < 0.75:
                answer = "yes" if roll < 0.45 else ("maybe" if roll < 0.6 else "no")
                replies.append((pk, user_id, "", answer, None, None, moment + timedelta(hours=2)))
    ctx.insert_rows(Invitation, ["event_id", "user_id", "team_id", "invited_by_id", "created_at"], invited)
    ctx.insert_rows(Rsvp, ["event_id", "user_id", "occurrence", "answer", "waiting_since", "promoted_at",
                           "answered_at"], replies)
    return diaries


def bench_pages(workspace):
    ws = workspace.slug
    pages = []
    try:
        pages.append(("diary month", reverse("diaries:calendar", kwargs={"workspace": ws})))
    except NoReverseMatch:  # the calendar part's view: named so on main
        pass
    event = (Event.objects.filter(workspace=workspace, diary__title=DIARIES[0], invitations__isnull=False)
             .order_by("id").first())
    if event is not None:
        pages.append(("an event with 20 invited", reverse("diaries:event", kwargs={"workspace": ws, "pk": event.pk})))
    return pages
