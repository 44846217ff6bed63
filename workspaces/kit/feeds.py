"""Private feed addresses: per-person, per-scope secret tokens for feed readers and calendars
(Atom now, iCal next), which send no cookie, so the address itself is the credential.

    # the scope: what a token opens, the permission its owner must still hold, the feed's URL
    CALENDAR = FeedScope("diaries.calendar", perm="diaries.view_calendar", url_name="diaries:ical",
                         model="diaries.Calendar")

    # views.py: the feed (workspaces.permissions.decorators.feed_view; URL kwargs workspace, token)
    @feed_view(CALENDAR)
    def ical(request):
        calendar = request.feed.target          # request.feed: token, owner, workspace, target
        events = visible(request.feed.owner, calendar.events.all())   # only what the OWNER may see
        ...

    # A personal scope: the person's own feed across every workspace (no workspace in its URL,
    # whose only kwarg is `token`; permissions.decorators.personal_feed_view checks the token and
    # the account, and the view shows only the rows visible(owner, ...) gives, workspace by workspace)
    MINE = FeedScope("diaries.mine", perm="diaries.view_event", url_name="me:diaries:ical", personal=True)
    token, secret = feed_token_create(owner=request.user, scope=MINE)       # workspace None
    feed_address(request, MINE, None, secret); feed_tokens(request.user, MINE)

    # the page that makes one (POST), lists them and revokes them
    token, secret = feed_token_create(owner=request.user, scope=CALENDAR, workspace=ws, target=calendar,
                                      label="My phone")
    feed_address(request, CALENDAR, ws, secret)      # the full address, shown this once
    feed_tokens(request.user, CALENDAR, ws, target=calendar)    # live ones, with last_used_at
    feed_token_revoke(actor=request.user, token=token)

Rules (the why is in the README's "Feeds"):
- The secret is 256 random bits, shown once; only its SHA-256 is stored (models.feed_token).
- Every fetch is checked again as the owner: membership removed, role or team changed, licence
  lapsed, account deactivated, the tool switched off or the token revoked, and the address
  answers 404 at once, the same 404 as a token that never existed.
- Only the owner revokes their addresses (site admins too, in the Django admin). Managers do
  not see other people's: an address shows only what its owner may see now, so it gives
  nobody more than the owner could read and pass on; what a manager controls is that access.
- Creating and revoking are audited.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import register_converter, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.http import http_date, quote_etag
from django.views.decorators.gzip import gzip_page

from ..audit import audit
from ..models import FeedToken
from ..models.feed_token import digest_of, new_secret

__all__ = ["FEED_LIMIT", "GRANTS", "WORKSPACE_ACTIVITY", "WORKSPACE_FEEDS", "FeedEntry", "FeedLink", "FeedScope",
           "feed_address", "feed_link", "feed_response", "feed_token_create", "feed_token_revoke", "feed_tokens",
           "merged_entries", "personal_feed_view", "private_feed_view", "public_feed_view", "scope_named",
           "workspace_entries"]

MAX_LIVE = 20  # live addresses one person may hold for one scope


@dataclass(frozen=True)
class FeedScope:
    """What a feed token opens. `perm` is checked as the token's owner on every fetch, on the
    token's target (an object of `model`, "app_label.Model") or, for a scope with no model, on
    the workspace. `url_name` is the feed's URL, taking `workspace` and `token`."""

    name: str
    perm: str
    url_name: str
    model: str = ""
    noun: str = "feed"
    # The person's own scope across their workspaces: tokens with no workspace, a URL taking
    # `token` only (permissions.decorators.personal_feed_view); `perm` is then the view's to
    # check, row by row, with visible(owner, ...).
    personal: bool = False

    def __post_init__(self):
        SCOPES[self.name] = self  # the member's settings page reads them by name


SCOPES = {}  # name -> FeedScope, every scope declared so far


def scope_named(name):
    return SCOPES.get(name)


# The core's own: a workspace's activity stream, as an Atom feed.
WORKSPACE_ACTIVITY = FeedScope("workspace_activity", perm="workspaces.view_workspace",
                               url_name="workspace_activity_feed")

# A member's one key to a private workspace's news feeds: the workspace's (every tool's published
# items: Tool.feed_entries), and each blog's, tag's and author's (Tool.feed_links). It reads feeds
# and nothing else; the member's settings list, reset and revoke it.
WORKSPACE_FEEDS = FeedScope("workspace_feeds", perm="workspaces.view_workspace", url_name="workspace_feed",
                            noun="news feeds")


@dataclass(frozen=True)
class FeedEntry:
    """One published item in a feed (RSS 2.0 and Atom are made from these). `html`: its summary
    or text, already sanitised (the item's rendered Markdown); `key` unique and stable for the
    item ("blogs.post:42"), for the entry's id."""

    key: str
    title: str
    url: str  # the item's page, a path ("/w/x/blogs/news/42/")
    published: object  # aware datetime: when it became public (never in the future)
    updated: object = None  # last change, when it matters to readers
    html: str = ""
    author: str = ""
    categories: tuple = ()  # its tags
    enclosure: object = None  # (url, length, mime) of an image, when it has one


@dataclass(frozen=True)
class FeedLink:
    """A feed a tool offers, as the Feeds page lists it: "News (blog)" with its RSS and Atom
    addresses (absolute; private ones carry the reader's token and are shown only when made)."""

    label: str
    rss: str
    atom: str
    description: str = ""


def _target_fields(target):
    if target is None:
        return {"target_type": None, "target_id": None}
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


def _check_workspace(scope, workspace):
    if scope.personal != (workspace is None):
        raise ValueError(f"Feed scope {scope.name!r}: a personal scope takes no workspace, any other one does.")


def feed_tokens(user, scope, workspace=None, target=None):
    """The person's live addresses for this scope (newest first); a personal scope's have no
    workspace."""
    _check_workspace(scope, workspace)
    if not user.is_authenticated:
        return FeedToken.objects.none()
    place = {"workspace__isnull": True} if scope.personal else {"workspace": workspace}
    return FeedToken.objects.filter(user=user.pk, scope=scope.name, revoked_at__isnull=True, **place,
                                    **_target_fields(target))


@transaction.atomic
def feed_token_create(*, owner, scope, workspace=None, target=None, label=""):
    """A new private address for `owner`: returns (token, secret). The secret is not kept:
    show feed_address(...) to its owner now, and never again. Audited. A personal scope's
    token has no workspace (`workspace` None)."""
    if feed_tokens(owner, scope, workspace, target).count() >= MAX_LIVE:
        raise ValidationError(f"You have {MAX_LIVE} feed addresses here already. Revoke one you no longer use, "
                              "then make a new one.")
    secret = new_secret()
    token = FeedToken.objects.create(user=owner, workspace=workspace, scope=scope.name, label=label.strip()[:80],
                                     digest=digest_of(secret), **_target_fields(target))
    audit(actor=owner, action="feed_token.created", workspace=workspace, target=token,
          after={"scope": scope.name, "label": token.label})
    return token, secret


@transaction.atomic
def feed_token_revoke(*, actor, token):
    """Stop an address working, at once (the caller checked that `actor` owns it). Revoking
    it again changes nothing. Audited."""
    now = timezone.now()
    if FeedToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        token.revoked_at = now
        audit(actor=actor, action="feed_token.revoked", workspace=token.workspace, target=token,
              before={"scope": token.scope, "label": token.label, "owner": token.user_id})
    return token


def feed_address(request, scope, workspace, secret, **kwargs):
    """The full address of the feed, on the host the person is using (`kwargs`: the URL's others,
    e.g. format="rss"; `workspace` None for a personal scope)."""
    if scope.personal:
        return request.build_absolute_uri(reverse(scope.url_name, kwargs={"token": secret, **kwargs}))
    kwargs = {"workspace": workspace.slug, "token": secret, **kwargs}
    if scope.url_name == "workspace_feed":
        kwargs.setdefault("format", "atom")
    return request.build_absolute_uri(reverse(scope.url_name, kwargs=kwargs))


# --- Answering a feed (RSS 2.0 and Atom) from FeedEntry rows ----------------------------------
#
#     @public_feed_view                      # /w/<ws>/.../feed/<feedformat:format>/: public workspaces only
#     @feed_view(WORKSPACE_FEEDS)            # /w/<ws>/feeds/<token>/.../<feedformat:format>/: a member's
#     def blog_feed(request, format, blog):
#         reader = request.feed.owner        # AnonymousUser for a public feed, the token's owner otherwise
#         return feed_response(request, format, title=..., link=..., entries=[...])
#
# Both take GET and HEAD only; feed_response adds the ETag (of the content), Last-Modified (the
# newest VISIBLE entry, never "now") and answers 304 to a reader that has it already.

FEED_LIMIT = 50  # entries in a feed
PUBLIC_MAX_AGE = 300  # seconds a shared cache may keep a public feed
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)  # an empty feed's date when nothing better is known: never "now"
GRANTS = ("Reads this workspace's news feeds as you: what you can see, nothing else; it cannot sign in or "
          "change anything.")


class FeedFormatConverter:
    """`<feedformat:format>` in a feed's URL: "rss" (RSS 2.0) or "atom"."""

    regex = "rss|atom"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormatConverter, "feedformat")


class _Dated:
    """The feed's own date (RSS lastBuildDate, Atom updated): its newest entry's, given."""

    def __init__(self, *args, latest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._latest = latest

    def latest_post_date(self):
        return self._latest


class _Rss(_Dated, Rss201rev2Feed):
    pass


class _Atom(_Dated, Atom1Feed):
    pass


GENERATORS = {"rss": _Rss, "atom": _Atom}


def entry_date(entry):
    return max(entry.published, entry.updated) if entry.updated else entry.published


def merged_entries(lists, limit=FEED_LIMIT):
    """Several tools' entries as one feed's: newest first, `limit` of them."""
    entries = [entry for entries in lists for entry in entries]
    entries.sort(key=lambda entry: (entry.published, entry.key), reverse=True)
    return entries[:limit]


def workspace_entries(reader, workspace, limit=FEED_LIMIT):
    """The workspace's news feed: every enabled tool's published items `reader` may see."""
    from .. import registry

    return merged_entries((tool.feed_entries(reader, workspace, limit) for tool in registry.enabled_tools(workspace)
                           if tool.feed_entries), limit)


def entry_id(request, key):
    """A stable, unique id for an entry: its key on this site (a tag: URI), whatever its address."""
    host = request.get_host().rsplit(":", 1)[0] if not request.get_host().endswith("]") else request.get_host()
    return f"tag:{host},2026:{key}"


def feed_response(request, format, *, title, link, entries, description="", since=None):
    """The feed (`format` "rss" or "atom") of `entries` (FeedEntry, newest first), with links made
    absolute. Its date is the newest entry's (`since` for an empty feed: e.g. the workspace's
    creation; never now, or every fetch would look new). Conditional GET: 304 for a reader that
    sent the ETag or a date not older than the feed's."""
    if format not in GENERATORS:
        raise Http404("No such feed format.")
    latest = max((entry_date(entry) for entry in entries), default=since or EPOCH)
    self_url = request.build_absolute_uri(request.path)
    feed = GENERATORS[format](
        title=title, link=request.build_absolute_uri(link), feed_url=self_url, feed_guid=self_url,
        description=description or title, subtitle=description or title, language="en", latest=latest,
    )
    for entry in entries:
        enclosures = []
        if entry.enclosure:
            url, length, mime = entry.enclosure
            enclosures = [Enclosure(request.build_absolute_uri(url), str(length or 0), mime)]
        feed.add_item(
            title=entry.title, link=request.build_absolute_uri(entry.url), description=entry.html or "",
            unique_id=entry_id(request, entry.key), unique_id_is_permalink=False,
            pubdate=entry.published, updateddate=entry_date(entry), author_name=entry.author or None,
            categories=list(entry.categories) or None, enclosures=enclosures or None,
        )
    content = feed.writeString("utf-8").encode("utf-8")
    etag = quote_etag(hashlib.sha256(content).hexdigest()[:32])
    last_modified = int(latest.timestamp())
    response = HttpResponse(content, content_type=f"{feed.content_type}")
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    patch_vary_headers(response, ["Accept-Encoding"])
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


def _tool_is_on(request, workspace_slug):
    """A tool's feed with the tool switched off (or no such workspace) is gone, as the tool's pages
    are, whatever the method (an anonymous caller is asked to sign in, like on those pages)."""
    from ..models import Workspace
    from ..permissions.decorators import current_tool

    tool = current_tool(request)
    if tool is None:
        return
    found = Workspace.objects.filter(slug=workspace_slug).only("enabled_tools").first()
    if found is None or not found.tool_enabled(tool.slug):
        request.in_workspace_view = True
        raise Http404("This tool is not enabled in this workspace.")


def public_feed_view(view):
    """A public workspace's feed: shown as an anonymous visitor sees it, whoever asks and whatever
    cookie they send (a shared cache may keep it: `Cache-Control: public`). A workspace that is not
    public answers 404 (never a sign-in: a feed reader cannot sign in). GET and HEAD only; the view
    reads request.feed (owner: AnonymousUser). Gzipped when asked."""
    from ..permissions import can
    from ..permissions.access import load_access
    from ..permissions.decorators import FeedAccess

    @wraps(view)
    def wrapper(request, workspace, *args, **kwargs):
        _tool_is_on(request, workspace)
        anonymous = AnonymousUser()
        found = load_access(anonymous, workspace).workspace
        if not found.is_public or not can(anonymous, "workspaces.view_workspace", found):
            raise Http404("No such feed.")
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        request.feed = FeedAccess(token=None, owner=anonymous, workspace=found, target=found)
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    wrapped = gzip_page(wrapper)
    wrapped.engage_access = "public"
    return wrapped


def private_feed_view(scope):
    """permissions.decorators.feed_view(scope) for a tool's feed (gone with the tool, whatever the
    method), gzipped when asked."""
    from ..permissions.decorators import feed_view

    def decorator(view):
        inner = feed_view(scope)(view)

        @wraps(inner)
        def wrapper(request, workspace, token, *args, **kwargs):
            _tool_is_on(request, workspace)
            return inner(request, workspace, token, *args, **kwargs)

        return gzip_page(wrapper)

    return decorator


def personal_feed_view(scope):
    """permissions.decorators.personal_feed_view(scope) for a tool's personal feed (URL kwarg
    `token` only; Tool.personal_urls), gzipped when asked."""
    from ..permissions.decorators import personal_feed_view as checked

    def decorator(view):
        return gzip_page(checked(scope)(view))

    return decorator


def feed_link(request, label, public_name, private_name, description="", **kwargs):
    """A FeedLink for a feed with a public URL `public_name` and a private one `private_name` (both
    taking `format`, and `token` for the private one, plus `kwargs`): the private addresses when
    request.feed_secret is set (the page that just made the person's key), else the public ones."""
    secret = getattr(request, "feed_secret", None)

    def address(format):
        if secret:
            return request.build_absolute_uri(reverse(private_name, kwargs={**kwargs, "token": secret,
                                                                             "format": format}))
        return request.build_absolute_uri(reverse(public_name, kwargs={**kwargs, "format": format}))

    return FeedLink(label=label, rss=address("rss"), atom=address("atom"), description=description)
