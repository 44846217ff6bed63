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

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..audit import audit
from ..models import FeedToken
from ..models.feed_token import digest_of, new_secret

__all__ = ["WORKSPACE_ACTIVITY", "WORKSPACE_FEEDS", "FeedEntry", "FeedLink", "FeedScope", "feed_address",
           "feed_token_create", "feed_token_revoke", "feed_tokens"]

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


def feed_tokens(user, scope, workspace, target=None):
    """The person's live addresses for this scope (newest first)."""
    if not user.is_authenticated:
        return FeedToken.objects.none()
    return FeedToken.objects.filter(user=user.pk, workspace=workspace, scope=scope.name, revoked_at__isnull=True,
                                    **_target_fields(target))


@transaction.atomic
def feed_token_create(*, owner, scope, workspace, target=None, label=""):
    """A new private address for `owner`: returns (token, secret). The secret is not kept:
    show feed_address(...) to its owner now, and never again. Audited."""
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


def feed_address(request, scope, workspace, secret):
    """The full address of the feed, on the host the person is using."""
    return request.build_absolute_uri(reverse(scope.url_name, kwargs={"workspace": workspace.slug, "token": secret}))
