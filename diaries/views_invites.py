"""Inviting members and teams to an event, replying (RSVP, the waitlist) and who is going.

    invite      (can change_event)     the form (members by @handle or address, teams) and who is invited
    rsvp        (can respond_event)    POST: going / maybe / not going, for one date or the series;
                                       "leave the waitlist"; a GET shows the reply form alone (the
                                       address the invitation emails link to)
    attendees   (can attendees_event)  going / maybe / not going / waiting / no reply, paged; counts

The block on an event's page (diaries/_event_people.html, {% event_people %}) is built by
people_panel(): your reply, places left, your place on the waitlist, links to the pages above
for whoever may use them. Plain forms and links: everything works without JavaScript."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from workspaces.kit.views import crumbs, workspace_view
from workspaces.lib.pagination import paginate
from workspaces.permissions import NOT_FOUND, can, decide

from . import invites, selectors
from .forms_invites import InviteForm, RsvpForm
from .models import Answer, Invitation, Rsvp

VIEW = "diaries.view_diary"
TABS = (("yes", "Going"), ("maybe", "Maybe"), ("no", "Not going"), ("waiting", "Waiting for a place"),
        ("none", "No reply yet"))


def _url(name, event):
    return reverse(f"diaries:{name}", kwargs={"workspace": event.workspace.slug, "pk": event.pk})


def occurrence_key(event, value):
    """The recurrence id asked for (?on=), if it is one of the series' dates; else ""."""
    try:
        return invites.check_occurrence(event, value) if value and event.rrule else ""
    except ValidationError:
        return ""


def effective(event, key):
    """The replies that count for `key` (a date of a series: its own reply, else the series')."""
    replies = Rsvp.objects.filter(event=event)
    if not key:
        return replies.filter(occurrence="")
    own = Rsvp.objects.filter(event=event, user=OuterRef("user"), occurrence=key)
    return replies.filter(Q(occurrence=key) | (Q(occurrence="") & ~Exists(own)))


def counts(event, key=""):
    """{yes, maybe, no, waiting, invited, none}: one query for the replies, one for the invited."""
    found = effective(event, key).aggregate(
        yes=Count("id", filter=Q(answer=Answer.YES, waiting_since__isnull=True)),
        maybe=Count("id", filter=Q(answer=Answer.MAYBE)), no=Count("id", filter=Q(answer=Answer.NO)),
        waiting=Count("id", filter=Q(waiting_since__isnull=False)))
    replied = effective(event, key).filter(user=OuterRef("user"))
    found["none"] = Invitation.objects.filter(event=event).filter(~Exists(replied)).count()
    return found


@dataclass
class People:
    event: object
    occurrence: str
    form: object
    mine: object
    mine_for_series: bool
    position: int | None
    places_left: int | None
    counts: dict | None
    invited: bool
    may_respond: bool
    respond_reason: str
    may_attendees: bool
    may_invite: bool
    rsvp_url: str
    attendees_url: str
    invite_url: str


def people_panel(user, event, occurrence="", form=None):
    """What the block on an event's page shows to `user` (a fixed number of queries)."""
    key = occurrence_key(event, occurrence)
    respond = decide(user, "diaries.respond_event", event)
    mine, position, invited = None, None, False
    if user.is_authenticated:
        own = {r.occurrence: r for r in Rsvp.objects.filter(event=event, user=user, occurrence__in={"", key})}
        mine = own.get(key) or own.get("")
        position = invites.waiting_position(mine) if mine is not None and not mine.occurrence else None
        invited = Invitation.objects.filter(event=event, user=user).exists()
    may_attendees = can(user, "diaries.attendees_event", event)
    numbers = counts(event, key) if may_attendees or event.capacity is not None else None
    places_left = max(event.capacity - numbers["yes"], 0) if event.capacity is not None else None
    if form is None and respond.allowed:
        initial = {"on": key, "answer": mine.answer if mine else None}
        if key:
            initial["scope"] = "occurrence" if mine is not None and mine.occurrence else "all"
        form = RsvpForm(event=event, occurrence=key, initial=initial)
    return People(
        event=event, occurrence=key, form=form, mine=mine, mine_for_series=bool(mine and not mine.occurrence and key),
        position=position, places_left=places_left, counts=numbers if may_attendees else None, invited=invited,
        may_respond=respond.allowed, respond_reason="" if respond.allowed or respond.reason == NOT_FOUND
        else respond.reason, may_attendees=may_attendees,
        may_invite=not event.is_cancelled and can(user, "diaries.change_event", event),
        rsvp_url=_url("rsvp", event), attendees_url=_url("attendees", event), invite_url=_url("invite", event))


def _event_crumbs(request, event, label):
    return crumbs(request, (event.diary.title, event.diary.get_absolute_url()),
                  (event.title, event.get_absolute_url()), (label, ""))


def _back(event, key):
    url = event.get_absolute_url()
    return (f"{url}?on={key}" if key else url) + "#people"


@workspace_view(VIEW)
def invite(request, pk):
    event = selectors.get_event(request.user, request.workspace, pk, perm="diaries.change_event")
    workspace = request.workspace
    form = InviteForm(request.POST or None, workspace=workspace)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = invites.invite(actor=request.user, event=event, users=form.cleaned_data["people"],
                                    teams=form.cleaned_data.get("teams") or [])
        except ValidationError as error:
            form.add_error(None, error.messages[0])
            status = 400
        else:
            _tell(request, result)
            return redirect(_url("invite", event))
    invitations = Invitation.objects.filter(event=event).select_related("user", "team").order_by(
        "user__display_name", "user__email", "id")
    page = paginate(request, invitations)
    return render(request, "diaries/invite.html", {
        "workspace": workspace, "event": event, "form": form, "page_obj": page,
        "cancelled": event.is_cancelled, "crumbs": _event_crumbs(request, event, "Invite"),
    }, status=status)


def _names(users, limit=5):
    names = [user.name for user in users[:limit]]
    more = len(users) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _tell(request, result):
    if result.added:
        count = len(result.added)
        messages.success(request, f"Invited {count} {'person' if count == 1 else 'people'}: "
                                  f"{_names(result.added)}. Each is sent the invitation by email.")
    if result.already:
        messages.info(request, f"Already invited: {_names(result.already)}.")
    if result.unseen:
        messages.warning(request, f"Not invited, because they cannot see this diary: {_names(result.unseen)}. "
                                  "Change who sees the diary first.")
    if not (result.added or result.already or result.unseen):
        messages.info(request, "Nobody to invite: the teams chosen have no members in this workspace.")


@workspace_view(VIEW)
def rsvp(request, pk):
    event = selectors.get_event(request.user, request.workspace, pk)
    key = occurrence_key(event, request.POST.get("on") if request.method == "POST" else request.GET.get("on"))
    if request.method != "POST":
        return _rsvp_page(request, event, key)
    decision = decide(request.user, "diaries.respond_event", event)
    form = RsvpForm(request.POST, event=event, occurrence=key)
    if not decision.allowed:
        if decision.reason == NOT_FOUND:
            raise Http404("Not found.")
        form.is_valid()
        form.add_error(None, decision.reason)
        return _rsvp_page(request, event, key, form=form, status=403)
    if "leave" in request.POST:
        try:
            invites.leave_waitlist(user=request.user, event=event)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "You have left the waitlist.")
        return redirect(_back(event, key))
    if not form.is_valid():
        return _rsvp_page(request, event, key, form=form, status=400)
    try:
        reply, position = invites.respond(user=request.user, event=event, answer=form.cleaned_data["answer"],
                                          occurrence=form.occurrence() if key else "")
    except ValidationError as error:
        for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
            form.add_error(field if field in form.fields else None, errors)
        return _rsvp_page(request, event, key, form=form, status=400)
    if position:
        messages.warning(request, f"The event is full: you are number {position} on the waitlist. If a place "
                                  "frees up, it is yours and you are told by email.")
    else:
        scope = " for this date" if reply.occurrence else ""
        messages.success(request, f"Your reply{scope} is saved: {Answer(reply.answer).label.lower()}.")
    return redirect(_back(event, key))


def _rsvp_page(request, event, key, form=None, status=200):
    return render(request, "diaries/rsvp.html", {
        "workspace": request.workspace, "event": event, "occurrence": key,
        "people": people_panel(request.user, event, key, form=form),
        "crumbs": _event_crumbs(request, event, "Reply"),
    }, status=status)


@workspace_view(VIEW)
def attendees(request, pk):
    event = selectors.get_event(request.user, request.workspace, pk, perm="diaries.attendees_event")
    key = occurrence_key(event, request.GET.get("on"))
    tab = request.GET.get("show", "yes")
    tab = tab if tab in dict(TABS) else "yes"
    if tab == "none":
        replied = effective(event, key).filter(user=OuterRef("user"))
        rows = Invitation.objects.filter(event=event).filter(~Exists(replied)).select_related("user").order_by(
            "user__display_name", "user__email", "id")
    elif tab == "waiting":
        rows = effective(event, key).filter(waiting_since__isnull=False).select_related("user").order_by(
            "waiting_since", "id")
    else:
        rows = effective(event, key).filter(answer=tab).select_related("user").order_by(
            "user__display_name", "user__email", "id")
        if tab == Answer.YES:
            rows = rows.filter(waiting_since__isnull=True)
    page = paginate(request, rows)
    numbers = counts(event, key)
    runs = can(request.user, "diaries.change_event", event)
    query = f"&on={key}" if key else ""
    return render(request, "diaries/attendees.html", {
        "workspace": event.workspace, "event": event, "occurrence": key, "page_obj": page, "tab": tab,
        "tabs": [(value, label, numbers[value], f"?show={value}{query}") for value, label in TABS
                 if runs or value in ("yes", "maybe")],
        "counts": numbers, "runs": runs, "extra_query": f"show={tab}{query}",
        "numbered": tab == "waiting", "first_number": page.start_index(),
        "crumbs": _event_crumbs(request, event, "Who is going"),
    })
