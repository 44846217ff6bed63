"""Diaries and events: the diaries (list, details, deleting and restoring softly), adding an
event, its page (one occurrence with ?on=<recurrence id>), changing it (this occurrence / this
and following / all, asked first for a series), cancelling it, its agenda and minutes.

Every view: @workspace_view, then the diary or event through its selector (require()) with the
action the policy decides (diaries.policies). Plain forms and links: nothing needs JavaScript."""

from copy import copy
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from workspaces.kit.drafts import keeps_text, kept_form
from workspaces.kit.selectors import number_or_404
from workspaces.kit.services import ChangedMeanwhile
from workspaces.kit.views import (
    attempt,
    changed_form,
    confirmed,
    crumbs,
    restore_page,
    tool_url,
    with_item,
    workspace_view,
)
from workspaces.lib.dates import format_day, format_moment
from workspaces.lib.pagination import paginate
from workspaces.permissions import can, visible

from . import selectors, series, services, services_events
from .actions import event_actions
from .forms_events import (
    DiaryForm,
    EventForm,
    NotesForm,
    OccurrenceForm,
    ScopeForm,
    add_event_error,
    default_zone,
    event_initial,
    time_initial,
)
from .models import Diary
from .recurrence import expand, occurrences
from .repeat import describe

VIEW = "diaries.view_diary"
CREATE = "diaries.create_diary"  # on the workspace: managers
UPCOMING = timedelta(days=92)
NEXT_SHOWN = 10
CHANGED_MEANWHILE = ("Someone changed this event while you had this page open, so your changes have not been saved "
                     "yet. What is saved now is shown first; what you typed is still in the form under it: check it "
                     "and save again.")


def _get_event(user, workspace, pk, perm="diaries.view_event", deleted=None):
    return selectors.get_event(user, workspace, number_or_404(pk), perm)


def _get_diary(user, workspace, pk, perm=VIEW, deleted="hide"):
    return selectors.get_diary(user, workspace, number_or_404(pk), perm, deleted=deleted)


def _url(name, obj, **query):
    url = reverse(f"diaries:{name}", kwargs={"workspace": obj.workspace.slug, "pk": obj.pk})
    query = {key: value for key, value in query.items() if value}
    if query:
        url += "?" + urlencode(query)
    return url


def _viewer_zone():
    zone = timezone.get_current_timezone()
    return zone, getattr(zone, "key", str(zone))


# --- Diaries --------------------------------------------------------------------------------------


@workspace_view(VIEW)
def index(request):
    workspace, user = request.workspace, request.user
    diaries = visible(user, Diary.objects.filter(is_deleted=False), within=workspace).order_by("title", "id")
    page = paginate(request, diaries)
    for diary in page.object_list:
        diary.workspace = workspace
    return render(request, "diaries/index.html", {
        "workspace": workspace, "page_obj": page, "diaries": page.object_list, "crumbs": crumbs(request),
        "may_create": can(user, CREATE, workspace), "may_see_deleted": request.access.is_manager,
    })


@workspace_view(CREATE)
@keeps_text
def create(request):
    workspace = request.workspace
    form = kept_form(request, lambda data=None, **kwargs: DiaryForm(data, workspace=workspace, **kwargs),
                     initial={"view_access": "members", "change_access": "managers"})
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        diary = attempt(form, lambda: services.diary_create(actor=request.user, workspace=workspace, **data))
        if diary is not None:
            messages.success(request, f"Diary “{diary.title}” added.")
            return redirect(diary)
    return render(request, "diaries/diary_form.html", {
        "workspace": workspace, "form": form, "cancel_url": tool_url(request),
        "crumbs": crumbs(request, ("New diary", "")),
    })


@workspace_view(VIEW)
@with_item(_get_diary, "diaries.change_diary")
@keeps_text
def edit(request, diary):
    workspace = request.workspace

    def make_form(data=None, current=None, **kwargs):
        return DiaryForm(data, instance=copy(current or diary), workspace=workspace, **kwargs)

    form = kept_form(request, make_form)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            saved = attempt(form, lambda: services_events.diary_update(actor=request.user, diary=diary, **data))
        except ChangedMeanwhile as exc:
            changed, saved = exc, None
            form = changed_form(request, exc, make_form, what="the diary's details")
        if saved is not None:
            messages.success(request, f"Diary “{saved.title}” saved.")
            return redirect(saved)
    return render(request, "diaries/diary_form.html", {
        "workspace": workspace, "form": form, "diary": diary, "changed": changed,
        "cancel_url": diary.get_absolute_url(),
        "crumbs": crumbs(request, (diary.title, diary.get_absolute_url()), ("Edit", "")),
    })


@workspace_view(VIEW)
@with_item(_get_diary, "diaries.delete_diary")
def delete(request, diary):
    done, problem = confirmed(request, lambda: services_events.diary_delete(actor=request.user, diary=diary))
    if done:
        messages.success(request, f"Diary “{diary.title}” deleted. Managers can restore it from “Deleted diaries”.")
        return redirect(tool_url(request))
    return render(request, "diaries/cancel.html", {
        "workspace": request.workspace, "problem": problem, "danger": True, "cancel_url": diary.get_absolute_url(),
        "heading": f"Delete the diary “{diary.title}”?",
        "consequences": "It disappears for everyone, with its events. Managers can restore it from the deleted "
                        "diaries.",
        "button": "Delete the diary",
        "crumbs": crumbs(request, (diary.title, diary.get_absolute_url()), ("Delete", "")),
    })


@workspace_view(CREATE)
def deleted(request):
    workspace = request.workspace
    found = visible(request.user, Diary.objects.all(), within=workspace).filter(is_deleted=True).select_related(
        "deleted_by").order_by("-deleted_at", "-id")
    page = paginate(request, found)
    for diary in page.object_list:
        diary.workspace = workspace
    return render(request, "diaries/deleted.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request, ("Deleted diaries", "")),
    })


@workspace_view(VIEW)
@with_item(_get_diary, "diaries.delete_diary", deleted="show")
def restore(request, diary):
    return restore_page(
        request, diary, lambda: services_events.diary_restore(actor=request.user, diary=diary),
        template="diaries/cancel.html", restored=f"Diary “{diary.title}” restored.",
        context={"workspace": request.workspace, "heading": f"Restore the diary “{diary.title}”?",
                 "consequences": "It comes back as it was when deleted, with its events.",
                 "button": "Restore the diary", "cancel_label": "Back to the deleted diaries",
                 "crumbs": crumbs(request, ("Deleted diaries", tool_url(request, "deleted")), (diary.title, ""))})


@workspace_view(VIEW)
@with_item(_get_diary)
def diary(request, diary):
    """The diary: its occurrences in the coming weeks, a simple list (the calendar part shows
    months and weeks)."""
    workspace, user = request.workspace, request.user
    zone, _ = _viewer_zone()
    now = timezone.now()
    events = list(selectors.events_between(user, now, now + UPCOMING, diaries=[diary], workspace=workspace)[:200])
    for event in events:
        event.workspace, event.diary = workspace, diary
    coming = expand(events, now, now + UPCOMING, viewer_zone=zone, cancelled=True)[:100]
    return render(request, "diaries/diary.html", {
        "workspace": workspace, "diary": diary, "item": diary, "occurrences": coming,
        "may_organise": can(user, "diaries.organise_diary", diary),
        "may_change": can(user, "diaries.change_diary", diary),
        "may_delete": can(user, "diaries.delete_diary", diary),
        "crumbs": crumbs(request, (diary.title, "")),
    })


# --- Adding an event ----------------------------------------------------------------------------


@workspace_view(VIEW)
@with_item(_get_diary, "diaries.organise_diary")
@keeps_text
def add(request, diary):
    workspace = request.workspace
    zone = default_zone(request.user)

    def make_form(data=None, **kwargs):
        return EventForm(data, zone=zone, **kwargs)

    form = kept_form(request, make_form, initial={"time_zone": zone, "interval": 1, "ends": "never"})
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            event = services.event_create(actor=request.user, diary=diary, **data)
        except ValidationError as refused:
            add_event_error(form, refused)
        else:
            messages.success(request, f"Event “{event.title}” added.")
            return redirect(event)
    return render(request, "diaries/event_form.html", {
        "workspace": workspace, "form": form, "diary": diary, "heading": f"Add an event to “{diary.title}”",
        "submit": "Add the event", "cancel_url": diary.get_absolute_url(),
        "crumbs": crumbs(request, (diary.title, diary.get_absolute_url()), ("Add an event", "")),
    })


# --- The event's page ----------------------------------------------------------------------------


def _occurrence(request, event, changes):
    """The occurrence ?on= names (404 when it names none), or None."""
    key = request.GET.get("on", "")
    if not key or not event.rrule:
        return None
    found = series.occurrence_at(event, key[:16], changes)
    if found is None:
        raise Http404("No such occurrence.")
    return found


def _organiser_time(event, starts_at, viewer_key):
    """"10:00 in Europe/London, the organiser's time", when the viewer's zone is another."""
    if event.all_day or starts_at is None or viewer_key == event.time_zone:
        return ""
    local = starts_at.astimezone(event.zone)
    if local.utcoffset() == timezone.localtime(starts_at).utcoffset():
        return ""
    viewer_day = timezone.localtime(starts_at).date()
    when = f"{local:%H:%M}" if local.date() == viewer_day else f"{local.day} {local:%b}, {local:%H:%M}"
    return f"{when} in {event.time_zone.replace('_', ' ')}, the organiser's time"


@workspace_view(VIEW)
@with_item(_get_event)
def event(request, event):
    workspace, user = request.workspace, request.user
    zone, viewer_key = _viewer_zone()
    changes = {change.recurrence_id: change for change in event.changes.all()}
    occurrence = _occurrence(request, event, changes)
    now = timezone.now()
    upcoming = []
    if event.rrule:
        upcoming = occurrences(event, now, now + timedelta(days=400), changes=changes, viewer_zone=zone)[:NEXT_SHOWN]
    if occurrence is not None:
        shown = occurrence
    elif event.rrule:
        first = occurrences(event, event.span_start, event.span_start + timedelta(days=2), changes={},
                            viewer_zone=zone)
        shown = first[0] if first else None
    else:
        shown = None
    starts_at = shown.starts_at if shown else event.starts_at
    return render(request, "diaries/event.html", {
        "workspace": workspace, "event": event, "item": event, "diary": event.diary,
        "occurrence": occurrence.key if occurrence else "", "shown": shown, "this": occurrence,
        "starts_at": starts_at, "ends_at": shown.ends_at if shown else event.ends_at,
        "start_date": shown.start_date if shown else event.start_date,
        "end_date": shown.end_date if shown else event.end_date,
        "title": occurrence.title if occurrence else event.title,
        "location": occurrence.location if occurrence else event.location,
        "organiser_time": _organiser_time(event, starts_at, viewer_key),
        "rule_words": describe(event), "upcoming": upcoming,
        "moved": bool(occurrence and occurrence.change and not occurrence.cancelled
                      and (occurrence.change.starts_at or occurrence.change.start_date)),
        "actions": event_actions(user, event, occurrence.key if occurrence else ""),
        "crumbs": crumbs(request, (event.diary.title, event.diary.get_absolute_url()), (event.title, "")),
    })


# --- Changing an event ---------------------------------------------------------------------------


def _scope_page(request, event, key, *, action, heading):
    form = ScopeForm(request.GET if "scope" in request.GET else None, initial={"on": key, "scope": "this"})
    if "scope" in request.GET:
        form.is_valid()
    return render(request, "diaries/scope.html", {
        "workspace": request.workspace, "event": event, "form": form, "heading": heading, "action": action,
        "cancel_url": _url("event", event, on=key),
        "crumbs": crumbs(request, (event.diary.title, event.diary.get_absolute_url()),
                         (event.title, event.get_absolute_url()), ("Which events?", "")),
    })


def _after_change(request, saved, message, key=""):
    messages.success(request, message)
    return redirect(_url("event", saved, on=key))


def _version_form(request, make_form, field, value):
    """The person's values again, now based on what is saved (`field`: the hidden version)."""
    data = request.POST.copy()
    data[field] = str(value)
    form = make_form(data)
    form.is_valid()
    form.add_error(None, CHANGED_MEANWHILE)
    return form


@workspace_view(VIEW)
@with_item(_get_event, "diaries.change_event")
@keeps_text
def edit_event(request, event):
    params = request.POST if request.method == "POST" else request.GET
    key = (params.get("on") or request.GET.get("on") or "")[:16] if event.rrule else ""
    scope = params.get("scope") or request.GET.get("scope") or ""
    if event.is_cancelled:
        messages.info(request, "This event is cancelled: it cannot be changed.")
        return redirect(event)
    occurrence = None
    if key:
        occurrence = series.occurrence_at(event, key)
        if occurrence is None:
            raise Http404("No such occurrence.")
        if scope not in series.SCOPES:
            return _scope_page(request, event, key, action=_url("edit_event", event), heading="Change which events?")
    else:
        scope = series.ALL
    trail = crumbs(request, (event.diary.title, event.diary.get_absolute_url()),
                   (event.title, _url("event", event, on=key)), ("Change", ""))
    context = {"workspace": request.workspace, "event": event, "scope": scope, "diary": event.diary,
               "cancel_url": _url("event", event, on=key), "crumbs": trail, "current": None}
    if scope == series.THIS:
        return _edit_occurrence(request, event, occurrence, context)
    zone = event.time_zone
    if scope == series.FOLLOWING:
        original = series.occurrence_at(event, key, changes={})
        initial = event_initial(event, original, count=series.remaining_count(event, key))
        heading = "Change this and the following events"
    else:
        initial = event_initial(event)
        heading = "Change all events in the series" if event.rrule else "Change the event"

    def make_form(data=None, **kwargs):
        kwargs.setdefault("initial", initial)
        return EventForm(data, zone=zone, extra_zones=(default_zone(request.user),), with_version=True, **kwargs)

    form = kept_form(request, make_form)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        version = form.cleaned_data.get("base_version")
        try:
            if scope == series.FOLLOWING:
                saved = series.split_following(actor=request.user, event=event, key=key, base_version=version, **data)
                done = f"This and the following events of “{saved.title}” changed."
            else:
                saved, _ = series.change_all(actor=request.user, event=event, base_version=version, **data)
                done = f"Event “{saved.title}” saved."
        except ChangedMeanwhile as exc:
            context["current"] = exc.current
            form = _version_form(request, make_form, "base_version", exc.current.version)
        except ValidationError as refused:
            add_event_error(form, refused)
        else:
            return _after_change(request, saved, done)
    context.update(form=form, heading=heading, submit="Save the changes")
    return render(request, "diaries/event_form.html", context)


def _edit_occurrence(request, event, occurrence, context):
    initial = {"title": occurrence.title, "location": occurrence.location,
               "base_sequence": occurrence.change.sequence if occurrence.change else 0,
               **time_initial(event, occurrence)}

    def make_form(data=None, **kwargs):
        kwargs.setdefault("initial", initial)
        return OccurrenceForm(data, event=event, **kwargs)

    form = kept_form(request, make_form)
    if request.method == "POST" and form.is_valid():
        try:
            series.change_occurrence(actor=request.user, event=event, key=occurrence.key, **form.service_kwargs())
        except ChangedMeanwhile:
            fresh = series.occurrence_at(event, occurrence.key)
            form = _version_form(request, make_form, "base_sequence", fresh.change.sequence if fresh.change else 0)
        except ValidationError as refused:
            add_event_error(form, refused)
        else:
            return _after_change(request, event, f"This occurrence of “{event.title}” changed.", occurrence.key)
    context.update(form=form, heading="Change this event only", submit="Save this event",
                   intro=f"Only the event of {occurrence.key and _day_words(occurrence)} changes; the rest of "
                         "the series stays as it is.")
    return render(request, "diaries/event_form.html", context)


def _day_words(occurrence):
    return format_day(occurrence.start_date) if occurrence.start_date else format_moment(occurrence.starts_at)


# --- Cancelling ----------------------------------------------------------------------------------


@workspace_view(VIEW)
@with_item(_get_event, "diaries.change_event")
def cancel_event(request, event):
    key = (request.POST.get("on") or request.GET.get("on") or "")[:16] if event.rrule else ""
    if event.is_cancelled:
        messages.info(request, "This event is already cancelled.")
        return redirect(event)
    occurrence = None
    if key:
        occurrence = series.occurrence_at(event, key)
        if occurrence is None:
            raise Http404("No such occurrence.")
    form = ScopeForm(request.POST if request.method == "POST" and key else None, initial={"on": key, "scope": "this"})
    problem = ""
    if request.method == "POST" and (not key or form.is_valid()):
        scope = form.cleaned_data["scope"] if key else series.ALL
        done, problem = confirmed(request, lambda: series.cancel(actor=request.user, event=event, scope=scope,
                                                                 key=key or None))
        if done:
            words = {series.THIS: "This occurrence of", series.FOLLOWING: "This and the following occurrences of"}
            messages.success(request, f"{words.get(scope, 'The event')} “{event.title}” cancelled. Those invited "
                                      "are told.")
            return redirect(_url("event", event, on=key if scope == series.THIS else ""))
    if key:
        heading = f"Cancel “{event.title}” on {_day_words(occurrence)}?"
    else:
        heading = f"Cancel all events of “{event.title}”?" if event.rrule else f"Cancel “{event.title}”?"
    return render(request, "diaries/cancel.html", {
        "workspace": request.workspace, "event": event, "form": form if key else None, "problem": problem,
        "danger": True, "heading": heading, "button": "Cancel the event" if not key else "Cancel the events chosen",
        "cancel_label": "No, keep it",
        "consequences": "The event stays in the diary marked cancelled, and those invited are told, so that their "
                        "calendars remove it.",
        "cancel_url": _url("event", event, on=key),
        "crumbs": crumbs(request, (event.diary.title, event.diary.get_absolute_url()),
                         (event.title, _url("event", event, on=key)), ("Cancel", "")),
    })


# --- Agenda and minutes -------------------------------------------------------------------------


@workspace_view(VIEW)
@with_item(_get_event, "diaries.change_event")
@keeps_text
def notes(request, event):
    initial = {"agenda": event.agenda, "minutes": event.minutes, "base_version": event.version}

    def make_form(data=None, **kwargs):
        kwargs.setdefault("initial", initial)
        return NotesForm(data, **kwargs)

    form = kept_form(request, make_form)
    current = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services_events.event_notes(actor=request.user, event=event, agenda=data["agenda"],
                                                minutes=data["minutes"], base_version=data.get("base_version"),
                                                publish=data.get("publish", False))
        except ChangedMeanwhile as exc:
            current = exc.current
            form = _version_form(request, make_form, "base_version", exc.current.version)
        except ValidationError as refused:
            add_event_error(form, refused)
        else:
            published = " and the minutes published" if data.get("publish") else ""
            return _after_change(request, saved, f"Agenda and minutes saved{published}.")
    return render(request, "diaries/event_form.html", {
        "workspace": request.workspace, "event": event, "form": form, "current": current, "notes": True,
        "heading": f"Agenda and minutes of “{event.title}”", "submit": "Save",
        "cancel_url": event.get_absolute_url(),
        "crumbs": crumbs(request, (event.diary.title, event.diary.get_absolute_url()),
                         (event.title, event.get_absolute_url()), ("Agenda and minutes", "")),
    })
