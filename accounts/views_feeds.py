"""Your feed addresses (workspaces.kit.feeds): every live one, in every workspace and for every
feed (news feeds, activity, calendars), and your personal ones across all your workspaces (a
FeedScope with personal=True: no workspace), with what it grants, when it was made and last
used; revoke one, or reset it (revoke, and make a new one shown this once)."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from workspaces.kit import feeds
from workspaces.kit.views import confirmed
from workspaces.models import FeedToken
from workspaces.permissions import can
from workspaces.permissions.decorators import login_view

GRANTS = {
    feeds.WORKSPACE_FEEDS.name: feeds.GRANTS,
    feeds.WORKSPACE_ACTIVITY.name: "Reads this workspace's activity as you: what you can see, nothing else; it cannot "
                                   "sign in or change anything.",
}
OTHER_GRANTS = "Reads this feed as you: what you can see, nothing else; it cannot sign in or change anything."


PERSONAL_GRANTS = ("Reads this feed as you, across all your workspaces: what you can see in each now, nothing else; it "
                   "cannot sign in or change anything.")


def grants(token):
    if token.workspace_id is None:
        return PERSONAL_GRANTS
    return GRANTS.get(token.scope, OTHER_GRANTS)


def _live(user):
    return (FeedToken.objects.filter(user=user.pk, revoked_at__isnull=True).select_related("workspace")
            .order_by("workspace__name", "-created_at"))


def _own(request, feed_id):
    token = _live(request.user).filter(pk=feed_id).first()
    if token is None:
        raise Http404("No such feed address.")
    return token


@login_view
def feed_addresses(request):
    """The list (a person has a handful: no paging needed, but bounded by kit.feeds.MAX_LIVE per scope)."""
    tokens = [(token, grants(token)) for token in _live(request.user)]
    return render(request, "accounts/feed_addresses.html", {"tokens": tokens})


@login_view
def feed_address_revoke(request, feed_id):
    token = _own(request, feed_id)
    done, problem = confirmed(request, lambda: feeds.feed_token_revoke(actor=request.user, token=token))
    if done:
        messages.success(request, "Feed address revoked: it no longer works anywhere.")
        return redirect("feed_addresses")
    return render(request, "accounts/feed_address_revoke.html", {"token": token, "problem": problem, "danger": True,
                                                                  "cancel_url": reverse("feed_addresses")})


def _addresses(request, token, secret):
    """The new addresses, absolute: every news feed of the workspace for its news key, else the feed's one."""
    scope = feeds.scope_named(token.scope)
    if scope == feeds.WORKSPACE_FEEDS:
        from workspaces.views.feeds import workspace_feed_links

        request.feed_secret = secret
        return workspace_feed_links(request, token.workspace)
    address = feeds.feed_address(request, scope, token.workspace, secret)
    return [feeds.FeedLink(label=token.label or scope.noun.capitalize(), rss="", atom=address)]


@login_view
def feed_address_reset(request, feed_id):
    token = _own(request, feed_id)
    scope = feeds.scope_named(token.scope)
    problem = None
    if scope is None or (scope.personal != (token.workspace is None)):
        problem = "This feed no longer exists, so a new address would show nothing: revoke this one instead."
    elif not scope.personal and not can(request.user, "workspaces.view_workspace", token.workspace):
        problem = "You can no longer see this workspace, so a new address would show nothing: revoke this one instead."
    if request.method == "POST" and problem is None:
        made = []

        @transaction.atomic
        def reset():
            feeds.feed_token_revoke(actor=request.user, token=token)
            made.append(feeds.feed_token_create(owner=request.user, scope=scope, workspace=token.workspace,
                                                target=token.target if scope.model else None, label=token.label))

        done, problem = confirmed(request, reset)
        if done:
            new, secret = made[0]
            response = render(request, "accounts/feed_address_made.html", {
                "token": new, "grants": grants(new), "links": _addresses(request, new, secret)})
            add_never_cache_headers(response)  # the secret is on this page: no cache keeps it
            return response
    return render(request, "accounts/feed_address_reset.html", {"token": token, "problem": problem,
                                                                 "cancel_url": reverse("feed_addresses")})
