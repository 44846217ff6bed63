"""The calendar part's views: the month, week and list views of every diary of the workspace the
person sees (or one, ?diary=<pk>), in the viewer's time zone; an event's and a diary's .ics; the
page where a member makes, lists and revokes their private calendar address (diaries.feeds)."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.text import slugify

from workspaces.kit import feeds as kit_feeds
from workspaces.kit.selectors import number_or_404
from workspaces.kit.views import crumbs, workspace_view
from workspaces.permissions import visible

from . import calendar, feeds, ical, selectors
from .models import Diary
from .recurrence import expand

MIN_YEAR, MAX_YEAR = 1970, 2200  # months and weeks one may page to (beyond: not found)
ICS_BACK, ICS_AHEAD = timedelta(days=90), timedelta(days=400)  # a diary's .ics: the events in this window
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


def _diary_filter(request):
    """The diary chosen with ?diary=<pk> (one the person sees, else 404), or None for all."""
    value = request.GET.get("diary", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404("No such diary.")
    return selectors.get_diary(request.user, request.workspace, number_or_404(value))


def _query(diary, **extra):
    params = {**({"diary": diary.pk} if diary else {}), **extra}
    return f"?{urlencode(params)}" if params else ""


def _placed(request, first_day, last_day, diary):
    """{date: [Placed]} of the occurrences the person sees from first_day to last_day."""
    zone = timezone.get_current_timezone()
    start, end = calendar.bounds(first_day, last_day, zone)
    events = list(selectors.events_between(request.user, start, end, diaries=[diary] if diary else None,
                                           workspace=request.workspace)[:calendar.MAX_EVENTS])
    for event in events:
        event.workspace = event.diary.workspace = request.workspace
    return calendar.place(expand(events, start, end, viewer_zone=zone), first_day, last_day, zone)


def _context(request, diary, view, title, **extra):
    workspace = request.workspace
    diaries = list(visible(request.user, Diary.objects.filter(is_deleted=False), within=workspace)
                   .only("id", "title", "workspace_id")[:100])
    today = timezone.localdate()
    year, week, _weekday = today.isocalendar()
    ws = workspace.slug
    views = [
        ("month", "Month", reverse("diaries:month", args=[ws, today.year, today.month]) + _query(diary)),
        ("week", "Week", reverse("diaries:week", args=[ws, year, week]) + _query(diary)),
        ("list", "List", reverse("diaries:list", args=[ws]) + _query(diary)),
    ]
    return {"workspace": workspace, "diary": diary, "diaries": diaries, "view": view, "views": views,
            "today": today, "zone_name": str(timezone.get_current_timezone()), "title": title,
            "crumbs": crumbs(request, (title, "")), **extra}


@workspace_view("diaries.view_diary")
def month_now(request):
    today = timezone.localdate()
    return _month(request, today.year, today.month)


@workspace_view("diaries.view_diary")
def month(request, year, month):
    return _month(request, year, month)


def _month(request, year, month):
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        raise Http404("No such month.")
    diary = _diary_filter(request)
    first_shown, last_shown = calendar.month_range(year, month)
    days = _placed(request, first_shown, last_shown, diary)
    weeks = calendar.month_weeks(year, month, days, timezone.localdate())
    ws = request.workspace.slug
    previous = date(year, month, 1) - timedelta(days=1)
    following = date(year, month, 28) + timedelta(days=5)
    title = f"{MONTH_NAMES[month - 1]} {year}"
    nav = {
        "previous": (f"Previous month ({MONTH_NAMES[previous.month - 1]} {previous.year})",
                     reverse("diaries:month", args=[ws, previous.year, previous.month]) + _query(diary)),
        "next": (f"Next month ({MONTH_NAMES[following.month - 1]} {following.year})",
                 reverse("diaries:month", args=[ws, following.year, following.month]) + _query(diary)),
        "today": ("This month", reverse("diaries:calendar", args=[ws]) + _query(diary)),
    }
    rows = []
    for week in weeks:
        iso_year, iso_week, _ = week[0].date.isocalendar()
        for day in week:
            day.url = reverse("diaries:list", args=[ws]) + _query(diary, **{"from": day.date.isoformat()})
        rows.append({"number": iso_week, "url": reverse("diaries:week", args=[ws, iso_year, iso_week]) + _query(diary),
                     "days": week})
    return render(request, "diaries/month.html", _context(request, diary, "month", title, weeks=rows, nav=nav,
                                                          has_events=bool(days), weekdays=calendar.WEEKDAYS))


@workspace_view("diaries.view_diary")
def week(request, year, week):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("No such week.")
    try:
        monday, sunday = calendar.week_range(year, week)
    except ValueError:
        raise Http404("No such week.") from None
    diary = _diary_filter(request)
    days = calendar.week_days(monday, _placed(request, monday, sunday, diary), timezone.localdate())
    ws = request.workspace.slug
    before, after = (monday - timedelta(days=7)).isocalendar(), (monday + timedelta(days=7)).isocalendar()
    today = timezone.localdate().isocalendar()
    for day in days:
        day.url = reverse("diaries:list", args=[ws]) + _query(diary, **{"from": day.date.isoformat()})
    title = f"Week {week}, {year}"
    nav = {
        "previous": (f"Previous week (week {before[1]})", reverse("diaries:week", args=[ws, before[0], before[1]])
                     + _query(diary)),
        "next": (f"Next week (week {after[1]})", reverse("diaries:week", args=[ws, after[0], after[1]])
                 + _query(diary)),
        "today": ("This week", reverse("diaries:week", args=[ws, today[0], today[1]]) + _query(diary)),
    }
    return render(request, "diaries/week.html", _context(request, diary, "week", title, days=days, nav=nav,
                                                         monday=monday, sunday=sunday))


def _from_date(value, today):
    try:
        found = date.fromisoformat(value) if value else today
    except ValueError:
        return today
    return found if MIN_YEAR <= found.year <= MAX_YEAR else today


@workspace_view("diaries.view_diary")
def occurrence_list(request):
    diary = _diary_filter(request)
    today = timezone.localdate()
    first_day = _from_date(request.GET.get("from", ""), today)
    last_day = first_day + timedelta(days=calendar.LIST_DAYS - 1)
    days, next_day = calendar.list_page(_placed(request, first_day, last_day, diary), first_day, last_day)
    ws = request.workspace.slug
    earlier = first_day - timedelta(days=31)
    nav = {
        "previous": ("Earlier", reverse("diaries:list", args=[ws]) + _query(diary, **{"from": earlier.isoformat()})),
        "next": ("Later", reverse("diaries:list", args=[ws]) + _query(diary, **{"from": next_day.isoformat()})),
        "today": ("From today", reverse("diaries:list", args=[ws]) + _query(diary)),
    }
    title = "Coming up" if first_day == today else f"From {first_day.day} {MONTH_NAMES[first_day.month - 1]} " \
                                                   f"{first_day.year}"
    return render(request, "diaries/list.html", _context(request, diary, "list", title, days=days, nav=nav,
                                                         first_day=first_day, last_day=next_day - timedelta(days=1)))


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@workspace_view("diaries.view_diary")
def event_ics(request, pk):
    """An event as iCalendar (METHOD:PUBLISH): the series with its changed occurrences, no attendees."""
    event = selectors.get_event(request.user, request.workspace, pk)
    changes = list(event.changes.all()) if event.rrule else []
    url = request.build_absolute_uri(event.get_absolute_url())
    body = ical.calendar_bytes(ical.vevents(event, changes, url=url), method="PUBLISH", name=event.diary.title)
    return _ics_response(body, slugify(event.title)[:60] or f"event-{event.pk}")


@workspace_view("diaries.view_diary")
def diary_ics(request, pk):
    """A diary's events from 90 days ago to 400 ahead as iCalendar (METHOD:PUBLISH), for importing once."""
    found = selectors.get_diary(request.user, request.workspace, pk)
    now = timezone.now()
    events = list(selectors.events_between(request.user, now - ICS_BACK, now + ICS_AHEAD, diaries=[found],
                                           workspace=request.workspace)[:feeds.MAX_FEED_EVENTS])
    body = ical.calendar_bytes(feeds.components(request, events), method="PUBLISH", name=found.title)
    return _ics_response(body, slugify(found.title)[:60] or f"diary-{found.pk}")


@workspace_view("diaries.view_diary")
def feed(request):
    """Your private calendar address (every event of all your workspaces that you may see): make
    one (shown this once), see yours, revoke one. Members only: it is made of their workspaces."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not request.access.is_member:
        raise PermissionDenied("Private calendar addresses are for members of this workspace.")
    context = {"workspace": request.workspace, "crumbs": crumbs(request, ("Your calendar address", "")),
               "refresh_note": feeds.REFRESH_NOTE, "grants": feeds.GRANTS, "error": ""}
    if request.method == "POST":
        if request.workspace.is_archived:
            raise PermissionDenied("This workspace is archived: nothing can be changed here.")
        revoke = request.POST.get("revoke", "")
        if revoke:
            token = kit_feeds.feed_tokens(request.user, feeds.MINE).filter(
                pk=number_or_404(revoke) if revoke.isdigit() else 0).first()
            if token is None:
                raise Http404("No such calendar address.")
            kit_feeds.feed_token_revoke(actor=request.user, token=token)
            messages.success(request, "Calendar address revoked: it no longer works anywhere.")
            return redirect("diaries:feed", request.workspace.slug)
        label = request.POST.get("label", "")
        try:
            _token, secret = kit_feeds.feed_token_create(owner=request.user, scope=feeds.MINE,
                                                         label=" ".join(label.split())[:80])
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            context["label"] = label
        else:
            context["address"] = kit_feeds.feed_address(request, feeds.MINE, None, secret)
    context["tokens"] = list(kit_feeds.feed_tokens(request.user, feeds.MINE))
    response = render(request, "diaries/feed.html", context, status=400 if context["error"] else 200)
    add_never_cache_headers(response)  # the secret may be on this page: no cache keeps it
    return response

