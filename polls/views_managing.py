"""Managing polls: the list, adding one, its settings, publishing, closing now, deleting and
restoring (softly), who took part (names, never choices) and the vote times (CSV).

Every view: @workspace_view, then the poll through with_item(...) with the action the policy
decides (polls.policies). Changes are plain POST forms; nothing needs JavaScript."""

from copy import copy

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from workspaces import permissions
from workspaces.kit.keyset import first_page_url, keyset_page
from workspaces.kit.services import ChangedMeanwhile
from workspaces.kit.views import attempt, changed_form, confirmed, crumbs, tool_url, with_item, workspace_view
from workspaces.lib.exports import csv_response
from workspaces.lib.pagination import paginate

from . import exports, selectors, services, visitors
from .forms import PollForm
from .models import Participation, Poll, Status

VIEW = "polls.view_poll"
ADD = "polls.add_poll"
LIST_ORDER = ("created_at", "id")
PARTICIPANT_ORDER = ("created_at", "id")  # served by Participation's (poll, created_at) index
COUNT_CAP = 10_000
TABS = (("", "All"), ("open", "Open"), ("upcoming", "Upcoming"), ("closed", "Closed"))


def _url(poll, name):
    return reverse(f"polls:{name}", kwargs={"workspace": poll.workspace.slug, "pk": poll.pk})


def _crumbs(request, poll, *trail):
    return crumbs(request, (poll.question, poll.get_absolute_url()), *trail)


# --- The list ------------------------------------------------------------------------------------


def _filtered(queryset, tab, now):
    live = Q(status=Status.LIVE)
    opened = Q(opens_at__isnull=True) | Q(opens_at__lte=now)
    if tab == "open":
        return queryset.filter(live, opened, Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    if tab == "upcoming":
        return queryset.filter(live, opens_at__gt=now)
    if tab == "closed":
        return queryset.filter(live, closes_at__lte=now)
    return queryset


def voted_in(request, polls):
    """The ids of `polls` this person (or this browser) has voted in: one query."""
    ids = [poll.pk for poll in polls]
    if not ids:
        return set()
    if request.user.is_authenticated:
        found = Participation.objects.filter(poll__in=ids, user=request.user.pk)
    else:
        key = visitors.visitor_key(request)
        if not key:
            return set()
        found = Participation.objects.filter(poll__in=ids, visitor_key=key)
    return set(found.values_list("poll_id", flat=True))


@workspace_view(VIEW)
def index(request):
    user, workspace = request.user, request.workspace
    tab = request.GET.get("show", "")
    if tab not in dict(TABS):
        tab = ""
    now = timezone.now()
    found = _filtered(selectors.visible_polls(user, workspace), tab, now).defer("description", "description_html")
    page = keyset_page(request, found, LIST_ORDER, descending=True)
    if page is None:
        return redirect(first_page_url(request))
    voted = voted_in(request, page.object_list)
    for poll in page.object_list:
        poll.workspace = workspace  # for its URLs: no query per row
        poll.phrase_now = poll.window_phrase(now) if poll.is_live else "Draft: only you and managers see it"
        poll.open_now = poll.is_live and poll.is_open(now)
        poll.voted = poll.pk in voted
    base = reverse("polls:index", args=[workspace.slug])
    return render(request, "polls/index.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request), "tab": tab,
        "tabs": [(key, label, base + (f"?show={key}" if key else "")) for key, label in TABS],
        "may_add": permissions.can(user, ADD, workspace), "may_see_deleted": request.access.is_manager,
    })


@workspace_view(ADD)
def deleted(request):
    workspace = request.workspace
    found = permissions.visible(request.user, Poll.objects.all(), within=workspace).filter(
        is_deleted=True).select_related("deleted_by")
    page = paginate(request, found.order_by("-deleted_at", "-id"))
    for poll in page.object_list:
        poll.workspace = workspace
        poll.restore_url = _url(poll, "restore")
    return render(request, "polls/deleted.html", {
        "workspace": workspace, "page_obj": page, "crumbs": crumbs(request, ("Deleted polls", "")),
    })


# --- Adding, settings ----------------------------------------------------------------------------


@workspace_view(ADD)
def create(request):
    workspace = request.workspace
    form = PollForm(request.POST or None, workspace=workspace, initial={"view_access": "members"})
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        poll = attempt(form, lambda: services.poll_create(actor=request.user, workspace=workspace, **data))
        if poll is not None:
            messages.success(request, f"Poll “{poll.question}” added as a draft. Check it, then publish it.")
            return redirect(poll)
    return render(request, "polls/form.html", {
        "workspace": workspace, "form": form, "cancel_url": tool_url(request),
        "crumbs": crumbs(request, ("New poll", "")),
    })


@workspace_view(ADD)
@with_item(selectors.get_poll, "polls.change_poll")
def edit(request, poll):
    workspace = request.workspace

    def make_form(data=None, current=None, **kwargs):
        return PollForm(data, instance=copy(current or poll), workspace=workspace, **kwargs)

    form = make_form(request.POST or None)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            saved = attempt(form, lambda: services.poll_update(actor=request.user, poll=poll, **data))
        except ChangedMeanwhile as exc:
            changed, saved = exc, None
            form = changed_form(request, exc, make_form, what="the poll's settings")
        if saved is not None:
            messages.success(request, f"Poll “{saved.question}” saved.")
            return redirect(saved)
    return render(request, "polls/form.html", {
        "workspace": workspace, "form": form, "poll": poll, "changed": changed,
        "voted": Participation.objects.filter(poll=poll).exists(),
        "cancel_url": poll.get_absolute_url(), "crumbs": _crumbs(request, poll, ("Edit", "")),
    })


# --- Publishing, closing, deleting, restoring ------------------------------------------------------


def _confirm(request, poll, *, heading, question, confirm, act, done_message, cancel_url, trail, done_url,
             danger=False):
    done, problem = confirmed(request, act)
    if done:
        messages.success(request, done_message)
        return redirect(done_url)
    return render(request, "polls/confirm.html", {
        "workspace": request.workspace, "poll": poll, "danger": danger, "cancel_url": cancel_url,
        "problem": problem, "heading": heading, "question": question, "confirm": confirm, "crumbs": trail,
    })


@workspace_view(ADD)
@with_item(selectors.get_poll, "polls.publish_poll")
def publish(request, poll):
    if poll.is_live:
        messages.info(request, f"“{poll.question}” is already published.")
        return redirect(poll)
    phrase = poll.window_phrase() or "It opens for votes at once and stays open until you close it"
    return _confirm(
        request, poll, heading=f"Publish the poll “{poll.question}”?",
        question=f"Everyone who can see it will find it in the list, and its followers are told. {phrase}.",
        confirm="Publish the poll", act=lambda: services.poll_publish(actor=request.user, poll=poll),
        done_message=f"Poll “{poll.question}” published.", cancel_url=poll.get_absolute_url(),
        trail=_crumbs(request, poll, ("Publish", "")), done_url=poll.get_absolute_url())


@workspace_view(ADD)
@with_item(selectors.get_poll, "polls.change_poll")
def close(request, poll):
    return _confirm(
        request, poll, heading=f"Close the poll “{poll.question}” now?",
        question="It stops taking votes at once; the votes already cast are kept and the results stay.",
        confirm="Close the poll", act=lambda: services.poll_close(actor=request.user, poll=poll),
        done_message=f"Poll “{poll.question}” closed.", cancel_url=poll.get_absolute_url(),
        trail=_crumbs(request, poll, ("Close", "")), done_url=poll.get_absolute_url(), danger=True)


@workspace_view(ADD)
@with_item(selectors.get_poll, "polls.delete_poll")
def delete(request, poll):
    return _confirm(
        request, poll, heading=f"Delete the poll “{poll.question}”?",
        question="It disappears from the list and stops taking votes. Its votes are kept; managers can restore it "
                 "from the deleted polls.",
        confirm="Delete the poll", act=lambda: services.poll_delete(actor=request.user, poll=poll),
        done_message=f"Poll “{poll.question}” deleted. Managers can restore it from “Deleted polls”.",
        cancel_url=poll.get_absolute_url(), trail=_crumbs(request, poll, ("Delete", "")),
        done_url=tool_url(request), danger=True)


@workspace_view(ADD)
@with_item(selectors.get_poll, "polls.delete_poll", deleted="show")
def restore(request, poll):
    if not poll.is_deleted:
        messages.info(request, f"“{poll.question}” is not deleted.")
        return redirect(poll)
    return _confirm(
        request, poll, heading=f"Restore the poll “{poll.question}”?",
        question="It comes back as it was when deleted, with its votes.", confirm="Restore the poll",
        act=lambda: services.poll_restore(actor=request.user, poll=poll),
        done_message=f"Poll “{poll.question}” restored.", cancel_url=tool_url(request, "deleted"),
        trail=crumbs(request, ("Deleted polls", tool_url(request, "deleted")), (poll.question, "")),
        done_url=poll.get_absolute_url())


# --- Who took part, the vote times ----------------------------------------------------------------


@workspace_view(VIEW)
@with_item(selectors.get_poll, "polls.participants_poll")
def participants(request, poll):
    """Who took part: members by name (never what they chose), visitors as a number."""
    # In the order they voted, by keyset pages on the participations' (poll, created_at) index:
    # 200,000 voters sorted by name, and OFFSET pages, would cost more the more voted. Counts stop
    # at COUNT_CAP ("more than 10,000").
    members = Participation.objects.filter(poll=poll, user__isnull=False).select_related("user")
    page = keyset_page(request, members, PARTICIPANT_ORDER, count_cap=COUNT_CAP)
    if page is None:
        return redirect(first_page_url(request))
    visitors_count = Participation.objects.filter(poll=poll, user__isnull=True).order_by()[:COUNT_CAP + 1].count()
    return render(request, "polls/participants.html", {
        "workspace": request.workspace, "poll": poll, "page_obj": page, "visitors": min(visitors_count, COUNT_CAP),
        "visitors_more": visitors_count > COUNT_CAP, "count_cap": COUNT_CAP,
        "crumbs": _crumbs(request, poll, ("Who took part", "")),
    })


@workspace_view(VIEW)
@with_item(selectors.get_poll, "polls.export_poll")
def export(request, poll):
    """The vote times as CSV, streamed: when each vote came, verified or not, a short prefix of
    the address's key (a burst from one network shows); never what anyone chose."""
    services.export_audited(actor=request.user, poll=poll)
    return csv_response(exports.vote_times(poll), filename=f"poll-{poll.pk}-vote-times.csv")
