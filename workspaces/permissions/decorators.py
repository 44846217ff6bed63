"""View decorators: every URL is either `public_view` or `workspace_view(...)`/`login_view`.

The URL-walking test (tests/security) reads the markers these set, so a view with no
declaration fails the suite.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

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


def workspace_view(perm="workspaces.view_workspace", tool=None):
    """Resolve `<workspace>` from the URL with the user's membership (one query), check that
    the tool is enabled and that the user holds `perm` on the workspace, then call the view
    with request.workspace and request.access set. Object-level checks are the view's, via
    require()."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, workspace, *args, **kwargs):
            request.in_workspace_view = True
            access = load_access(request.user, workspace)
            request.workspace, request.access = access.workspace, access
            if tool is not None and not access.workspace.tool_enabled(tool):
                raise Http404("This tool is not enabled in this workspace.")
            require(request.user, perm, access.workspace)
            return view(request, *args, **kwargs)

        wrapper.engage_access = "workspace"
        wrapper.engage_perm = perm
        wrapper.engage_tool = tool
        return wrapper

    return decorator


class AnonymousToLoginMiddleware:
    """An anonymous visitor refused anything (403, or 404 on a private workspace) is asked to
    sign in instead: they may well be allowed once we know who they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (PermissionDenied, Http404)) and not request.user.is_authenticated:
            # Inside a workspace, "not found" and "not allowed" look the same to a visitor:
            # existence of a private workspace is not revealed.
            if getattr(request, "in_workspace_view", False) or isinstance(exception, PermissionDenied):
                return redirect_to_login(request.get_full_path())
        return None
