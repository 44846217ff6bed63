"""A workspace's activity as a private Atom feed, and the addresses that open it: made (shown
once), listed with their last use, revoked (workspaces.kit.feeds). The workspace's news feed
(every tool's published items, RSS and Atom), public and by a member's token, and the Feeds page
that lists every feed of the workspace."""

import hashlib

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, get_conditional_response, quote_etag
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import parse_http_date_safe
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from .. import registry
from ..activity import actor_name
from ..forms.feeds import FeedTokenForm
from ..kit import feeds
from ..kit.feeds import GRANTS, WORKSPACE_ACTIVITY, WORKSPACE_FEEDS, feed_link, feed_response, public_feed_view
from ..kit.views import confirmed
from ..models import FeedToken
from ..permissions.decorators import feed_view, workspace_view
from ..selectors.workspaces import recent_activity

FEED_ITEMS = 50


class ActivityFeed(Feed):
    """The activity of request.feed.workspace that request.feed.owner may see, newest first."""

    feed_type = Atom1Feed

    def __init__(self, request):
        self.request = request

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    @property
    def activity_page(self):
        return self.absolute(reverse("workspace_activity", args=[self.request.feed.workspace.slug]))

    def get_object(self, request, *args, **kwargs):
        return request.feed

    def title(self, feed):
        return f"{feed.workspace.name}: activity"

    def subtitle(self, feed):
        return f"What happens in {feed.workspace.name} on Engage, as {feed.owner.name} may see it."

    def link(self, feed):
        return self.activity_page

    def feed_url(self, feed):
        return self.absolute(self.request.path)

    def author_name(self, feed):
        return feed.workspace.name

    def items(self, feed):
        return recent_activity(feed.owner, feed.workspace, limit=FEED_ITEMS)[0]

    def item_title(self, activity):
        parts = (actor_name(activity), activity.summary or "made a change", activity.target_title)
        return " ".join(part for part in parts if part)

    def item_description(self, activity):
        return None

    def item_link(self, activity):
        return self.absolute(activity.target_url) if activity.target_url else self.activity_page

    def item_guid(self, activity):
        return f"{self.activity_page}#activity-{activity.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, activity):
        return actor_name(activity) or None

    def item_pubdate(self, activity):
        return activity.created_at

    def item_updateddate(self, activity):
        return activity.created_at


@feed_view(WORKSPACE_ACTIVITY)
def workspace_activity_feed(request):
    """The feed, with an ETag of its content (a reader polling an unchanged feed gets 304)."""
    response = ActivityFeed(request)(request)
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response.headers["ETag"] = etag
    last_modified = parse_http_date_safe(response.headers.get("Last-Modified", ""))
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


def _activity_url(workspace):
    return reverse("workspace_activity", args=[workspace.slug]) + "#feeds"


@workspace_view("workspaces.view_workspace")
@require_POST
def feed_token_create(request):
    """Make a private address and show it, this once (never stored, so not redirected to)."""
    if not request.user.is_authenticated:
        return redirect_to_login(_activity_url(request.workspace))
    workspace = request.workspace
    form = FeedTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["label"][0])
        return redirect(_activity_url(workspace))
    try:
        token, secret = feeds.feed_token_create(owner=request.user, scope=WORKSPACE_ACTIVITY, workspace=workspace,
                                                label=form.cleaned_data["label"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(_activity_url(workspace))
    response = render(request, "workspaces/feed_created.html", {
        "workspace": workspace, "token": token,
        "address": feeds.feed_address(request, WORKSPACE_ACTIVITY, workspace, secret),
    })
    add_never_cache_headers(response)  # the secret is on this page: no cache keeps it
    return response


@workspace_view("workspaces.view_workspace")
def feed_token_revoke(request, feed_id):
    """Its owner stops one of their addresses working (confirm, then POST)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    token = FeedToken.objects.filter(pk=feed_id, user=request.user.pk, workspace=request.workspace,
                                     scope=WORKSPACE_ACTIVITY.name, revoked_at__isnull=True).first()
    if token is None:
        raise Http404("No such feed address.")
    done, problem = confirmed(request, lambda: feeds.feed_token_revoke(actor=request.user, token=token))
    if done:
        messages.success(request, "Feed address revoked: it no longer works anywhere.")
        return redirect(_activity_url(request.workspace))
    return render(request, "workspaces/feed_revoke.html", {
        "workspace": request.workspace, "token": token, "problem": problem, "danger": True,
        "cancel_url": _activity_url(request.workspace),
    })


def feeds_context(request):
    """The activity page's section: the person's addresses and the form to make one."""
    if not request.user.is_authenticated:
        return {}
    return {"feed_tokens": list(feeds.feed_tokens(request.user, WORKSPACE_ACTIVITY, request.workspace)),
            "feed_form": FeedTokenForm()}


# --- The workspace's news feed and the Feeds page -----------------------------------------------

def _news_feed(request, format):
    workspace, reader = request.feed.workspace, request.feed.owner
    who = "anyone" if not reader.is_authenticated else reader.name
    return feed_response(
        request, format, title=f"{workspace.name}: news", link=reverse("workspace_feeds", args=[workspace.slug]),
        description=f"What {workspace.name} publishes on Engage (every tool's published items), as {who} may see it: "
                    "this feed shows only what its reader may see.",
        entries=feeds.workspace_entries(reader, workspace), since=workspace.created_at,
    )


@public_feed_view
def workspace_public_feed(request, format):
    """A public workspace's news feed, as anyone sees it."""
    return _news_feed(request, format)


@gzip_page
@feed_view(WORKSPACE_FEEDS)
def workspace_feed(request, format):
    """The news feed as the token's owner may see it."""
    return _news_feed(request, format)


def workspace_feed_links(request, workspace):
    """The workspace's own feed, then each enabled tool's (Tool.feed_links), public addresses or,
    when request.feed_secret is set, the person's private ones."""
    links = [feed_link(request, "Everything published in this workspace", "workspace_public_feed", "workspace_feed",
                       description="Every tool's published items, newest first.", workspace=workspace.slug)]
    for tool in registry.enabled_tools(workspace):
        if tool.feed_links:
            links.extend(tool.feed_links(request, workspace))
    return links


def _feeds_page(request, secret=None):
    """The page; with `secret` (just made), every feed's private address, this once."""
    workspace = request.workspace
    request.feed_secret = None
    public_links = workspace_feed_links(request, workspace)  # labels always; addresses if public
    request.feed_secret = secret
    private_links = workspace_feed_links(request, workspace) if secret else []
    live = list(feeds.feed_tokens(request.user, WORKSPACE_FEEDS, workspace)) if request.user.is_authenticated else []
    response = render(request, "workspaces/feeds.html", {
        "workspace": workspace, "public_links": public_links, "private_links": private_links,
        "live_tokens": live, "grants": GRANTS, "is_public": workspace.is_public,
    })
    if secret:
        add_never_cache_headers(response)  # the secret is on this page: no cache keeps it
    return response


@workspace_view("workspaces.view_workspace")
def workspace_feeds(request):
    """The Feeds page: the workspace's feeds; members make their private address here."""
    return _feeds_page(request)


@workspace_view("workspaces.view_workspace")
@require_POST
def workspace_feeds_key(request):
    """Make (or reset: the old one stops working) the person's private key to this workspace's news
    feeds, and show every private address this once."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("workspace_feeds", args=[request.workspace.slug]))
    secret = news_key_reset(request.user, request.workspace)
    return _feeds_page(request, secret)


def news_key_reset(user, workspace, label="News feeds"):
    """Revoke the person's live news-feed keys here and make a new one: its secret (shown once)."""
    for old in feeds.feed_tokens(user, WORKSPACE_FEEDS, workspace):
        feeds.feed_token_revoke(actor=user, token=old)
    _token, secret = feeds.feed_token_create(owner=user, scope=WORKSPACE_FEEDS, workspace=workspace, label=label)
    return secret


