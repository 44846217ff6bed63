"""View decorators: every URL is `public_view`, `login_view`, `site_admin_view`,
`workspace_view(...)` or `organisation_view(...)`.

The URL-walking test (tests/security) reads the markers these set, so a view with no
declaration fails the suite.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render

from .. import registry
from . import require
from .access import load_access


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
    from ..licences import licence_problem

    organisation = access.workspace.organisation
    context = {"workspace": access.workspace, "organisation": organisation,
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
            return view(request, *args, **kwargs)

        wrapper.engage_access = "site_admin" if site_admins_only else "organisation"
        return wrapper

    return decorator


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
