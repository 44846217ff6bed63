"""A poll's page, voting (and changing a vote in a named poll) and, for whoever runs a named
poll, who chose what.

The page says, before anyone votes, what happens to the vote (anonymous: not linked, final;
named: seen by managers, changeable until it closes). A vote is a plain POST form (it works
without JavaScript); a refusal — closed, a tampered option, a second vote, too many answers,
none, too many votes from one network — comes back next to the form with what was chosen, and
nothing is half-saved (services.vote is one transaction). Visitors (a public workspace, a poll
anyone may see, sign-in not required: the policy says) vote with a signed cookie (visitors.py),
their votes counted apart as unverified."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from workspaces.kit.views import crumbs, with_item, workspace_view
from workspaces.lib.pagination import paginate
from workspaces.permissions import NOT_FOUND, can, decide

from . import selectors, services, visitors
from .actions import poll_actions
from .forms import VoteForm
from .models import Ballot, Results
from .policies import RESULTS_AFTER_VOTE

VIEW = "polls.view_poll"
TOO_FAST = "Too many votes from your network; try again later."


def may_see_results(request, poll, *, voted=None):
    """(allowed, reason): the policy's `results`, and for a visitor (not signed in) whose
    browser has voted, the poll's "after voting" setting honoured by their cookie."""
    decision = decide(request.user, "polls.results_poll", poll)
    if decision.allowed:
        return True, ""
    if (not request.user.is_authenticated and poll.results == Results.AFTER_VOTE
            and decision.reason == RESULTS_AFTER_VOTE):
        if voted is None:
            voted = selectors.has_voted(poll, visitor_key=visitors.visitor_key(request))
        if voted:
            return True, ""
    return False, decision.reason


def voting_context(request, poll, *, form=None):
    """What the vote form and the results need (the partials' context), for the poll's page."""
    key = "" if request.user.is_authenticated else visitors.visitor_key(request)
    voted = selectors.has_voted(poll, user=request.user, visitor_key=key)
    ballot = selectors.own_ballot(poll, request.user) if voted else None
    vote_decision = decide(request.user, "polls.vote_poll", poll)
    if form is None:
        initial = {}
        if ballot is not None:
            chosen = [str(choice.option_id) for choice in ballot.choices.all() if choice.option_id]
            initial = {"choices": chosen if poll.kind == "multiple" else (chosen[0] if chosen else None),
                       "other": ballot.other}
        form = VoteForm(poll=poll, initial=initial)
    shown, results_reason = may_see_results(request, poll, voted=voted)
    return {
        "poll": poll, "form": form, "voted": voted, "ballot": ballot,
        "action": poll.get_absolute_url() + "vote/",
        "may_vote": vote_decision.allowed, "vote_reason": "" if vote_decision.allowed else vote_decision.reason,
        "tally": selectors.results(poll) if shown else None, "results_reason": results_reason,
    }


def _page(request, poll, *, form=None, status=200):
    context = voting_context(request, poll, form=form)
    context.update(workspace=request.workspace, item=poll, actions=poll_actions(request.user, poll),
                   crumbs=crumbs(request, (poll.question, "")), vote_form=context["form"])
    context.pop("form")  # base.html would show its errors a second time, above the page
    if poll.embed and not poll.is_deleted and can(request.user, "polls.change_poll", poll):
        from .views_embed import embed_code_context  # the embeds part's: the code to paste, for those running it

        context.update(embed_code_context(request, poll))
    response = render(request, "polls/poll.html", context, status=status)
    if context["may_vote"] and not request.user.is_authenticated:
        visitors.remember(request, response)  # the browser's key, before it votes
    return response


@workspace_view(VIEW)
@with_item(selectors.get_poll)
def poll(request, poll):
    return _page(request, poll)


@workspace_view(VIEW)
@with_item(selectors.get_poll)
def vote(request, poll):
    """POST: one vote (or a named poll's changed vote). A GET goes back to the poll's page."""
    if request.method != "POST":
        return redirect(poll)
    form = VoteForm(request.POST, poll=poll)
    decision = decide(request.user, "polls.vote_poll", poll)
    if not decision.allowed:
        if decision.reason == NOT_FOUND:
            raise Http404("Not found.")
        form.is_valid()
        form.add_error(None, decision.reason)
        return _page(request, poll, form=form, status=403)
    if not form.is_valid():
        return _page(request, poll, form=form)
    member = request.access.is_member
    key = "" if request.user.is_authenticated else visitors.visitor_key(request)
    if not member and visitors.too_fast(request, poll):
        form.add_error(None, TOO_FAST)
        return _page(request, poll, form=form, status=429)
    changing = selectors.has_voted(poll, user=request.user, visitor_key=key)
    try:
        services.vote(poll=poll, user=request.user if request.user.is_authenticated else None, visitor_key=key,
                      address_key=visitors.address_key(request), unverified=not member, **form.service_kwargs())
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return _page(request, poll, form=form)
    messages.success(request, "Your vote is changed." if changing and not poll.anonymous else "Your vote is counted.")
    return redirect(poll.get_absolute_url() + f"#poll-{poll.pk}-results")


@workspace_view(VIEW)
@with_item(selectors.get_poll, "polls.change_poll")
def choices(request, poll):
    """A named poll's ballots, by voter: what each member chose (never for an anonymous poll,
    whose ballots name nobody)."""
    if poll.anonymous:
        raise Http404("An anonymous poll's votes are not linked to anyone.")
    labels = {option.pk: option.label for option in poll.options.all()}
    ballots = (Ballot.objects.filter(poll=poll, user__isnull=False).select_related("user")
               .prefetch_related("choices").order_by("user__display_name", "user__email", "id"))
    page = paginate(request, ballots)
    for ballot in page.object_list:
        ballot.chosen = [labels.get(choice.option_id, "") for choice in ballot.choices.all() if choice.option_id]
    return render(request, "polls/choices.html", {
        "workspace": request.workspace, "poll": poll, "page_obj": page,
        "unnamed": Ballot.objects.filter(poll=poll, user__isnull=True).count(),
        "may_participants": can(request.user, "polls.participants_poll", poll),
        "crumbs": crumbs(request, (poll.question, poll.get_absolute_url()), ("Who chose what", "")),
    })
