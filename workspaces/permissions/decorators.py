"""View decorators: every URL is `public_view`, `login_view`, `site_admin_view`,
`workspace_view(...)`, `organisation_view(...)`, `feed_view(...)` or `personal_feed_view(...)`.

The URL-walking test (tests/security) reads the markers these set, so a view with no
declaration fails the suite.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .. import registry
from ..models.feed_token import FeedToken, digest_of
from . import can, require
from .access import load_access, note_organisation_admin


def public_view(view):
    """Anyone may call this view (it does its own checks, if any)."""
    view.engage_access = "public"
    return view


def login_view(view):
    """Any signed-in person; anonymous people are sent to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.engage_access = "login"
    return wrapper


def site_admin_view(view):
    """Site admins only (others get 404: the page's existence is not theirs to know)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_site_admin:
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.engage_access = "site_admin"
    return wrapper


def workspace_view(perm="workspaces.view_workspace"):
    """Resolve `<workspace>` from the URL with the user's membership (one query), check that
    the tool the URL belongs to (its namespace, /w/<workspace>/<tool>/...) is enabled there and
    that the user holds `perm` on the workspace, then call the view with request.workspace and
    request.access set. Object-level checks are the view's, via require() (or the kit's
    with_item)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, workspace, *args, **kwargs):
            request.in_workspace_view = True
            access = load_access(request.user, workspace)
            request.workspace, request.access = access.workspace, access
            tool = current_tool(request)
            if tool is not None and not access.workspace.tool_enabled(tool.slug):
                raise Http404("This tool is not enabled in this workspace.")
            try:
                require(request.user, perm, access.workspace)
            except (Http404, PermissionDenied):
                if access.licence_lapsed:
                    return licence_lapsed_response(request, access)
                raise
            return view(request, *args, **kwargs)

        wrapper.engage_access = "workspace"
        wrapper.engage_perm = perm
        return wrapper

    return decorator


def current_tool(request):
    """The registered tool whose URL tree this request is in, or None (a core page)."""
    match = getattr(request, "resolver_match", None)
    namespace = match.namespaces[0] if match is not None and match.namespaces else ""
    return registry.get(namespace) if namespace else None


def licence_lapsed_response(request, access):
    """Instead of "not found": why a member cannot get in, and whom to ask (403)."""
    from ..kit.drafts import posted_text
    from ..licences import licence_problem

    organisation = access.workspace.organisation
    context = {"workspace": access.workspace, "organisation": organisation, "posted": posted_text(request),
               **licence_problem(request.user, organisation)}
    # Not the workspace's page: keep its navigation out of the header.
    request.workspace = request.access = None
    return render(request, "workspaces/licence_lapsed.html", context, status=403)


def organisation_view(site_admins_only=False):
    """Resolve `<organisation>` (a slug) from the URL; let in its organisation admins (and
    site admins), or only site admins. Everyone else gets 404; anonymous people sign in.
    Sets request.organisation and request.is_org_admin."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, organisation, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            from ..models import Organisation, OrganisationMembership

            admins = OrganisationMembership.objects.filter(organisation=OuterRef("pk"), user=user.pk, is_admin=True)
            found = Organisation.objects.annotate(_is_admin=Exists(admins)).filter(slug=organisation).first()
            if found is None:
                raise Http404("No such organisation.")
            if not (user.is_site_admin or (found._is_admin and not site_admins_only)):
                raise Http404("No such organisation.")
            request.organisation, request.is_org_admin = found, found._is_admin
            note_organisation_admin(user, found, found._is_admin)  # for the people rule (people.py)
            return view(request, *args, **kwargs)

        wrapper.engage_access = "site_admin" if site_admins_only else "organisation"
        return wrapper

    return decorator


# --- Feeds (kit) ------------------------------------------------------------------------------

FEED_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")
LAST_USE_PRECISION = timedelta(minutes=5)  # "last used" is written at most this often per address


@dataclass
class FeedAccess:
    """What a feed request may show: what `owner` may see of `target` (the workspace, or the
    scope's object) in `workspace`, through `token`."""

    token: FeedToken
    owner: object
    workspace: object
    target: object


def feed_view(scope):
    """A feed (Atom, iCal) fetched by a feed reader, which sends no cookie: the `<token>` in the
    URL (with `<workspace>`) is the credential, whoever calls it. Each request is checked again
    as the token's owner through the permission layer: `scope.perm` on the target, with their
    membership, role, licence and account as they are now, and the tool still enabled. A
    malformed, unknown, revoked or no longer permitted token gets the same 404 for everyone (no
    sign-in redirect: a feed reader cannot sign in). Only GET and HEAD; the view reads
    request.feed (a FeedAccess) and must show only what request.feed.owner may see. Responses
    are private to caches and not to be indexed."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, workspace, token, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            request.feed = resolve_feed(request, scope, workspace, token)
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
            return response

        wrapper.engage_access = "feed"
        wrapper.engage_feed_scope = scope.name
        return wrapper

    return decorator


def resolve_feed(request, scope, workspace_slug, secret):
    """The FeedAccess a token gives now, or Http404. The token is found by the digest of the
    secret (an indexed, unique column), so no secret is ever compared in our code."""
    if not FEED_TOKEN_SHAPE.fullmatch(secret or ""):
        raise Http404("No such feed.")
    token = (FeedToken.objects.select_related("user")
             .filter(digest=digest_of(secret), scope=scope.name, revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        raise Http404("No such feed.")
    owner = token.user
    access = load_access(owner, workspace_slug)  # the owner's standing now, licence included
    if access.workspace.pk != token.workspace_id:
        raise Http404("No such feed.")
    tool = current_tool(request)
    if tool is not None and not access.workspace.tool_enabled(tool.slug):
        raise Http404("No such feed.")
    target = token.target if scope.model else access.workspace
    if target is None or not can(owner, scope.perm, target):
        raise Http404("No such feed.")
    now = timezone.now()
    FeedToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USE_PRECISION)).update(last_used_at=now)
    return FeedAccess(token=token, owner=owner, workspace=access.workspace, target=target)


def personal_feed_view(scope):
    """A person's own feed across their workspaces (a kit.feeds.FeedScope with personal=True),
    fetched by a calendar or feed reader with no cookie: the URL's only kwarg is `<token>`, the
    credential. The token must be live, of this scope, with no workspace, and its owner's
    account active; anything else (malformed, unknown, revoked, deactivated) gets the same 404
    for everyone. There is no workspace to check here: the view shows only the rows that
    visible(request.feed.owner, ...) gives now (membership, item access, licence), so losing
    access to a workspace empties the feed of it at once. Only GET and HEAD; private to
    caches, not indexed."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, token, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            request.feed = resolve_personal_feed(scope, token)
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
            return response

        wrapper.engage_access = "feed"
        wrapper.engage_feed_scope = scope.name
        return wrapper

    return decorator


def resolve_personal_feed(scope, secret):
    """The FeedAccess a personal token gives now (workspace and target None), or Http404."""
    if not scope.personal or not FEED_TOKEN_SHAPE.fullmatch(secret or ""):
        raise Http404("No such feed.")
    token = (FeedToken.objects.select_related("user")
             .filter(digest=digest_of(secret), scope=scope.name, workspace__isnull=True, revoked_at__isnull=True)
             .first())
    if token is None or not token.user.is_active:
        raise Http404("No such feed.")
    now = timezone.now()
    FeedToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USE_PRECISION)).update(last_used_at=now)
    return FeedAccess(token=token, owner=token.user, workspace=None, target=None)


class AnonymousToLoginMiddleware:
    """An anonymous visitor refused anything (403, or 404 on a private workspace) is asked to
    sign in instead: they may well be allowed once we know who they are. What they posted to an
    editor (a view marked kit.drafts.keeps_text) is kept for them to find there afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (PermissionDenied, Http404)) and not request.user.is_authenticated:
            # Inside a workspace, "not found" and "not allowed" look the same to a visitor:
            # existence of a private workspace is not revealed.
            if getattr(request, "in_workspace_view", False) or isinstance(exception, PermissionDenied):
                # A Save pressed after the session expired: an editor's text is kept and comes
                # back in the form after signing in (workspaces.kit.drafts).
                from ..kit.drafts import SIGNED_OUT, kept_response

                return kept_response(request, reason=SIGNED_OUT) or redirect_to_login(request.get_full_path())
        return None
