"""A poll as a widget on the department's own website (the embed part): the poll in an iframe,
visitors' votes there, and the embed code for whoever runs the poll.

The widget shows only what an anonymous visitor may see (the poll is read as AnonymousUser():
live, embeddable, seen by anyone, in a public workspace — else "not found"), whoever's browser
it is: a manager's session reaching the frame does not show them the results early.

Voting in the frame. Django's CSRF check cannot work there: its cookie is SameSite=Lax, so a
browser never sends it inside another site's iframe, and every vote would be refused. So
embed_vote alone is exempt from it and checks instead, together:
- the visitor's signed cookie (SameSite=None; Secure; Partitioned: polls.visitors), the one
  credential a visitor's vote carries (a member signed in votes as themselves, if their session
  cookie reaches the frame at all: it usually does not, and nothing relies on it);
- a signed, short-lived token in the form, bound to that voter (polls.visitors.vote_token):
  a synchroniser token. Another site cannot read it from our cross-origin page, and a token it
  fetched for its own browser names that browser, not the victim's; so a forged POST fails.
  (What a forged vote could do at worst is cast a visitor's one unverified vote, counted apart.)
The vote is then one per browser (the cookie's key, unique in the database), a per-address
hourly limit stops bursts (visitors.too_fast), and it counts as unverified.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from workspaces.kit.embeds import allowed_origins, embeddable
from workspaces.kit.views import crumbs, with_item, workspace_view
from workspaces.permissions import can, decide

from . import selectors, services, visitors
from .forms import VoteForm
from .models import Results

NO_COOKIE = ("Your browser did not send back the cookie that lets you vote here, probably because it blocks "
             "cookies inside frames on other sites.")
TOKEN_EXPIRED = "This form was open too long, or came from elsewhere. Choose your answer again and vote."
TOO_FAST = "Too many votes came from your network just now. Please try again later."
FRAME_HEIGHT = 480  # the embed code's height without script (the frame scrolls); the script fits it


def widget_poll(request, pk):
    """The poll as the widget may show it: seen by an anonymous visitor, published, embeddable;
    else not found (a members-only poll too: its existence is not the visitor's to know)."""
    try:
        poll = selectors.get_poll(AnonymousUser(), request.workspace, pk)
    except PermissionDenied:
        raise Http404("Not found.") from None
    if not poll.is_live or not poll.embed:
        raise Http404("Not found.")
    return poll


def _voter_user(request):
    return request.user if request.user.is_authenticated else AnonymousUser()


def _context(request, poll, browser_id, *, form=None, problem="", no_cookie=False):
    user = _voter_user(request)
    voted = selectors.has_voted(poll, user=user, visitor_key=visitors.visitor_key(request))
    vote = decide(user, "polls.vote_poll", poll)
    # Results as a visitor sees them (the poll's setting), plus "once you have voted".
    results_shown = can(AnonymousUser(), "polls.results_poll", poll) or (voted and poll.results == Results.AFTER_VOTE)
    poll_url = request.build_absolute_uri(poll.get_absolute_url())
    needs_sign_in = not request.user.is_authenticated and poll.sign_in_required
    return {
        "workspace": request.workspace, "poll": poll, "voted": voted, "vote_decision": vote,
        "needs_sign_in": needs_sign_in,
        "form": form if form is not None else (VoteForm(poll=poll) if vote.allowed and not voted else None),
        "token": visitors.vote_token(poll, visitors.voter(request, browser_id)),
        "tally": selectors.results(poll) if results_shown else None,
        "results_note": "" if results_shown else _results_note(poll),
        "poll_url": poll_url, "problem": problem, "no_cookie": no_cookie,
        "thanks": request.GET.get("voted") == "1" and voted,
    }


def _results_note(poll):
    if poll.results == Results.AFTER_CLOSE:
        return "The results show when the poll closes."
    return "The results show once you have voted."


def _page(request, poll, browser_id, status=200, **extra):
    response = render(request, "polls/embed/poll.html", _context(request, poll, browser_id, **extra), status=status)
    return visitors.remember(request, response, browser_id)


@embeddable
@workspace_view("polls.view_poll")
def embed(request, pk):
    """The widget: the question, the vote form (or why not), the results when they show."""
    if request.method not in ("GET", "HEAD"):
        return render(request, "kit/embed_unavailable.html", {"status": 405}, status=405)
    poll = widget_poll(request, pk)
    browser_id, _ = visitors.browser(request)
    return _page(request, poll, browser_id)


@embeddable
@csrf_exempt  # see the module's docstring: the voter-bound token stands in for it
@workspace_view("polls.view_poll")
def embed_vote(request, pk):
    """A vote from the widget: back to the widget (its results, per the poll's setting)."""
    poll = widget_poll(request, pk)
    embed_url = reverse("polls:embed", kwargs={"workspace": request.workspace.slug, "pk": poll.pk})
    if request.method != "POST":
        return redirect(embed_url)
    user = _voter_user(request)
    browser_id, fresh = visitors.browser(request)
    decision = decide(user, "polls.vote_poll", poll)
    if not decision.allowed:
        return _page(request, poll, browser_id, status=403, problem=decision.reason)
    form = VoteForm(request.POST, poll=poll)
    if not user.is_authenticated and fresh:  # no cookie came back: blocked in this frame
        return _page(request, poll, browser_id, form=form, problem=NO_COOKIE, no_cookie=True)
    if not visitors.vote_token_valid(request.POST.get("token", ""), poll, visitors.voter(request, browser_id)):
        return _page(request, poll, browser_id, form=form, problem=TOKEN_EXPIRED)
    if not form.is_valid():
        return _page(request, poll, browser_id, form=form)
    if not user.is_authenticated and visitors.too_fast(request, poll):
        return _page(request, poll, browser_id, form=form, problem=TOO_FAST, status=429)
    try:
        services.vote(poll=poll, user=user if user.is_authenticated else None,
                      visitor_key="" if user.is_authenticated else visitors.visitor_key(request),
                      address_key=visitors.address_key(request), unverified=not request.access.is_member,
                      **form.service_kwargs())
    except ValidationError as exc:
        form.add_error("choices" if exc.code in ("tampered", "empty", "too_many", "no_other") else None, exc)
        return _page(request, poll, browser_id, form=form)
    return redirect(f"{embed_url}?voted=1")


# --- The embed code, for whoever runs the poll ------------------------------------------------


def embed_code_context(request, poll):
    """What "polls/partials/_embed_code.html" shows (the poll's page may include it for whoever
    runs the poll): the iframe and script to paste, the allowed sites, and why it would not
    show (a private workspace, a poll not embeddable, not seen by anyone, a draft)."""
    workspace = request.workspace
    src = request.build_absolute_uri(reverse("polls:embed", kwargs={"workspace": workspace.slug, "pk": poll.pk}))
    # The file's plain name, not the hashed one of a release: pasted on other sites, the code
    # must outlive deployments (WhiteNoise serves the plain name too).
    script = request.build_absolute_uri(f"{settings.STATIC_URL}js/engage-embed.js")
    blockers = []
    if not workspace.is_public:
        blockers.append("Widgets show only from public workspaces; this one is private.")
    if not poll.embed:
        blockers.append("This poll is not set to be embedded (change the poll to allow it).")
    if poll.view_access != "anyone":
        blockers.append("Only polls that anyone may see can be embedded.")
    if not poll.is_live:
        blockers.append("The poll is a draft: it shows once published.")
    return {
        "embed_poll": poll, "embed_src": src, "embed_script": script, "embed_height": FRAME_HEIGHT,
        "embed_origins": allowed_origins(workspace), "embed_blockers": blockers,
        "settings_url": reverse("workspace_settings", args=[workspace.slug]),
        "can_change_settings": can(request.user, "workspaces.change_workspace", workspace),
    }


@workspace_view("polls.view_poll")
@with_item(selectors.get_poll, "polls.change_poll")
def embed_code(request, poll):
    return render(request, "polls/embed/code.html", {
        "workspace": request.workspace, "poll": poll, **embed_code_context(request, poll),
        "crumbs": crumbs(request, (poll.question, poll.get_absolute_url()), ("Embed", "")),
    })
